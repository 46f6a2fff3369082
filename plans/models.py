from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.countries import Destinations
from core.validators import one_line
from core.workflow import WorkflowHistory


class AnnualPlan(models.Model):
    """An agency's kế hoạch đối ngoại hằng năm with its cost estimate (L2).

    An approved plan is locked; a change is a new revision that goes through review again.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã trình")
        RETURNED = "returned", _("Trả lại để chỉnh sửa")
        APPROVED = "approved", _("Đã phê duyệt")
        REJECTED = "rejected", _("Không phê duyệt")
        SUPERSEDED = "superseded", _("Đã được thay thế")

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("Cơ quan"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(
        _("Năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    revision = models.PositiveSmallIntegerField(_("Lần điều chỉnh"), default=1)
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người lập"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Ngày lập"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật"), auto_now=True)

    class Meta:
        ordering = ["-year", "agency__name", "-revision"]
        verbose_name = _("Kế hoạch đối ngoại năm")
        verbose_name_plural = _("Kế hoạch đối ngoại năm")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "revision"],
                name="plan_unique_revision",
                violation_error_message=_("Lần điều chỉnh kế hoạch này đã tồn tại."),
            ),
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=Q(status="approved"),
                name="plan_one_approved_per_year",
                violation_error_message=_("Cơ quan đã có kế hoạch được phê duyệt cho năm này."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="plan_year_plausible",
                violation_error_message=_("Năm kế hoạch không hợp lệ."),
            ),
        ]

    def __str__(self):
        return _("Kế hoạch %(year)s – %(agency)s (lần %(rev)s)") % {
            "year": self.year,
            "agency": self.agency,
            "rev": self.revision,
        }

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_returned(self):
        return self.status == self.Status.RETURNED


class PlanLine(models.Model):
    class Quarter(models.IntegerChoices):
        Q1 = 1, _("Quý I")
        Q2 = 2, _("Quý II")
        Q3 = 3, _("Quý III")
        Q4 = 4, _("Quý IV")

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("Kế hoạch"), on_delete=models.CASCADE, related_name="lines"
    )
    title = models.CharField(_("Nội dung hoạt động"), max_length=255, validators=[one_line])
    countries = CountryField(_("Quốc gia"), multiple=True, blank=True, countries=Destinations)
    purpose = models.TextField(_("Mục đích"), blank=True)
    planned_members = models.PositiveSmallIntegerField(_("Số người dự kiến"), default=1)
    planned_quarter = models.PositiveSmallIntegerField(
        _("Quý dự kiến"), choices=Quarter.choices, null=True, blank=True
    )
    budget_vnd = models.PositiveBigIntegerField(_("Dự toán kinh phí (đồng)"), default=0)
    funding_source = models.CharField(
        _("Nguồn kinh phí"), max_length=200, blank=True, validators=[one_line]
    )
    # The line of the previous revision this one continues, so that trips follow it.
    revises = models.ForeignKey(
        "self",
        verbose_name=_("Điều chỉnh từ nội dung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("Nội dung kế hoạch")
        verbose_name_plural = _("Nội dung kế hoạch")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_vnd__gte=0),
                name="plan_line_budget_ok",
                violation_error_message=_("Kinh phí không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(planned_members__gte=1),
                name="plan_line_members_positive",
                violation_error_message=_("Số người dự kiến phải từ 1 trở lên."),
            ),
        ]

    def __str__(self):
        return self.title


class PlanTransition(WorkflowHistory):
    """One status change of a plan (its transition table: plans.workflow)."""

    subject_field = "plan"

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("Kế hoạch"), on_delete=models.PROTECT, related_name="history"
    )

    class Meta(WorkflowHistory.Meta):
        verbose_name = _("Lịch sử kế hoạch")
        verbose_name_plural = _("Lịch sử kế hoạch")
