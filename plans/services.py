"""The annual foreign-affairs plan's workflow (L2): drafted by the agency, decided by the
Department; an approved plan is locked, and a change is a new revision reviewed again."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import NotAllowed
from core.workflow import record_created, require_may, transition
from plans.exceptions import PlanError, PlanTransitionNotAllowed, ReasonRequired
from plans.models import AnnualPlan, PlanLine

__all__ = ["PlanError", "PlanTransitionNotAllowed"]

Status = AnnualPlan.Status
LINE_FIELDS = [
    "title",
    "countries",
    "purpose",
    "planned_members",
    "planned_quarter",
    "budget_vnd",
    "funding_source",
]


# Who may is the plan's transition table (core.workflow.require_may); its messages:
STAFF_ONLY = gettext_lazy("Chỉ cán bộ của cơ quan mới được lập và trình kế hoạch.")
REVIEWERS_ONLY = gettext_lazy("Chỉ chuyên viên thẩm định của Sở Nội vụ mới được quyết định.")


def _locked(plan) -> AnnualPlan:
    return AnnualPlan.objects.select_for_update().get(pk=plan.pk)


def _move(plan, to_or_action, actor, note=""):
    transition(plan, to_or_action, actor, note=note, update_fields=[])


def plan_create(*, actor, year: int) -> AnnualPlan:
    """A new draft for the year; if one is already open (draft, returned or submitted),
    that one, since an agency works on one plan revision at a time."""
    if not actor.is_agency_staff:  # a new plan is its author's agency's
        raise NotAllowed(STAFF_ONLY)
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
        record_created(plan, actor)
    return plan


def plan_revise(*, plan, actor) -> AnnualPlan:
    """A new draft revision of an approved plan, its lines copied; the approved one stays
    in force until the revision is approved."""
    require_may(actor, plan, "revise", STAFF_ONLY)
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
        record_created(draft, actor, note=_("Điều chỉnh từ lần %(n)s.") % {"n": plan.revision})
    return draft


def plan_save_lines(*, plan, actor, lines: list[dict]) -> AnnualPlan:
    """Replace the lines of a draft (or returned) plan. Each dict may carry the `id` of a
    line of this plan that it updates; lines left out are removed, unless a request follows
    them (refused: the request would lose its line)."""
    with transaction.atomic():
        plan = _locked(plan)
        require_may(actor, plan, "submit", STAFF_ONLY)  # who submits it edits it
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
        .filter(trips__isnull=False)  # TripRequest.plan_line: plans sit below trips
        .distinct()
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
        require_may(actor, plan, "submit", STAFF_ONLY)
        if not plan.lines.exists():
            raise ValidationError(_("Kế hoạch phải có ít nhất một nội dung."))
        _move(plan, "submit", actor)
    return plan


def plan_approve(*, plan, actor, note="") -> AnnualPlan:
    """Approve; the revision it replaces is superseded and its trips follow their lines."""
    require_may(actor, plan, "approve", REVIEWERS_ONLY)
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
                line.revises.trips.update(plan_line=line)
        _move(plan, "approve", actor, note=note)
    return plan


def _decide_against(plan, actor, reason, action):
    require_may(actor, plan, action, REVIEWERS_ONLY)
    if not (reason or "").strip():
        raise ReasonRequired()
    with transaction.atomic():
        plan = _locked(plan)
        _move(plan, action, actor, note=reason)
    return plan


def plan_reject(*, plan, actor, reason) -> AnnualPlan:
    return _decide_against(plan, actor, reason, "reject")


def plan_return(*, plan, actor, reason) -> AnnualPlan:
    return _decide_against(plan, actor, reason, "return")
