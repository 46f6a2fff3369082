"""What an authority's steps must look like (issue 23): a non-empty list ending with its
only decision, the agency head's signature of the proposal (if any) first and of the
agency's own body; each step an action, a body (or null: the requesting agency's own) and
the kinds of position that may take it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS = ("propose", "appraise", "party_opinion", "decide")
# As the chain's steps name them (approvals.models.ChainStep.Action): the same msgids.
ACTION_LABELS = {
    "propose": gettext_lazy("Ký Tờ trình"),
    "appraise": gettext_lazy("Thẩm định"),
    "party_opinion": gettext_lazy("Ý kiến bằng văn bản của Ban Thường vụ Tỉnh ủy"),
    "decide": gettext_lazy("Quyết định"),
}


def _step_error(step, kinds, bodies) -> str | None:
    if not isinstance(step, dict) or set(step) - {"action", "body", "positions"}:
        return _("Mỗi bước gồm “action”, “body” và “positions”.")
    if step.get("action") not in ACTIONS:
        return _(
            "Việc “%(action)s” không hợp lệ: chỉ nhận propose, appraise, party_opinion, decide."
        ) % {"action": step.get("action")}
    positions = step.get("positions")
    if not isinstance(positions, list) or not positions or set(map(str, positions)) - kinds:
        return _("Chức vụ được xử lý bước phải là một hoặc nhiều trong: %(kinds)s.") % {
            "kinds": ", ".join(sorted(kinds))
        }
    body = step.get("body")
    if body is not None and (not isinstance(body, int) or isinstance(body, bool)):
        return _("Cơ quan của bước phải là mã số cơ quan hoặc để trống.")
    if body is not None and body not in bodies:
        return _("Không có cơ quan ban hành mã số %(id)s.") % {"id": body}
    if step["action"] == "propose" and body is not None:
        return _("Tờ trình do cơ quan đề nghị ký: bước propose để trống cơ quan.")
    return None


def step_errors(steps) -> list[str]:
    """The messages, in Vietnamese, of everything wrong with `steps` (empty: valid)."""
    from authority.models import Body, Position

    if not isinstance(steps, list) or not steps:
        return [_("Thẩm quyền phải có ít nhất một bước.")]
    kinds = set(Position.Kind.values)
    asked = {s.get("body") for s in steps if isinstance(s, dict)} - {None}
    bodies = set(
        Body.objects.filter(pk__in=[b for b in asked if isinstance(b, int)]).values_list(
            "pk", flat=True
        )
    )
    errors = [
        _("Bước %(n)s: %(error)s") % {"n": n, "error": error}
        for n, step in enumerate(steps, start=1)
        if (error := _step_error(step, kinds, bodies))
    ]
    actions = [s.get("action") for s in steps if isinstance(s, dict)]
    if actions.count("decide") != 1 or actions[-1] != "decide":
        errors.append(_("Thẩm quyền phải có đúng một bước quyết định (decide), là bước cuối."))
    if "propose" in actions and (actions.count("propose") != 1 or actions[0] != "propose"):
        errors.append(_("Bước ký Tờ trình (propose), nếu có, chỉ có một và là bước đầu tiên."))
    return errors


def require_valid_steps(steps) -> None:
    errors = step_errors(steps)
    if errors:
        raise ValidationError({"steps": errors})
