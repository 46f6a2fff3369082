"""How a body's name is printed over a body it directs (Decree 30/2020, Appendix I, on the
name of the issuing body): the parent body (cơ quan chủ quản trực tiếp) on one line, in capitals,
its common phrases abbreviated ("UBND THÀNH PHỐ HỒ CHÍ MINH"), above the issuing body's own
name in bold. The issuing body's own lines are never abbreviated."""

# The phrases Appendix I names as commonly abbreviated; both placements of the tone mark.
COMMON_ABBREVIATIONS = {
    "ỦY BAN NHÂN DÂN": "UBND",
    "UỶ BAN NHÂN DÂN": "UBND",
    "HỘI ĐỒNG NHÂN DÂN": "HĐND",
}


def parent_line(lines) -> str:
    """The parent body's header lines as the one line printed above its child's name."""
    text = " ".join(line.strip() for line in lines if line.strip()).upper()
    for phrase, short in COMMON_ABBREVIATIONS.items():
        text = text.replace(phrase, short)
    return " ".join(text.split())
