"""The transition table of a passport in custody (Law 49/2019): handed out for an approved
trip and taken back, reported lost, cancelled; expired by the daily sweep. `CustodyEvent` is
its log; action names are the log's `Action` values, `slug` the URL's Vietnamese segment."""

from django.utils.translation import gettext_lazy as _

from core.workflow import NOBODY, Action, TransitionTable, register, relation_of
from passports.exceptions import CustodyError, PassportTransitionNotAllowed
from passports.models import CustodyEvent, Passport

S, A = Passport.Status, CustodyEvent.Action


def passport_relation(user, passport):
    # Passports belong to the custodians' register, not to an agency's authors.
    return relation_of(user, agency_id=None)


def KEEPER(rel):
    """Custodians, and the administrator who stands in for them."""
    return rel.custodian or rel.admin


class ReasonRequired(CustodyError):
    def __init__(self):
        super().__init__(_("Phải nêu lý do."))


PASSPORT_WORKFLOW = register(
    Passport,
    TransitionTable(
        statuses=S,
        history=CustodyEvent,
        relation=passport_relation,
        not_allowed=PassportTransitionNotAllowed,
        reason_required=ReasonRequired,
        url_name="passports:action",
        actions=[
            Action(A.HANDED_OUT, _("Giao hộ chiếu"), {S.IN_CUSTODY}, S.HANDED_OUT, KEEPER,
                   slug="giao", style="danger"),
            Action(A.RETURNED, _("Nhận lại hộ chiếu"), {S.HANDED_OUT}, S.IN_CUSTODY, KEEPER,
                   slug="nhan-lai", style="success"),
            Action(A.REPORTED_LOST, _("Báo mất"), {S.IN_CUSTODY, S.HANDED_OUT, S.EXPIRED},
                   S.LOST, KEEPER, slug="bao-mat", confirm=True, style="outline-danger"),
            Action(A.CANCELLED, _("Hủy hộ chiếu"), {S.IN_CUSTODY, S.EXPIRED}, S.CANCELLED,
                   KEEPER, slug="huy", confirm=True, needs_reason=True, text="note"),
            Action(A.EXPIRED, _("Hết hạn"), {S.IN_CUSTODY}, S.EXPIRED, NOBODY),
            # A holder who left the service (Law 49/2019 Art. 27.3): moved by the lifecycle
            # services (passports/lifecycle.py) from their own pages, never a bare button.
            Action(A.TO_INVALIDATE, _("Chờ hủy giá trị"), {S.IN_CUSTODY, S.EXPIRED},
                   S.TO_INVALIDATE, NOBODY),
            Action(A.INVALIDATED, _("Hủy giá trị"), {S.TO_INVALIDATE}, S.INVALIDATED, NOBODY),
        ],
    ),
)  # fmt: skip
