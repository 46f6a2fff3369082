import functools

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import CHAIN_ROLES, Role
from core.history import AppendOnlyModel


@functools.cache
def _role_names_sql() -> str:
    """The statement of User._role_names_on, built once the models are loaded."""
    from django.contrib.auth.models import Group

    user_groups = User.groups.through._meta.db_table
    return f"""
    SELECT g.name FROM {Group._meta.db_table} g
      JOIN {user_groups} ug ON ug.group_id = g.id
     WHERE ug.user_id = %s
    UNION
    SELECT g.name FROM {Group._meta.db_table} g
      JOIN {user_groups} ug ON ug.group_id = g.id
      JOIN {User._meta.db_table} p ON p.id = ug.user_id
      JOIN {Substitution._meta.db_table} s ON s.principal_id = p.id
     WHERE g.name IN ({{chain_roles}}) AND p.is_active AND s.substitute_id = %s
       AND s.revoked_at IS NULL AND s.starts_on <= %s AND s.ends_on >= %s
    """


class User(AbstractUser):
    """A login. Agency staff belong to exactly one agency; roles are Django groups."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("Cơ quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Bắt buộc với cán bộ cơ quan: họ chỉ thấy hồ sơ của cơ quan này."),
    )

    class Meta:
        verbose_name = _("Người dùng")
        verbose_name_plural = _("Người dùng")

    def __str__(self):
        return self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        """Own roles, plus the chain role of anyone this user substitutes for today
        (API.md: a substitute holds the principal's role)."""
        # Groups are prefetched on request.user only when asked; cache per instance.
        if not hasattr(self, "_role_names"):
            self._role_names = self._role_names_on(timezone.localdate())
        return role.value in self._role_names

    def own_role_names(self) -> set[str]:
        """The groups the user holds in their own right (not as someone's substitute)."""
        if not hasattr(self, "_own_role_names"):
            self._own_role_names = set(self.groups.values_list("name", flat=True))
        return self._own_role_names

    def _role_names_on(self, day) -> set[str]:
        """One query, as before substitutes existed: own groups, or a chain role's group
        whose member has named this user as substitute on `day`. Hand-written: every request
        asks it, and the ORM spent ~1 ms compiling its joins (accounts/tests/test_roles_sql.py
        holds it equal to the ORM's definition, `role_names_by_orm`)."""
        from core.rawsql import fetch, placeholders

        if self.pk is None:
            return set()
        chain_roles = [r.value for r in CHAIN_ROLES]
        sql = _role_names_sql().format(chain_roles=placeholders(chain_roles))
        return {name for (name,) in fetch(sql, [self.pk, *chain_roles, self.pk, day, day])}

    @property
    def is_decider(self):
        return self.has_role(Role.DECIDER)

    @property
    def is_agency_head(self):
        """Thủ trưởng of their own agency (issue 23): sees its requests, decides at its level."""
        return self.has_role(Role.AGENCY_HEAD) and self.agency_id is not None

    @property
    def is_agency_staff(self):
        return self.has_role(Role.AGENCY_STAFF) and self.agency_id is not None

    @property
    def is_reviewer(self):
        return self.has_role(Role.REVIEWER)

    @property
    def is_custodian(self):
        return self.has_role(Role.CUSTODIAN)

    @property
    def is_administrator(self):
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)


SIGNS_AS_CHOICES = [
    ("KT.", _("KT. (ký thay người đứng đầu)")),
    ("Q.", _("Q. (quyền)")),
    ("TUQ.", _("TUQ. (thừa ủy quyền)")),
]


class SubstitutionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(revoked_at__isnull=True)

    def active_on(self, day):
        # A substitution lapses with either account (issue 23).
        return self.current().filter(
            starts_on__lte=day,
            ends_on__gte=day,
            principal__is_active=True,
            substitute__is_active=True,
        )

    def overlapping(self, starts_on, ends_on):
        return self.current().filter(starts_on__lte=ends_on, ends_on__gte=starts_on)


class Substitution(models.Model):
    """Ủy quyền / thay thế: from `starts_on` to `ends_on` the substitute acts for the principal
    (a reviewer or a decider on leave), and every record says "acting for" whom."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người ủy quyền"),
        on_delete=models.PROTECT,
        related_name="substituted_by",
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thay thế"),
        on_delete=models.PROTECT,
        related_name="substitutes_for",
    )
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    note = models.TextField(_("Ghi chú"), blank=True)
    # How the substitute signs a decision (Decree 30/2020): blank = worked out from the roles
    # (approvals.chain.signature_role).
    signs_as = models.CharField(
        _("Hình thức ký"), max_length=4, choices=SIGNS_AS_CHOICES, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Thời điểm tạo"), auto_now_add=True)
    # Revoked rather than deleted: the history of a step names whom its actor acted for.
    revoked_at = models.DateTimeField(_("Thời điểm hủy"), null=True, blank=True)

    objects = SubstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("Ủy quyền, thay thế")
        verbose_name_plural = _("Ủy quyền, thay thế")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="substitution_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=~Q(principal=F("substitute")),
                name="substitution_not_oneself",
                violation_error_message=_("Không thể tự ủy quyền cho chính mình."),
            ),
        ]
        indexes = [models.Index(fields=["substitute", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.substitute} ← {self.principal} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"


class SubstitutionEvent(AppendOnlyModel):
    """Who named or revoked a substitution, and when (never updated or deleted)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo ủy quyền")
        REVOKED = "revoked", _("Hủy ủy quyền")

    substitution = models.ForeignKey(Substitution, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("Thao tác"), max_length=10, choices=Action.choices)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("Lịch sử ủy quyền")
        verbose_name_plural = _("Lịch sử ủy quyền")
