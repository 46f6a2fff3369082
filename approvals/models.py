"""The approval chain of a request, stored with it when it is submitted (issue 13).

A later change of the competent authority (authority.Authority) does not rewrite a chain
already stored. The table keeps its name from when the model lived in `trips` (issue 22).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChainStep(models.Model):
    """One step of one submission of a request: its turn, who took it, as whom, and what."""

    class Action(models.TextChoices):
        # The agency's head signs its proposal (Tờ trình) before anyone appraises it.
        PROPOSE = "propose", _("Ký Tờ trình")
        APPRAISE = "appraise", _("Thẩm định")
        PARTY_OPINION = "party_opinion", _("Ý kiến bằng văn bản của Ban Thường vụ Tỉnh ủy")
        DECIDE = "decide", _("Quyết định")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chưa đến lượt")
        ACTIVE = "active", _("Đang chờ xử lý")
        APPROVED = "approved", _("Đồng ý")
        REJECTED = "rejected", _("Không đồng ý")
        RETURNED = "returned", _("Trả lại")
        CLOSED = "closed", _("Đã dừng")

    trip = models.ForeignKey(
        "trips.TripRequest",
        verbose_name=_("Hồ sơ"),
        on_delete=models.CASCADE,
        related_name="chain_steps",
    )
    # Each submission (after a return, the next) has its own chain, computed afresh.
    round = models.PositiveSmallIntegerField(_("Lần trình"), default=1)
    position = models.PositiveSmallIntegerField(_("Bước"))
    action = models.CharField(_("Việc"), max_length=20, choices=Action.choices)
    # Before issue 23 a step named a role; kept for the chains stored then (now blank).
    role = models.CharField(_("Vai trò"), max_length=20, blank=True, default="")
    # Who may take it: a current holder of a position of `body` whose kind is in `kinds`
    # (",head,deputy,": delimited, so that the inbox finds a kind with one LIKE on any
    # database), or their substitute.
    body = models.ForeignKey(
        "authority.Body",
        verbose_name=_("Cơ quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kinds = models.CharField(_("Chức vụ được xử lý"), max_length=100, blank=True, default="")
    # The decision's: the body that issues it (its symbol numbers it).
    issuing_body = models.ForeignKey(
        "authority.Body",
        verbose_name=_("Cơ quan ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The decision's: whether it is the authority's collective one ("TM.", authority.Authority
    # .collective), fixed with the chain like its issuing body. None: a chain stored before.
    collective = models.BooleanField(_("Quyết định tập thể"), null=True, blank=True)
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    opened_at = models.DateTimeField(_("Đến lượt lúc"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Thay cho"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    substitution = models.ForeignKey(
        "accounts.Substitution",
        verbose_name=_("Ủy quyền"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("Thời điểm xử lý"), null=True, blank=True)
    note = models.TextField(_("Ý kiến / lý do"), blank=True)
    # The Party committee's written opinion (the committee is not a user: a reviewer records it).
    party_reference = models.CharField(_("Số văn bản"), max_length=100, blank=True)
    party_dated = models.DateField(_("Ngày văn bản"), null=True, blank=True)
    party_agreed = models.BooleanField(_("Đồng ý"), null=True, blank=True)
    # Overdue (APPROVAL_SLA_WORKING_DAYS): escalated once, claimed by a conditional UPDATE.
    escalated_at = models.DateTimeField(_("Đã báo quá hạn lúc"), null=True, blank=True)

    class Meta:
        db_table = "trips_chainstep"
        # trip_id, not trip: "trip" would sort by the request's own ordering, a join per read.
        ordering = ["trip_id", "round", "position"]
        verbose_name = _("Bước phê duyệt")
        verbose_name_plural = _("Các bước phê duyệt")
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "round", "position"], name="chain_step_once_per_position"
            ),
            # At most one step of a request is waiting for someone at any time.
            models.UniqueConstraint(
                fields=["trip"], condition=Q(status="active"), name="chain_one_active_step"
            ),
        ]
        indexes = [models.Index(fields=["status", "body"], name="chain_step_inbox_idx")]

    def __str__(self):
        return f"{self.trip_id} #{self.round}.{self.position} {self.get_action_display()}"

    # How the page shows each status (Bootstrap's contextual colours).
    STYLES = {Status.APPROVED: "success", Status.REJECTED: "danger", Status.ACTIVE: "warning"}

    @property
    def is_waiting(self):
        return self.status == self.Status.ACTIVE

    @property
    def style(self):
        return self.STYLES.get(self.status, "secondary")

    @staticmethod
    def joined(kinds) -> str:
        return "," + ",".join(kinds) + "," if kinds else ""

    @property
    def kind_list(self) -> list[str]:
        return [kind for kind in self.kinds.split(",") if kind]

    # What the requesting agency's staff read while the step waits (issue 23).
    WAITING = {Action.PROPOSE: _("Chờ Thủ trưởng ký Tờ trình")}

    @property
    def waiting_label(self) -> str:
        return str(self.WAITING.get(self.action, "")) if self.is_waiting else ""

    @property
    def role_label(self):
        """Who takes the step, as the pages say it: the kinds of position and the body."""
        from authority.models import Position

        if self.body_id is None:
            from accounts.roles import Role

            return Role(self.role).label if self.role in Role.values else self.role
        labels = ", ".join(str(Position.Kind(k).label).lower() for k in self.kind_list)
        return f"{labels[:1].upper()}{labels[1:]} – {self.body.name}"
