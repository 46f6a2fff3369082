import pytest

from accounts.models import User
from approvals.chain import chain_of
from approvals.demo_chain import REQUESTS, seed_demo_chain
from portal.demo import seed
from trips.models import TripRequest

pytestmark = pytest.mark.django_db


def test_the_chain_demo_has_a_decider_and_requests_at_each_step():
    seed()  # the demo seed runs the chain's hook (portal.demo.SEED_HOOKS)
    assert User.objects.get(username="lanhdao").check_password("demo-2026")
    assert User.objects.get(username="lanhdao").is_decider
    trips = {t.title: t for t in TripRequest.objects.filter(title__startswith="[Chuỗi]")}
    assert set(trips) == {title for title, *_ in REQUESTS}
    waiting = {
        title: [(s.action, s.status) for s in chain_of(trip)] for title, trip in trips.items()
    }
    assert waiting["[Chuỗi] Đoàn dự hội nghị tại Singapore"] == [("decide", "active")]
    # The agency's head signs the proposal first (issue 23), then the Department appraises.
    assert waiting["[Chuỗi] Đoàn xúc tiến đầu tư tại Hàn Quốc"][0] == ("propose", "active")
    assert waiting["[Chuỗi] Đoàn trao đổi hợp tác tại Campuchia"][:2] == [
        ("propose", "approved"),
        ("appraise", "active"),
    ]
    assert waiting["[Chuỗi] Đoàn lãnh đạo thăm tỉnh kết nghĩa tại Lào"][2] == (
        "party_opinion",
        "active",
    )
    assert waiting["[Chuỗi] Đoàn lãnh đạo dự diễn đàn tại Úc"][3] == ("decide", "active")
    korea = trips["[Chuỗi] Đoàn xúc tiến đầu tư tại Hàn Quốc"]
    assert not korea.issued_documents.filter(kind="proposal").exists()
    proposal = trips["[Chuỗi] Đoàn trao đổi hợp tác tại Campuchia"].issued_documents.get(
        kind="proposal"
    )
    assert proposal.issued_by.username == "thutruong" and "Giám đốc" in proposal.signer
    assert trips["[Chuỗi] Đoàn học tập kinh nghiệm tại Thái Lan"].status == "approved"
    # Both paths of the law (issue 23): the Chairman, the Vice-Chairman KT., the agency's head.
    decisions = {
        title: trip.issued_documents.get(kind="decision")
        for title, trip in trips.items()
        if trip.status == "approved"
    }
    by_chairman = decisions["[Chuỗi] Đoàn học tập kinh nghiệm tại Thái Lan"]
    by_vice = decisions["[Chuỗi] Đoàn khảo sát mô hình đô thị thông minh tại Malaysia"]
    by_head = decisions["[Chuỗi] Đoàn tập huấn nghiệp vụ lễ tân tại Singapore"]
    assert by_chairman.symbol.endswith("/QĐ-UBND") and by_chairman.signed_as == ""
    assert by_vice.symbol.endswith("/QĐ-UBND") and by_vice.signed_as == "KT."
    assert by_head.symbol.endswith("/QĐ-SNgV") and by_head.issued_by.username == "thutruong"
    assert seed_demo_chain() == []  # run twice: nothing more
