from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _

from trips.policy.registry import CLAUSES


class Severity:
    BLOCK = "block"
    WARN = "warn"


# The clause of the letter each code traces to, as each rule declares it (registry.py).
__all__ = ["CLAUSES", "Finding", "Severity", "basis_for", "make"]


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
