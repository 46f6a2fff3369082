"""Bodies (issue 23): one symbol column for every issuing body, the Department's and the
agencies' alike; short, unique, validated; each body its own number series."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from agencies.tests.factories import AgencyFactory
from authority import selectors, services
from authority.models import Authority, AuthorityChange, Body, Position
from authority.tests.factories import body_of
from documents.contexts import agency_issuer
from documents.numbering import next_number, symbol_of

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_committee_the_department_and_the_law_s_defaults():
    province, department = Body.objects.province(), Body.objects.department()
    assert (province.symbol, department.symbol) == ("UBND", "SNV")
    assert department.parent == province
    assert province.header_lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    rows = {a.level: a for a in Authority.objects.all()}
    assert rows["agency"].issuing_body is None
    assert rows["agency"].steps == [
        {"action": "decide", "body": None, "positions": ["head", "deputy", "acting_head"]}
    ]
    # The agency's head signs the proposal first (issue 23; trips' data migration 0017).
    assert [s["action"] for s in rows["standing_committee"].steps] == [
        "propose",
        "appraise",
        "party_opinion",
        "decide",
    ]
    assert rows["province"].issuing_body == province
    assert rows["province"].steps[0] == {
        "action": "propose",
        "body": None,
        "positions": ["head", "deputy", "acting_head"],
    }
    assert Position.objects.get(body=province, kind="head").title == "CHỦ TỊCH"


def test_a_new_agency_gets_its_body_and_never_the_department_s_symbol():
    foreign = AgencyFactory(name="Sở Ngoại vụ")
    body = body_of(foreign)
    assert body.agency == foreign and body.parent == Body.objects.province()
    assert body.symbol == "SNV2"  # initials, made unique: SNV is the Department's


def test_each_body_numbers_in_its_own_series():
    foreign, trade = AgencyFactory(name="Sở Ngoại vụ"), AgencyFactory(name="Sở Công Thương")
    services.body_save(actor=None, body=body_of(foreign), symbol="SNgV")
    with transaction.atomic():
        numbers = []
        for agency in (foreign, trade, foreign):
            issuer = agency_issuer(agency)[0]
            numbers.append(symbol_of(next_number(year=2027, issuer=issuer), "proposal", issuer))
    assert numbers == ["01/TTr-SNgV", "01/TTr-SCT", "02/TTr-SNgV"]


@pytest.mark.parametrize("symbol", ["SNV", "UBND", "snv", "S N", "SỞNV", "S"])
def test_a_taken_or_malformed_symbol_is_refused_with_a_message(symbol):
    body = body_of(AgencyFactory(name="Sở Ngoại vụ"))
    services.body_save(actor=None, body=body, symbol="SNgV")
    with pytest.raises(ValidationError) as refused:
        services.body_save(actor=None, body=body, symbol=symbol)
    assert "symbol" in refused.value.message_dict
    assert Body.objects.get(pk=body.pk).symbol == "SNgV"


def test_an_agency_renamed_renames_its_body_once_with_an_audit_row():
    agency = AgencyFactory(name="Sở Ngoại vụ")
    agency.name = "Sở Ngoại vụ và Hợp tác quốc tế"
    agency.save()
    body = body_of(agency)
    assert body.name == "Sở Ngoại vụ và Hợp tác quốc tế"
    change = AuthorityChange.objects.get(target=f"body:{body.pk}")
    assert change.old_value["name"] == "Sở Ngoại vụ" and change.actor is None
    assert change.new_value["name"] == body.name and change.note == services.AGENCY_RENAMED
    agency.save()  # saved again, same name: nothing to record
    assert AuthorityChange.objects.filter(target=f"body:{body.pk}").count() == 1


def test_reading_an_agency_s_body_never_writes(django_assert_num_queries):
    agency = AgencyFactory(name="Sở Ngoại vụ")
    Body.objects.filter(agency=agency).update(name="Tên cũ")  # as if renamed behind its back
    with django_assert_num_queries(1):  # the body and its parent, one SELECT
        body = selectors.body_for_agency(agency)
        selectors.body_for_agency(agency)  # remembered on the agency object
    assert body.name == "Tên cũ" and Body.objects.get(pk=body.pk).name == "Tên cũ"
    assert agency_issuer(agency)[2] == "Tên cũ"
    assert not AuthorityChange.objects.exists()
