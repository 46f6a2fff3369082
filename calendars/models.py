import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import AppendOnlyModel


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret calendar address of one user for one scope. Whoever holds the address reads
    the feed without signing in (calendar programs cannot), so it is revocable at once and
    re-checks its owner's role at every read."""

    class Scope(models.TextChoices):
        AGENCY = "agency", _("Cán bộ của cơ quan tôi")
        # lãnh đạo chủ chốt of every agency: for the Office of the People's Committee.
        KEY_LEADERS = "key_leaders", _("Lãnh đạo chủ chốt toàn tỉnh")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người dùng"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    scope = models.CharField(_("Phạm vi"), max_length=20, choices=Scope.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Lịch iCalendar")
        verbose_name_plural = _("Lịch iCalendar")

    def __str__(self):
        return f"{self.user} · {self.get_scope_display()}"


class CalendarFeedEvent(AppendOnlyModel):
    """Who created or revoked a feed, and when (never updated or deleted)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo địa chỉ lịch")
        REVOKED = "revoked", _("Thu hồi địa chỉ lịch")

    feed = models.ForeignKey(CalendarFeed, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("Thao tác"), max_length=10, choices=Action.choices)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("Lịch sử địa chỉ lịch")
        verbose_name_plural = _("Lịch sử địa chỉ lịch")
