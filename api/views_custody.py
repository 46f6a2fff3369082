"""Passports and their custody (the custodians' API), and annual plans."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api import serializers
from api.filters import PassportFilter, PlanFilter
from api.mixins import TransitionMixin
from api.permissions import CustodianWrites, HasRole
from api.views_trips import ERRORS, history_rows
from passports import services as passport_services
from passports.selectors import passports_visible_to
from passports.workflow import KEEPER, passport_relation
from plans import services as plan_services
from plans.selectors import plans_visible_to
from plans.workflow import PLAN_WORKFLOW, plan_relation


class PassportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
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
        passport = self.get_object()
        body = serializers.CheckOutSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        trip = body.validated_data["trip"]  # looked up among the trips the caller may see
        passport_services.passport_hand_out(
            passport=passport,
            actor=request.user,
            trip=trip,
            received_by=body.validated_data.get("received_by") or passport.official.full_name,
            on_date=timezone.localdate(),
            note=body.validated_data["note"],
        )
        passport.refresh_from_db()
        return Response(self.get_serializer(passport).data)

    @extend_schema(
        request=serializers.CheckInSerializer,
        responses={200: serializers.PassportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        passport = self.get_object()
        body = serializers.CheckInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        passport_services.passport_take_back(
            passport=passport, actor=request.user, note=body.validated_data["note"]
        )
        passport.refresh_from_db()
        return Response(self.get_serializer(passport).data)

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
        log = passport.custody_log.select_related("actor")
        return Response(serializers.CustodyEventSerializer(log, many=True).data)


class PlanViewSet(
    TransitionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    subject = "plan"
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

    def _act(self, name, service, text_serializer=None, text_name=None):
        """A move the plan's workflow offers this user (plans.workflow), else 403."""
        plan = self.get_object()
        if not PLAN_WORKFLOW.action(name).allowed(plan_relation(self.request.user, plan)):
            raise PermissionDenied(_("Không có quyền thực hiện thao tác này."))
        return self._transition(service, text_serializer, text_name, obj=plan)

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
        return self._act("submit", plan_services.plan_submit)

    @extend_schema(
        request=serializers.NoteSerializer, responses={200: serializers.PlanSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act("approve", plan_services.plan_approve, serializers.NoteSerializer, "note")

    @extend_schema(
        request=serializers.ReasonSerializer, responses={200: serializers.PlanSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(
            "reject", plan_services.plan_reject, serializers.ReasonSerializer, "reason"
        )

    @extend_schema(
        responses={200: serializers.PlanTransitionSerializer(many=True), 404: ERRORS[404]}
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        """The plan's history, oldest first (whoever may read the plan)."""
        return Response(
            serializers.PlanTransitionSerializer(history_rows(self.get_object()), many=True).data
        )
