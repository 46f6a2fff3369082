"""A transition table: the statuses of a model, the actions that move between them, and who
may take each one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from core.errors import ReasonRequired, TransitionNotAllowed
from core.workflow.relation import Relation


@dataclass(frozen=True)
class Action:
    """One move. `sources`: the statuses it may be taken from. `target`: the status it leads
    to (None: an action that changes no status, e.g. starting a report). `allowed`: who may
    take it, a predicate on the user's `Relation` to the object. `when`: a further condition
    on the object. `confirm`: the browser asks before sending it. `needs_reason`: a non-empty
    reason is required. `text`: the name of its text field ("reason", "note" or "")."""

    name: str
    label: str
    sources: frozenset
    target: str | None
    allowed: Callable[[Relation], bool]
    confirm: bool = False
    needs_reason: bool = False
    text: str = ""
    text_label: str = ""
    style: str = "outline-secondary"
    when: Callable[[object], bool] | None = None
    url_name: str = ""
    text_id: str = ""
    # False: offered (actions_for answers for it) but taken inside a page's own form, e.g.
    # submitting a report from its edit form; the action lists leave it out.
    listed: bool = True
    # The action's segment in its URL when it differs from its name (e.g. "giao").
    slug: str = ""
    # The service that takes it, "app.module.function" (imported when first used: a table
    # is imported by the services it names). The generic browser view and the API mixin
    # (core.workflow.dispatch) call it with the object, the actor, `params` (fixed keywords,
    # as pairs) and the fields their form or serializer validated: a field added there
    # reaches the service as a keyword.
    service: str = ""
    params: tuple = ()
    # The browser's form for the action's fields ("app.forms.Class"); without one, the
    # action's `text` field is read from the POST.
    form: str = ""
    # What the browser shows once it is done: a message, and where it goes (a URL name
    # reversed with the service's result's pk; else the table's `detail_url` of the object).
    done: str = ""
    done_url: str = ""
    # A page of its own (`url_name`), offered as a link rather than a form.
    link: bool = False
    # The action signs a document with the actor's own key: its form asks for the signing PIN.
    signs: bool = False

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        if self.needs_reason and not self.text:
            object.__setattr__(self, "text", "reason")

    @property
    def input_id(self) -> str:
        return self.text_id or f"{self.name}-{self.text}"

    def applies_to(self, obj) -> bool:
        return obj.status in self.sources and (self.when is None or self.when(obj))


@dataclass
class TransitionTable:
    """`history`: the history model (a `WorkflowHistory`). `relation`: (user, obj) →
    `Relation`. `notify`: (obj, history_row) → None, called inside the transaction (queue
    emails with on_commit). `not_allowed` / `reason_required`: the app's exception classes.
    `url_name`: the view that takes an action, reversed with (obj.pk, action.name)."""

    statuses: type
    actions: list[Action]
    history: type
    relation: Callable
    notify: Callable | None = None
    not_allowed: type = TransitionNotAllowed
    reason_required: type = ReasonRequired
    url_name: str = ""
    extra_labels: dict = field(default_factory=dict)
    # The URL arguments of an object (before the action's name): its pk unless it is
    # reached through another object (a report through its trip).
    url_args: Callable = lambda obj: [obj.pk]
    # The services' keyword for the object ("trip"), and the page an action returns to.
    subject: str = ""
    detail_url: Callable | None = None
    # What the relation depends on besides the user and the object's identity: a relation
    # worked out in this state is reused for the rest of the request (relation_for).
    state: Callable = lambda obj: obj.status
    # Prefetched relations the app's services keep current on the object through a move (a
    # trip's chain steps, approvals.chain): `transition()` keeps them for the move's notices
    # and observers, and forgets them when it returns.
    kept_on_move: tuple[str, ...] = ()

    def action(self, name: str) -> Action | None:
        return next((a for a in self.actions if a.name == name), None)

    def dispatched(self, segment: str) -> Action | None:
        """The action a URL segment (its slug, else its name) names, if a service takes it."""
        return next((a for a in self.actions if a.service and (a.slug or a.name) == segment), None)

    def moves(self) -> dict[str, set[str]]:
        """{status: {statuses reachable from it}}: the classic transitions table."""
        result = {status: set() for status in self.status_values()}
        for action in self.actions:
            if action.target is None:
                continue
            for source in action.sources:
                result.setdefault(source, set()).add(action.target)
        return result

    def allows(self, from_status, to_status) -> bool:
        return to_status in self.moves().get(from_status, set())

    def status_values(self) -> list[str]:
        return [*self.statuses.values, *self.extra_labels]

    def status_label(self, value) -> str:
        if value in self.extra_labels:
            return self.extra_labels[value]
        try:
            return self.statuses(value).label
        except ValueError:
            return value

    def extended(self, *, statuses: dict | None = None, actions: Iterable[Action] = ()):
        """A copy with more statuses ({value: label}) and actions (replacing any of the same
        name): how a test or a later step adds to a workflow without editing the base."""
        names = {a.name for a in actions}
        return replace(
            self,
            actions=[a for a in self.actions if a.name not in names] + list(actions),
            extra_labels={**self.extra_labels, **(statuses or {})},
        )


_TABLES: dict[type, TransitionTable] = {}


def register(model: type, table: TransitionTable) -> TransitionTable:
    _TABLES[model] = table
    return table


def table_for(model_or_obj) -> TransitionTable:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _TABLES[model]
