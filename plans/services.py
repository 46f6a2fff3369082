"""The annual foreign-affairs plan's workflow (L2): drafted by the agency, decided by the
Department; an approved plan is locked, and a change is a new revision reviewed again."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from plans.models import AnnualPlan, PlanLine, PlanTransition
from trips.exceptions import ReasonRequired, TripError
from trips.models import TripRequest

Status = AnnualPlan.Status
PLAN_TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.APPROVED, Status.REJECTED, Status.RETURNED},
    Status.APPROVED: {Status.SUPERSEDED},
    Status.REJECTED: set(),
    Status.SUPERSEDED: set(),
}
LINE_FIELDS = [
    "title",
    "countries",
    "purpose",
    "planned_members",
    "planned_quarter",
    "budget_vnd",
    "funding_source",
]


class PlanTransitionNotAllowed(TripError):
    def __init__(self, plan, target):
        self.status = plan.status
        super().__init__(
            _("Không thể chuyển kế hoạch từ “%(from)s” sang “%(to)s”.")
            % {"from": plan.get_status_display(), "to": Status(target).label}
        )


def _require_staff_of(actor, plan_agency_id):
    if not (actor.is_agency_staff and actor.agency_id == plan_agency_id):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan mới được lập và trình kế hoạch."))


def _require_reviewer(actor):
    if not actor.is_reviewer:
        raise PermissionDenied(_("Chỉ chuyên viên thẩm định của Sở Nội vụ mới được quyết định."))


def _locked(plan) -> AnnualPlan:
    return AnnualPlan.objects.select_for_update().get(pk=plan.pk)


def _move(plan, target, actor, note=""):
    if target not in PLAN_TRANSITIONS[Status(plan.status)]:
        raise PlanTransitionNotAllowed(plan, target)
    from_status, plan.status = plan.status, target
    plan.save(update_fields=["status", "updated_at"])
    PlanTransition.objects.create(
        plan=plan, from_status=from_status, to_status=target, actor=actor, note=note
    )


def plan_create(*, actor, year: int) -> AnnualPlan:
    """A new draft for the year; if one is already open (draft, returned or submitted),
    that one, since an agency works on one plan revision at a time."""
    _require_staff_of(actor, actor.agency_id)
    with transaction.atomic():
        open_plan = AnnualPlan.objects.filter(
            agency_id=actor.agency_id,
            year=year,
            status__in=[Status.DRAFT, Status.RETURNED, Status.SUBMITTED],
        ).first()
        if open_plan:
            return open_plan
        approved = AnnualPlan.objects.filter(
            agency_id=actor.agency_id, year=year, status=Status.APPROVED
        ).first()
        if approved:
            return plan_revise(plan=approved, actor=actor)
        plan = AnnualPlan(agency_id=actor.agency_id, year=year, created_by=actor)
        plan.full_clean()
        plan.save()
        PlanTransition.objects.create(plan=plan, to_status=Status.DRAFT, actor=actor)
    return plan


def plan_revise(*, plan, actor) -> AnnualPlan:
    """A new draft revision of an approved plan, its lines copied; the approved one stays
    in force until the revision is approved."""
    _require_staff_of(actor, plan.agency_id)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != Status.APPROVED:
            raise PlanTransitionNotAllowed(plan, Status.DRAFT)
        revision = (
            AnnualPlan.objects.filter(agency_id=plan.agency_id, year=plan.year).aggregate(
                n=Max("revision")
            )["n"]
            + 1
        )
        draft = AnnualPlan.objects.create(
            agency_id=plan.agency_id, year=plan.year, revision=revision, created_by=actor
        )
        PlanLine.objects.bulk_create(
            PlanLine(
                plan=draft, revises=line, **{name: getattr(line, name) for name in LINE_FIELDS}
            )
            for line in plan.lines.all()
        )
        PlanTransition.objects.create(
            plan=draft,
            to_status=Status.DRAFT,
            actor=actor,
            note=_("Điều chỉnh từ lần %(n)s.") % {"n": plan.revision},
        )
    return draft


def plan_save_lines(*, plan, actor, lines: list[dict]) -> AnnualPlan:
    """Replace the lines of a draft (or returned) plan. Each dict may carry the `id` of a
    line of this plan that it updates; lines left out are removed, unless a request follows
    them (refused: the request would lose its line)."""
    with transaction.atomic():
        plan = _locked(plan)
        _require_staff_of(actor, plan.agency_id)
        if not plan.is_editable:
            raise PlanTransitionNotAllowed(plan, Status.DRAFT)
        existing = {line.pk: line for line in plan.lines.all()}
        strangers = sorted({d["id"] for d in lines if d.get("id")} - set(existing))
        if strangers:
            raise ValidationError(
                {
                    "lines": _("Kế hoạch này không có nội dung số %(ids)s.")
                    % {"ids": ", ".join(map(str, strangers))}
                }
            )
        _refuse_removing_followed_lines(plan, keep={d["id"] for d in lines if d.get("id")})
        keep = set()
        for data in lines:
            line = existing.get(data.get("id")) or PlanLine(plan=plan)
            for name in LINE_FIELDS:
                setattr(line, name, data.get(name, getattr(line, name)))
            line.full_clean(exclude=["plan", "revises"])
            line.save()
            keep.add(line.pk)
        plan.lines.exclude(pk__in=keep).delete()
    return plan


def _refuse_removing_followed_lines(plan, *, keep):
    """A line that requests follow cannot go (they would lose their line, and the database
    protects it): say which, rather than fail."""
    followed = (
        plan.lines.exclude(pk__in=keep)
        .filter(pk__in=TripRequest.objects.filter(plan_line__plan=plan).values("plan_line_id"))
        .order_by("id")
    )
    titles = [line.title for line in followed]
    if titles:
        raise ValidationError(
            {
                "lines": _(
                    "Không xóa được nội dung “%(titles)s”: đã có hồ sơ đi nước ngoài thực hiện "
                    "theo nội dung này."
                )
                % {"titles": "”, “".join(titles)}
            }
        )


def plan_submit(*, plan, actor) -> AnnualPlan:
    with transaction.atomic():
        plan = _locked(plan)
        _require_staff_of(actor, plan.agency_id)
        if not plan.lines.exists():
            raise ValidationError(_("Kế hoạch phải có ít nhất một nội dung."))
        _move(plan, Status.SUBMITTED, actor)
    return plan


def plan_approve(*, plan, actor, note="") -> AnnualPlan:
    """Approve; the revision it replaces is superseded and its trips follow their lines."""
    _require_reviewer(actor)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != Status.SUBMITTED:
            raise PlanTransitionNotAllowed(plan, Status.APPROVED)
        previous = (
            AnnualPlan.objects.select_for_update()
            .filter(agency_id=plan.agency_id, year=plan.year, status=Status.APPROVED)
            .first()
        )
        if previous:
            _move(
                previous,
                Status.SUPERSEDED,
                actor,
                note=_("Thay bằng lần %(n)s.") % {"n": plan.revision},
            )
            for line in plan.lines.exclude(revises=None):
                TripRequest.objects.filter(plan_line_id=line.revises_id).update(plan_line=line)
        _move(plan, Status.APPROVED, actor, note=(note or "").strip())
    return plan


def _decide_against(plan, actor, reason, target):
    _require_reviewer(actor)
    if not (reason or "").strip():
        raise ReasonRequired()
    with transaction.atomic():
        plan = _locked(plan)
        _move(plan, target, actor, note=reason.strip())
    return plan


def plan_reject(*, plan, actor, reason) -> AnnualPlan:
    return _decide_against(plan, actor, reason, Status.REJECTED)


def plan_return(*, plan, actor, reason) -> AnnualPlan:
    return _decide_against(plan, actor, reason, Status.RETURNED)
