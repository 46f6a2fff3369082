from agencies.models import Official
from agencies.tests.factories import OfficialFactory
from registry.demo import seed_demo_personnel_codes


def test_demo_codes_are_given_once(db):
    first, second = OfficialFactory.create_batch(2)
    OfficialFactory(personnel_code=f"CB{second.pk:06d}9")
    assert seed_demo_personnel_codes() == 2
    first.refresh_from_db()
    assert first.personnel_code == f"CB{first.pk:06d}"
    assert seed_demo_personnel_codes() == 0
    assert Official.objects.filter(personnel_code=None).count() == 0
