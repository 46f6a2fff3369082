"""An issuing body's short symbol (issue 23; Decree 30/2020, Appendix I): the part after
"QĐ-" in every number it issues, and the key of its own yearly number series. Set by the
administrator; an agency created without one gets its initials, made unique with a digit
(Sở Ngoại vụ and Sở Nội vụ would both be "SNV")."""

from __future__ import annotations

import unicodedata

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Letters (Đ kept) and digits, starting with a capital: "SNgV", "UBND", "SCT2".
validate_symbol = RegexValidator(
    r"^[A-ZĐ][A-Za-zĐđ0-9]{1,11}$",
    _("Ký hiệu gồm 2–12 chữ cái không dấu (trừ Đ) hoặc chữ số, bắt đầu bằng chữ in hoa."),
)


def initials_of(name: str) -> str:
    """Sở Tài chính → STC: the first letter of each word, without diacritics except Đ."""
    letters = []
    for word in name.split():
        first = word[0].upper()
        base = first if first == "Đ" else unicodedata.normalize("NFD", first)[0]
        if base.isalnum():
            letters.append(base)
    return "".join(letters)[:10] or "CQ"


def derive_symbol(name: str, taken) -> str:
    """The initials, or the initials and the first digit that makes them unique."""
    base = initials_of(name)
    if len(base) < 2:
        base = f"{base}Q"
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate
