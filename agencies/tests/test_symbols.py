"""Agency symbols (issue 23): short, unique, validated; each its own number series."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from agencies.models import Agency
from agencies.tests.factories import AgencyFactory
from documents.contexts import agency_issuer
from documents.numbering import next_number, symbol_of

pytestmark = pytest.mark.django_db


def test_foreign_and_home_affairs_no_longer_collide():
    foreign = AgencyFactory(name="Sở Ngoại vụ")
    home = AgencyFactory(name="Sở Nội vụ")
    assert foreign.symbol == "SNV" and home.symbol == "SNV2"
    foreign.symbol = "SNgV"
    foreign.full_clean()
    foreign.save()
    with transaction.atomic():
        numbers = [
            symbol_of(
                next_number(year=2027, issuer=agency_issuer(a)[0]), "proposal", agency_issuer(a)[0]
            )
            for a in (foreign, home, foreign)
        ]
    assert numbers == ["01/TTr-SNgV", "01/TTr-SNV2", "02/TTr-SNgV"]


@pytest.mark.parametrize("symbol", ["SNV", "snv", "S N", "SỞNV", "S"])
def test_a_taken_or_malformed_symbol_is_refused_with_a_message(symbol):
    AgencyFactory(name="Sở Nội vụ", symbol="SNV")
    other = AgencyFactory(name="Sở Ngoại vụ", symbol="SNgV")
    other.symbol = symbol
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert "symbol" in refused.value.message_dict or refused.value.messages
    assert Agency.objects.get(pk=other.pk).symbol == "SNgV"
