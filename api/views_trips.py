"""Trip requests: the same selectors, services and rules module as the browser."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api import serializers
from api.filters import ApiTripFilter
from api.mixins import FiltersOnListOnly, WorkflowActionsMixin
from api.permissions import HasRole
from api.views_chain import ChainActionsMixin
from approvals.chain import chain_prefetch
from approvals.services.decisions import read_for_move
from approvals.workflow import trip_relation
from core.workflow import allowed_action
from reports import services as report_services
from reports.models import PostTripReport
from trips import policy, services
from trips.policy.facts import MemberData, TripData
from trips.selectors import trips_visible_to

ERRORS = {
    400: OpenApiResponse(description="Field errors: {field: [message]}"),
    403: OpenApiResponse(description="Not allowed"),
    404: OpenApiResponse(description="Not found, or outside the caller's scope"),
    409: serializers.ConflictSerializer,
    422: serializers.BlockedSerializer,
}


def _members(validated):
    return [MemberData(m["official"], m["is_head"]) for m in validated.get("members", [])]


def _fields(validated):
    return {k: v for k, v in validated.items() if k != "members"}


class TripViewSet(
    FiltersOnListOnly,
    ChainActionsMixin,
    WorkflowActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.TripSerializer
    permission_classes = [HasRole]
    filterset_class = ApiTripFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    reads_locked = True  # a POST on one request is a workflow action (WorkflowActionsMixin)

    def get_queryset(self):
        rows = trips_visible_to(self.request.user).select_related("agency")
        if self.detail and self.request.method == "POST":
            # A workflow action, inside its move: the row locked with the members, as its
            # service reads it; who may and the service then use this one read.
            return read_for_move(rows)
        return rows.prefetch_related("members", chain_prefetch()).order_by("-departure_date", "-id")

    def _staff_only(self):
        if not self.request.user.is_agency_staff:
            raise PermissionDenied(_("Chỉ cán bộ cơ quan mới được lập hồ sơ."))

    @extend_schema(responses={201: serializers.TripSerializer, **ERRORS})
    def create(self, request):
        self._staff_only()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        trip = services.trip_save_draft(
            actor=request.user,
            fields=_fields(serializer.validated_data),
            members=_members(serializer.validated_data),
        )
        return Response(self.get_serializer(trip).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: serializers.TripSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        trip = self.get_object()
        serializer = self.get_serializer(trip, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        members = (
            _members(serializer.validated_data)
            if "members" in serializer.validated_data
            else [MemberData(m.official_id, m.is_head) for m in trip.members.all()]
        )
        trip = services.trip_save_draft(
            actor=request.user,
            trip=trip,
            fields=_fields(serializer.validated_data),
            members=members,
        )
        return Response(self.get_serializer(trip).data)

    @extend_schema(
        request=serializers.TripSerializer,
        responses={200: serializers.FindingsSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def check(self, request):
        """The findings of an unsaved request; nothing is saved."""
        self._staff_only()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        trip_data = TripData.from_mapping(
            data, agency_id=request.user.agency_id, members=_members(data)
        )
        return Response({"findings": [f.as_dict() for f in policy.check(trip_data)]})

    @extend_schema(request=None, responses={200: serializers.TripSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.take("submit")

    @extend_schema(
        request=serializers.DecisionSerializer,
        responses={200: serializers.TripSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.take("approve", serializers.DecisionSerializer)

    @extend_schema(
        request=serializers.ReasonSerializer, responses={200: serializers.TripSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.take("reject", serializers.ReasonSerializer)

    @extend_schema(
        request=serializers.ReasonSerializer, responses={200: serializers.TripSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self.take("return", serializers.ReasonSerializer)

    @extend_schema(
        request=serializers.OptionalReasonSerializer,
        responses={200: serializers.TripSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self.take("withdraw", serializers.OptionalReasonSerializer)

    @extend_schema(
        request=serializers.ReasonSerializer, responses={200: serializers.TripSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self.take("cancel", serializers.ReasonSerializer)

    @extend_schema(
        responses={200: serializers.TripTransitionSerializer(many=True), 404: ERRORS[404]}
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        trip = self.get_object()
        return Response(serializers.TripTransitionSerializer(history_rows(trip), many=True).data)


def history_rows(obj):
    """The history rows of a trip, a report or a plan, with the people they name: one query."""
    return obj.history.select_related("actor", "acting_for")


class ReportViewSet(WorkflowActionsMixin, viewsets.GenericViewSet):
    """trips/{id}/report/: read (GET only reads), start (POST), write (PUT), submit, accept."""

    serializer_class = serializers.ReportSerializer
    queryset = PostTripReport.objects.none()  # reports are reached through their trip
    metadata_class = None  # OPTIONS would look the object up by a "pk" this route has not
    permission_classes = [HasRole]
    pagination_class = None
    filterset_class = None

    def _report(self, request, trip_pk, *, open_if_missing=False):
        trip = get_object_or_404(trips_visible_to(request.user), pk=trip_pk)
        report = getattr(trip, "report", None)
        if report is None:
            # Writing it (PUT) starts it, for its agency's staff; a GET only reads.
            is_author = trip_relation(request.user, trip).author
            if not (open_if_missing and is_author and trip.report_due_on):
                raise Http404
            report = report_services.report_open(trip=trip, actor=request.user)
        return report

    @extend_schema(responses={200: serializers.ReportSerializer, 404: ERRORS[404]})
    def retrieve(self, request, trip_pk=None):
        """The report; 404 until it is started (POST)."""
        return Response(self.get_serializer(self._report(request, trip_pk)).data)

    @extend_schema(request=None, responses={201: serializers.ReportSerializer, **ERRORS})
    def start(self, request, trip_pk=None):
        """Start the report of an approved business trip (its agency's staff); a report
        already started is answered as it is (200)."""
        trip = get_object_or_404(trips_visible_to(request.user), pk=trip_pk)
        report = getattr(trip, "report", None)
        if report is not None:
            return Response(self.get_serializer(report).data)
        if allowed_action(request.user, trip, "start_report") is None:
            if trip_relation(request.user, trip).author:
                raise Http404  # no report owed (not an approved business trip)
            raise PermissionDenied(_("Không có quyền thực hiện thao tác này."))
        report = report_services.report_open(trip=trip, actor=request.user)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: serializers.ReportSerializer, **ERRORS})
    def update(self, request, trip_pk=None):
        report = self._report(request, trip_pk, open_if_missing=True)
        serializer = self.get_serializer(report, data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {
            k: v for k, v in serializer.validated_data.items() if k in report_services.REPORT_FIELDS
        }
        report = report_services.report_save(report=report, actor=request.user, fields=fields)
        return Response(self.get_serializer(report).data)

    @extend_schema(
        responses={200: serializers.ReportTransitionSerializer(many=True), 404: ERRORS[404]}
    )
    def history(self, request, trip_pk=None):
        """The report's history, oldest first; 404 until it is started."""
        report = self._report(request, trip_pk)
        return Response(
            serializers.ReportTransitionSerializer(history_rows(report), many=True).data
        )

    @extend_schema(request=None, responses={200: serializers.ReportSerializer, **ERRORS})
    def submit(self, request, trip_pk=None):
        report = report_services.report_submit(
            report=self._report(request, trip_pk), actor=request.user
        )
        return Response(self.get_serializer(report).data)

    @extend_schema(
        request=serializers.NoteSerializer, responses={200: serializers.ReportSerializer, **ERRORS}
    )
    def accept(self, request, trip_pk=None):
        self.report = self._report(request, trip_pk)
        return self.take("accept", serializers.NoteSerializer)

    def get_object(self):  # WorkflowActionsMixin's object: the report found by its trip
        return self.report
