"""The shapes of API.md. Writes go through the services, never straight to the models."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from agencies.models import Agency, DisciplinaryReview, Official
from api.built_fields import BuiltOnce
from api.serializers_chain import ChainStepSerializer
from approvals.chain import chain_of
from core.countries import Destinations
from core.validators import one_line
from passports.models import CustodyEvent, Passport
from plans.models import AnnualPlan, PlanLine, PlanTransition
from plans.services import LINE_FIELDS
from reports.models import PostTripReport, ReportTransition
from trips.models import TripRequest, TripTransition
from trips.policy.dates import validate_days_per_country
from trips.selectors import (
    officials_usable_by,
    officials_visible_to,
    plan_lines_usable_by,
    trips_visible_to,
)

# Destinations abroad: Việt Nam itself is not one.
COUNTRY_CODES = [code for code, _name in Destinations()]


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["block", "warn"])
    message = serializers.CharField()
    officials = serializers.ListField(child=serializers.IntegerField())
    basis = serializers.CharField()


class FindingsSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.CharField()


class BlockedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    findings = FindingSerializer(many=True)


def _caller(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id from the body, looked up only among what the caller may use: `scope` is a
    selector of `trips.selectors` applied to request.user. Outside it, the id is "not found",
    exactly as an id that does not exist; the browsable API's choices come from it too."""

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        user = _caller(self)
        if user is None:  # the schema generator: no request, no choices
            return self.queryset.none()
        return self.scope(user)


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "parent", "kind"]


class OfficialSerializer(serializers.ModelSerializer):
    # Not in API.md's list of an official's fields: optional (a client written to the page
    # keeps working); without it the letters name the person without "Ông"/"Bà".
    gender = serializers.ChoiceField(
        choices=Official.Gender.choices, required=False, allow_blank=True
    )
    management_level = serializers.ChoiceField(
        choices=Official.ManagementLevel.choices, required=False
    )
    # The login linked to the official (API.md, 2026-11-28): "travels on" means linked to a
    # member. Written by the administrator (the viewset lets only them write).
    username = serializers.SlugRelatedField(
        source="user",
        slug_field="username",
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Official
        fields = [
            "id", "agency", "full_name", "personnel_code", "gender", "position", "is_key_leader",
            "leave_base_days", "service_start_date", "management_level", "username",
        ]  # fmt: skip

    def validate_personnel_code(self, value):
        # Unique among those that have one: an empty code is no code, not a second "".
        return (value or "").strip() or None

    def validate_username(self, user):
        if user is None:
            return None
        linked = Official.objects.filter(user=user)
        if self.instance is not None:
            linked = linked.exclude(pk=self.instance.pk)
        if linked.exists():
            raise serializers.ValidationError(_("Tài khoản này đã được gắn với một cán bộ khác."))
        return user


class DisciplineReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisciplinaryReview
        fields = ["id", "kind", "opened_on", "closed_on", "note"]

    def validate(self, attrs):
        opened = attrs.get("opened_on", getattr(self.instance, "opened_on", None))
        closed = attrs.get("closed_on", getattr(self.instance, "closed_on", None))
        if opened and closed and closed < opened:
            raise serializers.ValidationError(
                {"closed_on": ["Ngày kết thúc không được trước ngày bắt đầu xem xét."]}
            )
        return attrs


class MemberSerializer(serializers.Serializer):
    # An id: the members of a request are checked together, in one scoped query
    # (TripSerializer.validate_members), not one lookup per member.
    official = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    is_head = serializers.BooleanField(default=False)

    def to_representation(self, member):
        return {"official": member.official_id, "is_head": member.is_head}


class TripSerializer(BuiltOnce, serializers.ModelSerializer):
    countries = serializers.ListField(
        child=serializers.ChoiceField(choices=COUNTRY_CODES), allow_empty=False
    )
    members = MemberSerializer(many=True, required=True)
    estimated_cost_vnd = serializers.IntegerField(
        min_value=0, max_value=9_000_000_000_000_000, default=0
    )
    justifications = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False
    )
    # DAYS_PER_COUNTRY (API.md, additions of 2026-12-06): {"JP": 3}; the service checks the
    # codes against `countries` and the sum against the trip's days.
    days_per_country = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=366), required=False
    )
    findings = FindingSerializer(many=True, read_only=True)
    plan_line = ScopedPrimaryKeyRelatedField(
        scope=plan_lines_usable_by,
        queryset=PlanLine.objects.all(),
        allow_null=True,
        required=False,
        error_messages={
            "does_not_exist": gettext_lazy(
                "Nội dung kế hoạch số {pk_value} không thuộc kế hoạch đã được phê duyệt của "
                "cơ quan."
            )
        },
    )

    # The approval chain (API.md 2026-11-28), read-only: api.serializers_chain.
    chain = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField()

    class Meta:
        model = TripRequest
        fields = [
            "id", "kind", "agency", "title", "purpose", "countries", "departure_date", "return_date",
            "inviter", "organiser_type", "funded_by_enterprise", "named_invitation_by_foreign_enterprise",
            "involves_commitment", "mandate_reference", "estimated_cost_vnd", "plan_line", "members",
            "justifications", "status", "findings", "report_due_on", "created_by",
            "chain", "next_step", "days_per_country",
        ]  # fmt: skip
        read_only_fields = ["agency", "status", "report_due_on", "created_by"]

    @extend_schema_field(ChainStepSerializer(many=True))
    def get_chain(self, trip):
        return ChainStepSerializer(chain_of(trip), many=True).data

    @extend_schema_field(ChainStepSerializer(allow_null=True))
    def get_next_step(self, trip):
        waiting = next((s for s in chain_of(trip) if s.status == "active"), None)
        return ChainStepSerializer(waiting).data if waiting else None

    def to_representation(self, trip):
        data = super().to_representation(trip)
        data["countries"] = [str(code) for code in trip.countries]
        return data

    def validate_members(self, members):
        """Every member is an official the caller may name (their agency's, in service):
        one query for the whole delegation, and the same answer for an id of another
        agency as for an id that does not exist."""
        ids = {m["official"] for m in members}
        user = _caller(self)
        found = (
            officials_usable_by(user).filter(pk__in=ids).order_by().values_list("pk", flat=True)
            if user is not None
            else ()
        )
        require_known_officials(
            ids,
            found,
            _("Không có cán bộ số %(ids)s trong danh sách cán bộ đang công tác của cơ quan."),
        )
        return members

    def validate(self, attrs):
        departure = attrs.get("departure_date", getattr(self.instance, "departure_date", None))
        return_ = attrs.get("return_date", getattr(self.instance, "return_date", None))
        if departure and return_ and return_ < departure:
            raise serializers.ValidationError(
                {"return_date": ["Ngày về không được trước ngày đi."]}
            )
        if attrs.get("days_per_country") and departure and return_:
            countries = attrs.get("countries", getattr(self.instance, "countries", []))
            validate_days_per_country(
                attrs["days_per_country"],
                countries=countries,
                departure_date=departure,
                return_date=return_,
            )
        return attrs


class WorkflowHistorySerializer(serializers.ModelSerializer):
    """A history row of a trip, a report or a plan (core.workflow.WorkflowHistory): the
    workflow's `action` as recorded ("" on a row that recorded none), and the principal a
    substitute acted for (API.md 2026-11-28: people named by username)."""

    actor = serializers.StringRelatedField()
    acting_for = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        fields = ["at", "actor", "action", "from_status", "to_status", "note", "acting_for"]


class TripTransitionSerializer(WorkflowHistorySerializer):
    class Meta(WorkflowHistorySerializer.Meta):
        model = TripTransition


class ReportTransitionSerializer(WorkflowHistorySerializer):
    class Meta(WorkflowHistorySerializer.Meta):
        model = ReportTransition


class PlanTransitionSerializer(WorkflowHistorySerializer):
    class Meta(WorkflowHistorySerializer.Meta):
        model = PlanTransition


def require_known_officials(ids, found, message: str) -> None:
    """Refuse the delegation when an id of `ids` is not among `found` (the officials the
    caller may name), naming the missing ids in `message` (`%(ids)s`)."""
    unknown = sorted(set(ids) - set(found))
    if unknown:
        raise serializers.ValidationError(message % {"ids": ", ".join(map(str, unknown))})


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=False)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class DecisionSerializer(NoteSerializer):
    """The decision: a note, and the PIN of the decider's own signing credential (write-only,
    used once by their key, never stored, echoed or logged)."""

    signing_pin = serializers.CharField(
        max_length=64,
        allow_blank=True,
        required=False,
        default="",
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
    )


class ReportSerializer(serializers.ModelSerializer):
    outcomes = serializers.CharField(allow_blank=True, required=False)
    attachments = serializers.SerializerMethodField()
    actual_cost_vnd = serializers.IntegerField(
        min_value=0, max_value=9_000_000_000_000_000, allow_null=True, required=False
    )

    class Meta:
        model = PostTripReport
        fields = [
            "summary", "outcomes", "agreements", "follow_up", "actual_cost_vnd", "attachments",
            "due_on", "status", "working_days_late",
        ]  # fmt: skip
        read_only_fields = ["due_on", "status", "working_days_late"]

    def get_attachments(self, report) -> list[str]:
        return [d.original_name for d in report.trip.documents.all() if d.kind == "report"]


class PassportSerializer(serializers.ModelSerializer):
    official = ScopedPrimaryKeyRelatedField(
        scope=officials_visible_to,
        queryset=Official.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("Không có cán bộ số {pk_value}.")},
    )

    class Meta:
        model = Passport
        fields = [
            "id",
            "official",
            "kind",
            "number",
            "issued_on",
            "expires_on",
            "status",
            "storage_location",
        ]
        read_only_fields = ["status"]


class CheckOutSerializer(serializers.Serializer):
    trip = ScopedPrimaryKeyRelatedField(
        scope=trips_visible_to,
        queryset=TripRequest.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("Không có hồ sơ số {pk_value}.")},
    )
    received_by = serializers.CharField(
        max_length=150, required=False, allow_blank=True, validators=[one_line]
    )
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        # Received by the holder unless the caller names someone else.
        passport = self.context["subject"]
        return {**attrs, "received_by": attrs.get("received_by") or passport.official.full_name}


class CheckInSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class CustodyEventSerializer(serializers.ModelSerializer):
    """A row of the passport's one history (registration, moves, corrections)."""

    # None: the sweep's moves have no actor, and most rows act for nobody.
    actor = serializers.StringRelatedField(allow_null=True)
    acting_for = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = CustodyEvent
        fields = [
            "id",
            "at",
            "action",
            "from_status",
            "to_status",
            "actor",
            "acting_for",
            "trip",
            "counterpart",
            "due_back_on",
            "is_late",
            "note",
        ]


class PlanLineSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)
    countries = serializers.ListField(
        child=serializers.ChoiceField(choices=COUNTRY_CODES), required=False
    )
    budget_vnd = serializers.IntegerField(min_value=0, max_value=9_000_000_000_000_000)

    class Meta:
        model = PlanLine
        fields = ["id", *LINE_FIELDS]

    def to_representation(self, line):
        data = super().to_representation(line)
        data["countries"] = [str(code) for code in line.countries]
        return data


class PlanSerializer(serializers.ModelSerializer):
    lines = PlanLineSerializer(many=True, required=False)

    class Meta:
        model = AnnualPlan
        fields = ["id", "agency", "year", "revision", "status", "lines"]
        read_only_fields = ["agency", "revision", "status"]


class TokenRequestSerializer(serializers.Serializer):
    # Bounded as the user model bounds them: a longer "username" never reaches django-axes'
    # failure log (a varchar(255) on PostgreSQL).
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
