from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


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
        # Groups are prefetched on request.user only when asked; cache per instance.
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return role.value in self._role_names

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
