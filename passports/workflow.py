"""The transition table of a passport in custody (Law 49/2019): handed out for an approved
trip and taken back, reported lost, cancelled; expired by the daily sweep. `CustodyEvent` is
its log; action names are the log's `Action` values, `slug` the URL's Vietnamese segment."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.workflow import NOBODY, Action, TransitionTable, register, relation_of
from passports.exceptions import CustodyError, PassportTransitionNotAllowed
from passports.fitness import OFFICIAL_KINDS
from passports.models import CustodyEvent, Passport

S, A = Passport.Status, CustodyEvent.Action
SERVICES, FORMS = "passports.services", "passports.forms"


def passport_relation(user, passport):
    # Passports belong to the custodians' register, not to an agency's authors.
    return relation_of(user, agency_id=None)


def KEEPER(rel):
    """Custodians, and the administrator who stands in for them (core.workflow.keeper)."""
    return rel.custodian or rel.admin


def holder_left(passport) -> bool:
    """A diplomatic or official passport whose holder left the service."""
    return passport.official.left_on is not None and passport.kind in OFFICIAL_KINDS


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
        subject="passport",
        detail_url=lambda passport: reverse("passports:detail", args=[passport.pk]),
        actions=[
            Action(A.HANDED_OUT, _("Giao hộ chiếu"), {S.IN_CUSTODY}, S.HANDED_OUT, KEEPER,
                   slug="giao", style="danger", service=f"{SERVICES}.passport_hand_out",
                   form=f"{FORMS}.HandOutForm", done=_("Đã giao hộ chiếu.")),
            Action(A.RETURNED, _("Nhận lại hộ chiếu"), {S.HANDED_OUT}, S.IN_CUSTODY, KEEPER,
                   slug="nhan-lai", style="success", service=f"{SERVICES}.passport_take_back",
                   form=f"{FORMS}.TakeBackForm", done=_("Đã nhận lại hộ chiếu.")),
            Action(A.REPORTED_LOST, _("Báo mất"), {S.IN_CUSTODY, S.HANDED_OUT, S.EXPIRED},
                   S.LOST, KEEPER, slug="bao-mat", confirm=True, style="outline-danger",
                   service=f"{SERVICES}.passport_report_lost", form=f"{FORMS}.LossForm",
                   done=_("Đã ghi nhận báo mất hộ chiếu.")),
            Action(A.CANCELLED, _("Hủy hộ chiếu"), {S.IN_CUSTODY, S.EXPIRED}, S.CANCELLED,
                   KEEPER, slug="huy", confirm=True, needs_reason=True, text="note",
                   service=f"{SERVICES}.passport_cancel", form=f"{FORMS}.CancelForm",
                   done=_("Đã hủy hộ chiếu.")),
            Action(A.EXPIRED, _("Hết hạn"), {S.IN_CUSTODY}, S.EXPIRED, NOBODY),
            # A holder who left the service (Law 49/2019 Art. 27.3): marked when they leave
            # (agencies.services.official_leave, on core.signals.official_left), or here once a passport that was out then
            # is back; the invalidation letter is recorded on its own page.
            Action(A.TO_INVALIDATE, _("Chuyển sang chờ hủy giá trị"), {S.IN_CUSTODY, S.EXPIRED},
                   S.TO_INVALIDATE, KEEPER, when=holder_left, slug="cho-huy-gia-tri",
                   confirm=True, style="outline-danger",
                   service="passports.lifecycle.passport_mark_to_invalidate",
                   done=_("Hộ chiếu chờ hủy giá trị.")),
            Action(A.INVALIDATED, _("Ghi nhận công văn hủy giá trị"), {S.TO_INVALIDATE},
                   S.INVALIDATED, KEEPER, url_name="passports:invalidation", link=True),
            # Pages of the passport's life, offered as links (not moves of their own).
            Action("record-loss", _("Ghi nhận mất hộ chiếu"),
                   {S.IN_CUSTODY, S.HANDED_OUT, S.EXPIRED}, None, KEEPER,
                   url_name="passports:loss_record", link=True, style="outline-danger"),
            Action("loss-notice-link", _("Thông báo mất hộ chiếu"), {S.LOST}, None, KEEPER,
                   url_name="passports:loss_notice", link=True),
        ],
    ),
)  # fmt: skip
