"""The approval chain's API: substitutions (and, once wired, the chain's trip actions)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts.models import Substitution
from api import serializers as api_serializers
from api.serializers_chain import (
    AppraisalSerializer,
    ChainStepSerializer,
    PartyOpinionSerializer,
    SubstitutionSerializer,
)
from approvals.chain import chain_of
from authority.substitution_rules import resolve_people
from authority.substitutions import (
    may_manage_substitutions,
    substitution_create,
    substitution_revoke,
    substitutions_visible_to,
)

CHAIN_ERRORS = {
    400: OpenApiResponse(description="Field errors: {field: [message]}"),
    403: OpenApiResponse(description="Not your step, or a request you created or travel on"),
    404: OpenApiResponse(description="Not found, or outside the caller's scope"),
    409: api_serializers.ConflictSerializer,
    422: api_serializers.BlockedSerializer,
}


class ChainActionsMixin:
    """trips/{id}/propose/ (issue 23), trips/{id}/appraise/ and trips/{id}/party-opinion/
    (API.md, 2026-11-28), on the trip viewset (WorkflowActionsMixin's `take`): the same actions and services as the browser."""

    @extend_schema(
        request=AppraisalSerializer, responses={200: api_serializers.TripSerializer, **CHAIN_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def appraise(self, request, pk=None):
        # The body's opinion goes to the service (it wins over the action's fixed one); both
        # appraisal actions have the same "who may".
        return self.take("appraise", AppraisalSerializer)

    @extend_schema(
        request=None,
        responses={200: ChainStepSerializer(many=True), 404: CHAIN_ERRORS[404]},
    )
    @action(detail=True, methods=["get"], url_path="chain", pagination_class=None)
    def chain_steps(self, request, pk=None):
        """The steps of the latest submission, in order (the `propose` step first where the
        chain has it), as the trip's `chain` field; not paginated."""
        return Response(ChainStepSerializer(chain_of(self.get_object()), many=True).data)

    @extend_schema(
        description=(
            "The chain's first step, `propose`, where the chain has it: the requesting "
            "agency's head (or a deputy, KT.) signs the proposal (Tờ trình) with their own "
            "credential and `signing_pin` (write-only, used once), then the agency's seal. "
            "400 `signing_pin` without a PIN or with a wrong one, nothing saved; 409 no "
            "personal credential, a locked one, or the wrong status."
        ),
        request=api_serializers.DecisionSerializer,
        responses={200: api_serializers.TripSerializer, **CHAIN_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        # The agency's head signs the proposal with their own key: the PIN as for a decision.
        return self.take("propose", api_serializers.DecisionSerializer)

    @extend_schema(
        request=PartyOpinionSerializer,
        responses={200: api_serializers.TripSerializer, **CHAIN_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="party-opinion")
    def party_opinion(self, request, pk=None):
        return self.take("party_opinion", PartyOpinionSerializer)


class ManagesSubstitutions(BasePermission):
    """Reviewers and deciders (their own), administrators (anyone's)."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and may_manage_substitutions(request.user)


class SubstitutionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SubstitutionSerializer
    permission_classes = [ManagesSubstitutions]
    lookup_value_regex = r"\d+"
    queryset = Substitution.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Substitution.objects.none()
        return substitutions_visible_to(self.request.user).order_by("-starts_on", "id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        principal, substitute = resolve_people(
            request.user,
            principal=data.get("principal", {}).get("username"),
            substitute=data["substitute"]["username"],
        )
        substitution = substitution_create(
            actor=request.user,
            principal=principal,
            substitute=substitute,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data.get("note", ""),
            signs_as=data.get("signs_as", ""),
        )
        return Response(self.get_serializer(substitution).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        substitution = self.get_object()  # 404 outside the caller's scope, or not a number
        substitution_revoke(actor=request.user, substitution=substitution)
        return Response(status=status.HTTP_204_NO_CONTENT)
