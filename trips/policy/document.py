"""The rules in force, as the rules page and `GET /api/v1/policy/` show them (issue 28): each
rule with its label, severity, clause, basis, whether it is on and its thresholds, the general
settings, and the administrator's changes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trips.policy.config import GENERAL_SETTINGS, PolicyConfig, profile_name
from trips.policy.findings import basis_for
from trips.policy.labels import short_label
from trips.policy.registry import RULES

# What each threshold means, for the page and the administrator's form.
SETTING_LABELS = {
    "max_delegation_size": _("Số người tối đa của một đoàn"),
    "max_business_trips_per_year": _("Số chuyến công tác tối đa của một người trong năm"),
    "large_delegation_size": _("Đoàn đông người khi trên số người"),
    "year_edge_days": _("Số ngày đầu năm và cuối năm hạn chế đi"),
    "max_trip_days": _("Số ngày tối đa của một chuyến đi"),
    "max_countries": _("Số quốc gia tối đa của một chuyến đi"),
    "agency_absence_share_percent": _("Tỷ lệ cán bộ của cơ quan được vắng cùng ngày (%)"),
    "agency_absence_min_people": _("Số người được vắng cùng ngày, tối thiểu"),
    "passport_validity_months": _("Hộ chiếu còn hạn sau ngày về (tháng)"),
    "report_due_working_days": _("Hạn nộp báo cáo sau ngày về (ngày làm việc)"),
    "passport_return_working_days": _("Hạn nộp lại hộ chiếu sau ngày về (ngày làm việc)"),
    "max_trip_span_days": _("Độ dài tối đa hợp lệ của một chuyến đi (ngày)"),
    "max_days_per_country": _("Số ngày tối đa ở một quốc gia"),
    "days_per_country_severity": _("Mức độ khi quá số ngày ở một quốc gia (warn/block)"),
}


def setting_label(name: str) -> str:
    return str(SETTING_LABELS.get(name, name))


def rules_in_force(config: PolicyConfig) -> list[dict]:
    """Every rule in the order a reviewer reads them."""
    return [
        {
            "code": entry.code,
            "label": short_label(entry.code),
            # A rule whose severity is a setting (config.CHOICES) shows the one in force.
            "severity": getattr(config, f"{entry.code.lower()}_severity", entry.severity),
            "clause": entry.clause,
            "basis": basis_for(entry.code),
            "kinds": [str(kind) for kind in entry.kinds],
            "optional": entry.optional,
            "enabled": config.is_enabled(entry.code),
            "settings": {name: getattr(config, name) for name in entry.settings},
        }
        for entry in RULES
    ]


def general_settings(config: PolicyConfig) -> dict:
    return {name: getattr(config, name) for name in GENERAL_SETTINGS}


def changes(limit: int | None = None) -> list:
    """The administrator's changes, the latest first, with who made them: one query."""
    from trips.models_policy import PolicyChange

    rows = PolicyChange.objects.select_related("actor").order_by("-at", "-id")
    return list(rows[:limit] if limit else rows)


def change_as_dict(change) -> dict:
    return {
        "at": change.at,
        "by": change.actor.get_username() if change.actor else None,
        "setting": change.setting,
        "old": change.old_value,
        "new": change.new_value,
        "reason": change.reason,
        "basis": change.basis,
    }


def policy_document(config: PolicyConfig) -> dict:
    """The API's body (API.md, additions of 2026-12-06, `policy/`)."""
    return {
        "profile": profile_name(),
        "rules": rules_in_force(config),
        "general": general_settings(config),
        "changes": [change_as_dict(c) for c in changes()],
    }
