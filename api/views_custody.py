"""Passports and their custody (the custodians' API), and annual plans."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api import serializers
from api.filters import PassportFilter, PlanFilter
from api.mixins import WorkflowActionsMixin
from api.permissions import CustodianWrites, HasRole
from api.views_trips import ERRORS, history_rows
from passports import services as passport_services
from passports.models import CustodyEvent
from passports.selectors import passports_visible_to
from passports.workflow import KEEPER, passport_relation
from plans import services as plan_services
from plans.selectors import plans_visible_to


class PassportViewSet(
    WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = serializers.PassportSerializer
    permission_classes = [HasRole, CustodianWrites]
    filterset_class = PassportFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return passports_visible_to(self.request.user).order_by("id")

    @extend_schema(responses={201: serializers.PassportSerializer, **ERRORS})
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        passport = passport_services.passport_register(
            actor=request.user, fields=serializer.validated_data
        )
        return Response(self.get_serializer(passport).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: serializers.PassportSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        passport = self.get_object()
        serializer = self.get_serializer(passport, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        passport = passport_services.passport_edit(
            passport=passport, actor=request.user, fields=serializer.validated_data
        )
        return Response(self.get_serializer(passport).data)

    @extend_schema(
        request=serializers.CheckOutSerializer,
        responses={200: serializers.PassportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        """Hand the passport out for an approved trip its holder is a member of."""
        return self.take(CustodyEvent.Action.HANDED_OUT, serializers.CheckOutSerializer)

    @extend_schema(
        request=serializers.CheckInSerializer,
        responses={200: serializers.PassportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        return self.take(CustodyEvent.Action.RETURNED, serializers.CheckInSerializer)

    @extend_schema(
        responses={
            200: serializers.CustodyEventSerializer(many=True),
            403: ERRORS[403],
            404: ERRORS[404],
        }
    )
    @action(detail=True, methods=["get"], url_path="custody-log", pagination_class=None)
    def custody_log(self, request, pk=None):
        passport = self.get_object()
        if not KEEPER(passport_relation(request.user, passport)):
            raise PermissionDenied
        log = passport.custody_log.select_related("actor", "acting_for")
        return Response(serializers.CustodyEventSerializer(log, many=True).data)


class PlanViewSet(
    WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = serializers.PlanSerializer
    permission_classes = [HasRole]
    filterset_class = PlanFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            plans_visible_to(self.request.user)
            .prefetch_related("lines")
            .order_by("-year", "agency__name", "-revision")
        )

    def _save_lines(self, plan, serializer):
        if "lines" in serializer.validated_data:
            plan_services.plan_save_lines(
                plan=plan, actor=self.request.user, lines=serializer.validated_data["lines"]
            )
        plan.refresh_from_db()
        return plan

    @extend_schema(responses={201: serializers.PlanSerializer, **ERRORS})
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not request.user.is_agency_staff:
            raise PermissionDenied
        plan = plan_services.plan_create(actor=request.user, year=serializer.validated_data["year"])
        plan = self._save_lines(plan, serializer)
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: serializers.PlanSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        plan = self.get_object()
        serializer = self.get_serializer(plan, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(self._save_lines(plan, serializer)).data)

    @extend_schema(request=None, responses={200: serializers.PlanSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.take("submit")

    @extend_schema(
        request=serializers.NoteSerializer, responses={200: serializers.PlanSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.take("approve", serializers.NoteSerializer)

    @extend_schema(
        request=serializers.ReasonSerializer, responses={200: serializers.PlanSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.take("reject", serializers.ReasonSerializer)

    @extend_schema(
        responses={200: serializers.PlanTransitionSerializer(many=True), 404: ERRORS[404]}
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        """The plan's history, oldest first (whoever may read the plan)."""
        return Response(
            serializers.PlanTransitionSerializer(history_rows(self.get_object()), many=True).data
        )
