import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.countries import Destinations
from core.validators import one_line, plausible_dates
from core.workflow import WorkflowHistory

# The administrator's changes of the policy's settings (issue 28): a module of their own, loaded
# with the app's models by being named here.
from trips.models_policy import PolicyChange as PolicyChange

PLAUSIBLE_DATES = plausible_dates(2000)


class TripRequest(models.Model):
    """A request to go abroad: a business delegation or one official's private trip."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("Đi công tác")
        PRIVATE = "private", _("Việc riêng")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Chờ thẩm định")
        # Thẩm định xong, chờ quyết định (issue 13): the chain's steps after the appraisal.
        APPRAISED = "appraised", _("Đã thẩm định, chờ quyết định")
        RETURNED = "returned", _("Trả lại để chỉnh sửa")
        APPROVED = "approved", _("Đã phê duyệt")
        REJECTED = "rejected", _("Không phê duyệt")
        WITHDRAWN = "withdrawn", _("Đã rút")
        CANCELLED = "cancelled", _("Đã hủy")
        COMPLETED = "completed", _("Đã về nước")

    class OrganiserType(models.TextChoices):
        STATE = "state", _("Cơ quan nhà nước")
        FOREIGN_GOVERNMENT = "foreign_government", _("Chính phủ, chính quyền nước ngoài")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("Tổ chức quốc tế")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        OTHER = "other", _("Khác")

    # The statuses in which a trip counts as "approved" for the rules (POLICY.md, Counting).
    COUNTED_STATUSES = (Status.APPROVED, Status.COMPLETED)
    # Alive and waiting for a decision: "pending" for TRIP_QUOTA_AT_RISK. A request returned for
    # changes still counts (POLICY.md, settled readings).
    PENDING_STATUSES = (Status.SUBMITTED, Status.APPRAISED, Status.RETURNED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    # Waiting for a step of the approval chain.
    DECIDING_STATUSES = (Status.SUBMITTED, Status.APPRAISED)
    # Called off before anyone travelled: its file takes no more documents.
    CALLED_OFF_STATUSES = (Status.REJECTED, Status.WITHDRAWN, Status.CANCELLED)
    # A closed trip: called off, or back home. Anything else (statuses such as "appraised"
    # included) is an open request.
    CLOSED_STATUSES = (*CALLED_OFF_STATUSES, Status.COMPLETED)

    kind = models.CharField(_("Loại chuyến đi"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("Cơ quan"), on_delete=models.PROTECT, related_name="trips"
    )
    title = models.CharField(_("Tên đoàn / chuyến đi"), max_length=255, validators=[one_line])
    purpose = models.TextField(_("Mục đích"), blank=True)
    countries = CountryField(_("Quốc gia đến"), multiple=True, countries=Destinations)
    departure_date = models.DateField(_("Ngày xuất cảnh"), validators=PLAUSIBLE_DATES)
    return_date = models.DateField(_("Ngày nhập cảnh"), validators=PLAUSIBLE_DATES)
    inviter = models.CharField(
        _("Cơ quan, tổ chức mời"), max_length=255, blank=True, validators=[one_line]
    )
    organiser_type = models.CharField(
        _("Đơn vị tổ chức"),
        max_length=30,
        choices=OrganiserType.choices,
        default=OrganiserType.STATE,
    )
    funded_by_enterprise = models.BooleanField(
        _("Doanh nghiệp đài thọ (toàn bộ hoặc một phần)"), default=False
    )
    named_invitation_by_foreign_enterprise = models.BooleanField(
        _("Doanh nghiệp nước ngoài mời đích danh"), default=False
    )
    involves_commitment = models.BooleanField(
        _("Có ký kết, kết nghĩa hoặc đề xuất giao lưu"), default=False
    )
    mandate_reference = models.CharField(
        _("Văn bản chủ trương của tỉnh cho phép ký kết"),
        max_length=255,
        blank=True,
        validators=[one_line],
    )
    estimated_cost_vnd = models.PositiveBigIntegerField(_("Dự toán kinh phí (đồng)"), default=0)
    # {"JP": 3, "KR": 2}: whole days planned in each country, asked while the optional rule
    # DAYS_PER_COUNTRY is on (POLICY.md, additions of 2026-12-06); empty otherwise.
    days_per_country = models.JSONField(_("Số ngày ở từng quốc gia"), default=dict, blank=True)
    plan_line = models.ForeignKey(
        "plans.PlanLine",
        verbose_name=_("Nội dung kế hoạch năm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trips",
    )
    # {"FINDING_CODE": "why the submitter believes the trip should go ahead anyway"}
    justifications = models.JSONField(_("Giải trình"), default=dict, blank=True)
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # The latest findings of the rules module (list of dicts), refreshed on every save/check.
    findings = models.JSONField(_("Kết quả kiểm tra"), default=list, blank=True)
    # The codes of `findings`, ",CODE,CODE,", so that lists can filter by finding on any
    # database (SQLite has no JSON containment lookup).
    finding_codes = models.CharField(_("Mã kết quả kiểm tra"), max_length=500, blank=True)
    report_due_on = models.DateField(_("Hạn nộp báo cáo"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người lập"),
        on_delete=models.PROTECT,
        related_name="created_trips",
    )
    created_at = models.DateTimeField(_("Ngày lập"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật"), auto_now=True)
    submitted_at = models.DateTimeField(_("Ngày trình"), null=True, blank=True)
    decided_at = models.DateTimeField(_("Ngày quyết định"), null=True, blank=True)

    class Meta:
        ordering = ["-departure_date", "-id"]
        verbose_name = _("Hồ sơ đi nước ngoài")
        verbose_name_plural = _("Hồ sơ đi nước ngoài")
        constraints = [
            models.CheckConstraint(
                condition=Q(return_date__gte=F("departure_date")),
                name="trip_dates_ordered",
                violation_error_message=_(
                    "Ngày nhập cảnh (về) không được trước ngày xuất cảnh (đi)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost_vnd__gte=0),
                name="trip_cost_not_negative",
                violation_error_message=_("Dự toán kinh phí không được âm."),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "departure_date"]),
            models.Index(fields=["status", "departure_date", "return_date"]),
            # The lists' pages are read in (departure date, id) order from an index, never
            # sorted from the whole history (trips.paging): an agency's list, the province's
            # list, and the reviewers' queue (only what waits for them: a small index).
            models.Index(fields=["agency", "departure_date", "id"], name="trip_agency_list"),
            models.Index(fields=["departure_date", "id"], name="trip_list"),
            models.Index(
                fields=["departure_date", "id"],
                condition=Q(status="submitted", submitted_at__isnull=False),
                name="trip_review_queue",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_returned(self):
        return self.status == self.Status.RETURNED

    @property
    def is_called_off(self):
        return self.status in self.CALLED_OFF_STATUSES

    @property
    def is_business(self):
        return self.kind == self.Kind.BUSINESS

    def members_read(self) -> list["TripMember"] | None:
        """The members with their officials where a caller read them (a move does, once:
        approvals.services.decisions.locked_with_members); None otherwise, and the caller
        reads what it needs itself."""
        members = getattr(self, "_prefetched_objects_cache", {}).get("members")
        if members is None or not all(TripMember.official.is_cached(m) for m in members):
            return None
        return list(members)

    def travels_with(self, user) -> bool:
        """A login linked to one of its members: from the members read, else one query."""
        members = self.members_read()
        if members is not None:
            return any(m.official.user_id == user.pk for m in members)
        return self.members.filter(official__user_id=user.pk).exists()

    def traveller_logins(self):
        """The logins of its members: a list from the members read, else a subquery."""
        members = self.members_read()
        if members is not None:
            return [m.official.user_id for m in members if m.official.user_id]
        return self.members.exclude(official__user=None).values("official__user_id")


class TripMember(models.Model):
    trip = models.ForeignKey(
        TripRequest, verbose_name=_("Hồ sơ"), on_delete=models.CASCADE, related_name="members"
    )
    official = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("Cán bộ"),
        on_delete=models.PROTECT,
        related_name="trip_memberships",
        db_index=False,  # Meta.indexes: the official first, with the trip
    )
    is_head = models.BooleanField(_("Trưởng đoàn"), default=False)

    class Meta:
        ordering = ["-is_head", "id"]
        verbose_name = _("Thành viên đoàn")
        verbose_name_plural = _("Thành viên đoàn")
        indexes = [
            # The rules read every membership of the members (trips/policy/facts.py): with the
            # trip in the index, PostgreSQL answers from it alone (an index-only scan).
            models.Index(fields=["official", "trip"], name="trip_member_by_official"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "official"],
                name="trip_member_once",
                violation_error_message=_("Một người chỉ được ghi một lần trong đoàn."),
            ),
            models.UniqueConstraint(
                fields=["trip"],
                condition=Q(is_head=True),
                name="trip_one_head",
                violation_error_message=_("Đoàn chỉ có một trưởng đoàn."),
            ),
        ]

    def __str__(self):
        return str(self.official)


class TripTransition(WorkflowHistory):
    """One status change of a request, with the findings and policy in force at that moment
    (its transition table: approvals.workflow)."""

    subject_field = "trip"

    trip = models.ForeignKey(
        TripRequest, verbose_name=_("Hồ sơ"), on_delete=models.PROTECT, related_name="history"
    )
    findings = models.JSONField(_("Kết quả kiểm tra khi đó"), default=list, blank=True)
    justifications = models.JSONField(_("Giải trình khi đó"), default=dict, blank=True)
    policy = models.JSONField(_("Quy định áp dụng khi đó"), default=dict, blank=True)

    class Meta(WorkflowHistory.Meta):
        verbose_name = _("Lịch sử hồ sơ")
        verbose_name_plural = _("Lịch sử hồ sơ")


def document_upload_path(instance, filename):
    # Generated names: the user's file name is kept only as data, never as a path.
    return f"trip-documents/{instance.trip_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class TripDocument(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Thư mời")
        PROGRAMME = "programme", _("Chương trình làm việc")
        COST_ESTIMATE = "cost_estimate", _("Dự toán kinh phí")
        REPORT = "report", _("Tài liệu kèm báo cáo kết quả")
        OTHER = "other", _("Khác")

    trip = models.ForeignKey(
        TripRequest, verbose_name=_("Hồ sơ"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("Loại tài liệu"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("Tệp"), upload_to=document_upload_path)
    original_name = models.CharField(_("Tên tệp gốc"), max_length=255, validators=[one_line])
    content_type = models.CharField(_("Định dạng"), max_length=100)
    size = models.PositiveIntegerField(_("Dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("Thời điểm tải lên"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("Tài liệu kèm theo")
        verbose_name_plural = _("Tài liệu kèm theo")

    def __str__(self):
        return self.original_name
