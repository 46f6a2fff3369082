"""A passport has one history, its custody log (issue 22): registration, custody and lifecycle
moves and corrections of the register, unbroken; simple-history's rows were copied into it
(passports/migrations/0009) before their table went (0010)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.services import official_leave
from agencies.tests.factories import OfficialFactory
from core.tests.admin_forms import inline_data, model_data
from passports import lifecycle, services
from passports.models import CustodyEvent, Passport
from passports.tests.factories import PassportFactory

A = CustodyEvent.Action
BEFORE_ONE_HISTORY = ("passports", "0008_custody_log_workflow")


def assert_unbroken(passport):
    """Registered first; each status move starts where the one before it ended; the last
    one ends at the passport's status."""
    rows = list(passport.custody_log.order_by("at", "id"))
    assert (rows[0].action, rows[0].from_status) == (A.REGISTERED, "")
    status = rows[0].to_status
    for row in rows[1:]:
        if row.to_status:  # a move (a correction of the register moves no status)
            assert row.from_status == status, f"{row.action} starts from {row.from_status}"
            status = row.to_status
    passport.refresh_from_db()
    assert status == passport.status


def register(custodian, **fields):
    official = fields.pop("official", None) or OfficialFactory()
    return services.passport_register(
        actor=custodian,
        fields={
            "official": official,
            "kind": Passport.Kind.OFFICIAL,
            "number": "B7654321",
            "issued_on": dt.date(2024, 1, 2),
            "expires_on": dt.date(2034, 1, 2),
            "storage_location": "Tủ 1",
        }
        | fields,
    )


@pytest.mark.django_db
def test_an_admin_edit_is_a_custody_log_row_and_the_log_stays_unbroken(
    client, custodian, administrator
):
    passport = register(custodian)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    body = model_data(passport) | {"number": "B7654322", "expires_on": "02/01/2033"}
    body |= inline_data(
        "custody_log", passport, list(passport.custody_log.all()), fk_name="passport"
    )
    response = client.post(reverse("admin:passports_passport_change", args=[passport.pk]), body)
    assert response.status_code == 302
    services.passport_report_lost(passport=passport, actor=custodian, note="Mất khi đi công tác")

    edited = passport.custody_log.get(action=A.EDITED)
    assert edited.actor == superuser
    assert "B7654321 → B7654322" in edited.note and "2034-01-02 → 2033-01-02" in edited.note
    assert [row.action for row in passport.custody_log.all()] == [
        A.REGISTERED,
        A.EDITED,
        A.REPORTED_LOST,
    ]
    assert_unbroken(passport)


@pytest.mark.django_db
def test_a_departed_holders_passport_keeps_an_unbroken_log(custodian, administrator):
    from agencies.models import LeavingReason

    passport = register(custodian)
    services.passport_edit(passport=passport, actor=custodian, fields={"storage_location": "Tủ 2"})
    official_leave(
        official=passport.official,
        reason=LeavingReason.RETIREMENT,
        left_on=dt.date.today(),
        actor=administrator,
    )
    lifecycle.passport_record_invalidation(
        passport=passport,
        actor=custodian,
        number="12/CV-SNV",
        dated=dt.date.today(),
        addressed_to="Cục Lãnh sự",
    )
    assert [row.action for row in passport.custody_log.all()][-2:] == [
        A.TO_INVALIDATE,
        A.INVALIDATED,
    ]
    assert_unbroken(passport)


def test_the_master_history_is_copied_into_the_custody_log_before_its_table_goes(
    migration_data, custodian
):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_ONE_HISTORY])
    old = executor.loader.project_state([BEFORE_ONE_HISTORY]).apps
    Historical = old.get_model("passports", "HistoricalPassport")
    admin = UserFactory(is_staff=True, is_superuser=True)

    def history(passport, kind, at, user=None, **changed):
        fields = {f: getattr(passport, f) for f in ("kind", "number", "issued_on", "expires_on")}
        fields |= {"status": Passport.Status.IN_CUSTODY, "storage_location": "Tủ 1"} | changed
        Historical.objects.create(
            id=passport.pk,
            official_id=passport.official_id,
            history_type=kind,
            history_date=at,
            history_user_id=user.pk if user else None,
            **fields,
        )

    # Logged through the services, and recorded by simple-history at the same moments.
    logged = register(custodian, number="B1111111")
    registered = logged.custody_log.get()
    corrected = services.passport_edit(
        passport=logged, actor=custodian, fields={"number": "B1111112"}
    )
    correction = corrected.custody_log.get(action=A.EDITED)
    history(logged, "+", registered.at, custodian, number="B1111111")
    history(logged, "~", correction.at, custodian, number="B1111112")
    # Then what only simple-history holds: the administrator moved it to another cupboard,
    # and it expired (a status moved outside the services).
    later = correction.at + dt.timedelta(hours=1)
    history(logged, "~", later, admin, number="B1111112", storage_location="Tủ 9")
    history(
        logged,
        "~",
        later + dt.timedelta(hours=1),
        number="B1111112",
        storage_location="Tủ 9",
        status=Passport.Status.EXPIRED,
    )
    Passport.objects.filter(pk=logged.pk).update(
        storage_location="Tủ 9", status=Passport.Status.EXPIRED
    )
    # A passport with no log at all (written before the custody log's services).
    unlogged = PassportFactory(storage_location="Tủ 1")
    history(unlogged, "+", later, admin)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = list(logged.custody_log.values_list("action", "actor", "from_status", "to_status"))
    assert rows == [
        (A.REGISTERED, custodian.pk, "", Passport.Status.IN_CUSTODY),
        (A.EDITED, custodian.pk, "", ""),  # the service's row, not copied twice
        (A.EDITED, admin.pk, "", ""),
        (A.EXPIRED, None, Passport.Status.IN_CUSTODY, Passport.Status.EXPIRED),
    ]
    copied = logged.custody_log.get(action=A.EDITED, actor=admin)
    assert copied.at == later
    assert "Tủ 1 → Tủ 9" in copied.note and "chép từ lịch sử" in copied.note
    assert_unbroken(logged)
    first = unlogged.custody_log.get()
    assert (first.action, first.actor, first.at) == (A.REGISTERED, admin, later)
    assert_unbroken(unlogged)
    assert "passports_historicalpassport" not in connection.introspection.table_names()
