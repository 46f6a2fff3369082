"""One workflow core: status changes, history and "what may this user do here", written once.

An app declares a `TransitionTable` of `Action`s for its model and registers it; its
services call `transition(...)` inside their transaction, and its views, templates and API
ask `actions_for(user, obj)`. Adding a status and the actions that reach it is an edit of
the table (and of the model's `Status` choices), not of the templates.
"""

from core.workflow.history import WorkflowHistory
from core.workflow.relation import (
    ADMIN,
    AUTHOR,
    CUSTODIAN,
    NOBODY,
    REVIEWER,
    Relation,
    is_involved,
    keeper,
    relation_of,
    staff_of,
)
from core.workflow.table import Action, TransitionTable, register, table_for
from core.workflow.transition import (
    actions_for,
    allowed_action,
    may,
    memo,
    one_relation_per_request,
    record_created,
    relation_for,
    require_may,
    require_move,
    transition,
)

__all__ = [
    "ADMIN",
    "AUTHOR",
    "CUSTODIAN",
    "NOBODY",
    "REVIEWER",
    "Action",
    "Relation",
    "TransitionTable",
    "WorkflowHistory",
    "actions_for",
    "allowed_action",
    "is_involved",
    "keeper",
    "may",
    "memo",
    "one_relation_per_request",
    "record_created",
    "register",
    "relation_for",
    "relation_of",
    "require_may",
    "require_move",
    "staff_of",
    "table_for",
    "transition",
]
