"""The approval chain's serializers: steps, appraisals, Party opinions, substitutions."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Substitution
from api.built_fields import BuiltOnce
from approvals.models import ChainStep


class PartyOpinionSerializer(serializers.Serializer):
    """The Standing Committee's written opinion, as a reviewer records it."""

    agreed = serializers.BooleanField()
    reference = serializers.CharField(max_length=100)
    dated = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AppraisalSerializer(serializers.Serializer):
    opinion = serializers.ChoiceField(choices=["approve", "reject"])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ChainStepSerializer(BuiltOnce, serializers.ModelSerializer):
    """One step of a request's chain (API.md 2026-11-28): people named by username."""

    step = serializers.CharField(source="action", read_only=True)
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    acting_for = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    party_opinion = serializers.SerializerMethodField()
    # Issue 23: who may take it is a body's positions; `role` says whose page it appears on.
    role = serializers.SerializerMethodField()
    body = serializers.SlugRelatedField(slug_field="symbol", read_only=True, allow_null=True)
    positions = serializers.ListField(
        source="kind_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = ChainStep
        fields = ["step", "role", "body", "positions", "status", "actor", "acting_for", "at",
                  "note", "party_opinion"]  # fmt: skip
        read_only_fields = fields

    def get_role(self, step) -> str:
        if step.role or step.body is None:
            return step.role
        if "appraiser" in step.kind_list:
            return "reviewer"
        return "agency_head" if step.body.agency_id is not None else "decider"

    @extend_schema_field(PartyOpinionSerializer(allow_null=True))
    def get_party_opinion(self, step):
        if step.action != ChainStep.Action.PARTY_OPINION or step.party_agreed is None:
            return None
        return PartyOpinionSerializer(
            {
                "agreed": step.party_agreed,
                "reference": step.party_reference,
                "dated": step.party_dated,
                "note": step.note,
            }
        ).data


class SubstitutionSerializer(serializers.ModelSerializer):
    # Plain names, resolved by the service: an unknown login is refused like an ineligible
    # one, never with "does not exist" (issue 23).
    principal = serializers.CharField(
        source="principal.username", required=False, help_text=_("Mặc định là người gọi.")
    )
    substitute = serializers.CharField(source="substitute.username")

    class Meta:
        model = Substitution
        fields = ["id", "principal", "substitute", "starts_on", "ends_on", "note", "signs_as"]
