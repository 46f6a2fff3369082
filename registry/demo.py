"""Demo data for the import: the demo's officials get personnel codes, as the HR register
would have given them, so that the downloaded template and an exported list line up."""

from django.db import transaction

from agencies.models import Official


def seed_demo_personnel_codes() -> int:
    """Give every official without a personnel code the code CB + their number (idempotent:
    an official with a code keeps it; a code already taken is not given twice). Returns how
    many officials got a code."""
    with transaction.atomic():
        taken = set(
            Official.objects.exclude(personnel_code=None).values_list("personnel_code", flat=True)
        )
        given = []
        for official in Official.objects.filter(personnel_code=None).order_by("pk"):
            code = f"CB{official.pk:06d}"
            if code in taken:
                continue
            official.personnel_code = code
            taken.add(code)
            given.append(official)
        Official.objects.bulk_update(given, ["personnel_code"], batch_size=500)
    return len(given)
