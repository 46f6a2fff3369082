"""Short Vietnamese labels of the finding codes, for badges and filters (issue 15, item 8).

The code stays the key (`grep TRIP_QUOTA` still finds everything); people read the label.
One entry per rule of `rules.RULES`: trips/tests/test_finding_labels.py checks none is missing.
"""

from django.utils.translation import gettext_lazy as _

SHORT_LABELS = {
    "DELEGATION_TOO_LARGE": _("Đoàn quá 10 người"),
    "TRIP_QUOTA_EXCEEDED": _("Vượt số chuyến công tác"),
    "TRIP_QUOTA_AT_RISK": _("Có thể vượt số chuyến"),
    "KEY_LEADERS_TOGETHER": _("Lãnh đạo chủ chốt cùng đi"),
    "KEY_LEADERS_OVERLAP": _("Lãnh đạo chủ chốt cùng vắng"),
    "ENTERPRISE_SPONSORED": _("Doanh nghiệp đài thọ"),
    "NAMED_INVITATION_BY_FOREIGN_ENTERPRISE": _("Doanh nghiệp nước ngoài mời đích danh"),
    "UNDER_DISCIPLINARY_REVIEW": _("Đang xem xét kỷ luật"),
    "LEAVE_CAP_EXCEEDED": _("Vượt số ngày phép"),
    "COMMITMENT_WITHOUT_MANDATE": _("Ký kết chưa có chủ trương"),
    "NOT_IN_ANNUAL_PLAN": _("Ngoài kế hoạch năm"),
    "OVER_PLAN_BUDGET": _("Vượt kinh phí kế hoạch"),
    "YEAR_EDGE": _("Đầu năm, cuối năm hoặc Tết"),
    "LARGE_DELEGATION": _("Đoàn đông người"),
    "PASSPORT_NOT_READY": _("Hộ chiếu chưa sẵn sàng"),
    "REPORT_OVERDUE": _("Nợ báo cáo quá hạn"),
    "TRIP_TOO_LONG": _("Chuyến đi quá dài"),
    "TOO_MANY_COUNTRIES": _("Quá nhiều nước đến"),
    "AGENCY_ABSENCE_SHARE": _("Cơ quan vắng nhiều người"),
    "DAYS_PER_COUNTRY": _("Quá số ngày ở một quốc gia"),
}


def short_label(code: str) -> str:
    """The label of `code`; an unknown code (a rule removed since) is shown as it is."""
    return str(SHORT_LABELS.get(code, code))


def label_choices(codes) -> list[tuple[str, str]]:
    """(code, label) for a select, in the order given."""
    return [(code, SHORT_LABELS.get(code, code)) for code in codes]
