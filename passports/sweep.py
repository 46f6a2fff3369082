"""The passports' steps of the daily sweep (`portal.sweep` lists the steps): passports past
their expiry date marked expired (`passports.services.mark_expired`), then the custodian's
and holders' alerts (hand-backs overdue, passports expiring, passports not ready for a coming
trip). Each is safe to run twice: alerts are notices unique per (recipient, event)."""

import datetime as dt

from passports import alerts


def passport_alerts(today: dt.date) -> int:
    return (
        alerts.overdue_handbacks(today)
        + alerts.expiring_passports(today)
        + alerts.passports_not_ready(today)
    )
