"""Summary tables of the statistics (issue 26): per (official, year) and per (agency, year),
kept in step with the trips inside the transaction that moves them (analytics/summary.py), so
that the statistics page reads a few hundred summary rows instead of a year's memberships.

Every trip's share of the figures is kept in its ledger row: a change subtracts what the trip
added before and adds what it adds now, whatever changed (status, dates, members, report)."""

from django.db import models


class TripContribution(models.Model):
    """What one trip adds to the summary tables now. The trip's id without a foreign key: on
    a trip's deletion the row must outlive the cascade long enough to be subtracted."""

    trip_id = models.BigIntegerField(primary_key=True)
    rows = models.JSONField(default=dict)

    def __str__(self):
        return f"trip {self.trip_id}"


class OfficialYearUsage(models.Model):
    """An official's use of a year on approved and completed trips of one agency (the trip's
    agency: a transferred official keeps their old trips under the old agency)."""

    official = models.ForeignKey(
        "agencies.Official", on_delete=models.CASCADE, related_name="year_usage"
    )
    year = models.PositiveSmallIntegerField()
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    submitted = models.BooleanField()  # the trips were submitted (reviewers see only those)
    trips = models.IntegerField(default=0)  # counted trips departing that year
    business_trips = models.IntegerField(default=0)  # L5: business trips departing that year
    private_working_days = models.IntegerField(default=0)  # L8: working days of that year

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["official", "year", "agency", "submitted"],
                name="official_year_usage_once",
            )
        ]
        indexes = [models.Index(fields=["year", "agency"], name="official_usage_year_agency")]

    def __str__(self):
        return f"{self.official_id} {self.year} {self.agency_id}"


class AgencyYearTrips(models.Model):
    """Trips of an agency departing in a year, by status, kind and whether ever submitted
    (reviewers see only those): every status, so each viewer's counts can be read."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    submitted = models.BooleanField()
    trips = models.IntegerField(default=0)
    justified = models.IntegerField(default=0)  # warnings justified

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "status", "kind", "submitted"],
                name="agency_year_trips_once",
            )
        ]

    def __str__(self):
        return f"{self.agency_id} {self.year} {self.status} {self.kind}"


class AgencyYearTally(models.Model):
    """Sums over an agency's approved and completed trips departing in a year: `measure` is
    estimated / actual (đồng), on_time / late (reports), days (person-days abroad), country
    and funding (trips, by `key`)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    submitted = models.BooleanField()
    measure = models.CharField(max_length=20)
    key = models.CharField(max_length=200, blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "submitted", "measure", "key"],
                name="agency_year_tally_once",
            )
        ]

    def __str__(self):
        return f"{self.agency_id} {self.year} {self.measure} {self.key}"
