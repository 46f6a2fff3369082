from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _


class Severity:
    BLOCK = "block"
    WARN = "warn"


# The clause of the letter each code traces to (../shared/seed/README.md, L1…L12).
CLAUSES = {
    "DELEGATION_TOO_LARGE": "L4",
    "TRIP_QUOTA_EXCEEDED": "L5",
    "TRIP_QUOTA_AT_RISK": "L5",
    "KEY_LEADERS_TOGETHER": "L6",
    "KEY_LEADERS_OVERLAP": "L6",
    "ENTERPRISE_SPONSORED": "L7",
    "NAMED_INVITATION_BY_FOREIGN_ENTERPRISE": "L7",
    "UNDER_DISCIPLINARY_REVIEW": "L10",
    "LEAVE_CAP_EXCEEDED": "L8",
    "COMMITMENT_WITHOUT_MANDATE": "L3",
    "NOT_IN_ANNUAL_PLAN": "L2",
    "OVER_PLAN_BUDGET": "L2",
    "YEAR_EDGE": "L9",
    "LARGE_DELEGATION": "L9",
    "PASSPORT_NOT_READY": "L12",
    "REPORT_OVERDUE": "L11",
    "TRIP_TOO_LONG": "L8",
    "TOO_MANY_COUNTRIES": "L4",
}


def basis_for(code: str) -> str:
    return _(
        "Công văn của UBND tỉnh về tăng cường quản lý cán bộ, công chức, viên chức "
        "đi nước ngoài, %(clause)s"
    ) % {"clause": CLAUSES[code]}


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    officials: tuple[int, ...] = ()
    basis: str = ""

    @property
    def is_block(self) -> bool:
        return self.severity == Severity.BLOCK

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "officials": list(self.officials),
            "basis": self.basis,
        }


def make(code: str, severity: str, message: str, officials=()) -> Finding:
    return Finding(code, severity, message, tuple(officials), basis_for(code))
