from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _

from core.i18n import remembering_gettext, render_remembered
from trips.policy.registry import CLAUSES


class Severity:
    BLOCK = "block"
    WARN = "warn"


# The clause of the letter each code traces to, as each rule declares it (registry.py).
__all__ = ["CLAUSES", "Finding", "Severity", "basis_for", "make", "remembering_gettext"]


def basis_for(code: str) -> str:
    return _(
        "Công văn của UBND tỉnh về tăng cường quản lý cán bộ, công chức, viên chức "
        "đi nước ngoài, %(clause)s"
    ) % {"clause": CLAUSES[code]}


def render_stored(finding: dict) -> str:
    """A stored finding's message in the active language (the stored text for rows stored
    before findings kept their source)."""
    return render_remembered(
        finding.get("template"), finding.get("params"), finding.get("message", "")
    )


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    officials: tuple[int, ...] = ()
    basis: str = ""
    # The message's source text and parameters (render_stored), when the rule gave them.
    template: str = dataclasses.field(default="", compare=False)
    params: dict | None = dataclasses.field(default=None, compare=False, hash=False)

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

    def stored(self) -> dict:
        """As kept on the request: as_dict() plus the source text and parameters."""
        extra = {"template": self.template, "params": self.params} if self.template else {}
        return self.as_dict() | extra


def make(code: str, severity: str, message: str, officials=()) -> Finding:
    return Finding(
        code,
        severity,
        str(message),
        tuple(officials),
        basis_for(code),
        template=getattr(message, "msgid", ""),
        params=getattr(message, "params", None),
    )
