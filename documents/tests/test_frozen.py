"""A document's frozen content (documents.contexts.Document.frozen), the register row's JSON:
the same as dataclasses.asdict() through Django's JSON encoder gave, for the documents the
moves really issue and for nested dataclasses, dates and amounts in `extra`."""

import dataclasses
import datetime as dt
import decimal
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from documents.contexts import Document, Signature
from documents.models import IssuedDocument
from trips.tests.helpers import approved_trip

pytestmark = pytest.mark.django_db


def by_asdict(document: Document) -> dict:
    data = dataclasses.asdict(document)
    data["issued_on"] = document.issued_on.isoformat()
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@dataclasses.dataclass
class Line:
    label: str
    amount: decimal.Decimal
    on: dt.date


def test_the_documents_a_move_issues_freeze_as_before(staff_a, head_a):
    trip = approved_trip(staff_a, head_a, n=3)
    rows = IssuedDocument.objects.filter(trip=trip)
    assert {row.kind for row in rows} >= {IssuedDocument.Kind.DECISION}
    for row in rows:
        document = Document.thawed(row.content["document"])
        assert document.frozen() == by_asdict(document) == row.content["document"]


def test_nested_dataclasses_dates_and_amounts_freeze_as_asdict_did():
    signature = Signature(name="Nguyễn Văn A", title="CHỦ TỊCH", signed_as="KT.")
    document = Document(
        kind="decision",
        symbol="12/QĐ-UBND",
        issued_on=dt.date(2031, 4, 5),
        heading="QUYẾT ĐỊNH",
        subject="Về việc cử cán bộ đi công tác nước ngoài",
        issuer_lines=["ỦY BAN NHÂN DÂN", "TỈNH X"],
        signature=signature,
        recipients=["Như Điều 3;", "Lưu: VT."],
        extra={
            "lines": [Line("Vé máy bay", decimal.Decimal("12500000.50"), dt.date(2031, 5, 1))],
            "one": Line("Ăn ở", decimal.Decimal("3"), dt.date(2031, 5, 2)),
            "nested": {"at": dt.datetime(2031, 4, 5, 8, 30, tzinfo=dt.UTC), "n": [1, (2, 3)]},
        },
    )
    frozen = document.frozen()
    assert frozen == by_asdict(document)
    assert frozen["extra"]["one"] == {"label": "Ăn ở", "amount": "3", "on": "2031-05-02"}
    assert Document.thawed(frozen).signature == signature
