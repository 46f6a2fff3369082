"""The passports' step of the daily sweep (`portal.sweep` runs the steps): passports past
their expiry date marked expired, then the custodian's and holders' alerts (hand-backs
overdue, passports expiring, passports not ready for a coming trip). Each is safe to run
twice: alerts are notices unique per (recipient, event)."""

import datetime as dt

from passports import alerts, services


def sweep_passports(today: dt.date) -> dict[str, int]:
    return {
        "passports_expired": services.mark_expired(today),
        "passport_alerts": (
            alerts.overdue_handbacks(today)
            + alerts.expiring_passports(today)
            + alerts.passports_not_ready(today)
        ),
    }
