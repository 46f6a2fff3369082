"""Vietnamese display of money and dates, for messages built outside templates."""

import datetime as dt


def format_vnd(amount: int | None) -> str:
    """12345678 → '12.345.678 đ' (Vietnamese thousands separator is the dot)."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đ"


def format_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
