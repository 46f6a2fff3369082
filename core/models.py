from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """A day the government declared differently from the `holidays` library.

    It wins over the library: a compensatory day off (is_working_day=False) or a make-up
    Saturday (is_working_day=True), as announced each year by Văn phòng Chính phủ.
    """

    date = models.DateField(_("Ngày"), unique=True)
    is_working_day = models.BooleanField(_("Là ngày làm việc"))
    note = models.CharField(_("Ghi chú / căn cứ"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("Ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("Lịch làm việc điều chỉnh")

    def __str__(self):
        kind = _("làm việc") if self.is_working_day else _("nghỉ")
        return f"{self.date:%d/%m/%Y} ({kind})"
