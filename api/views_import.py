"""Bulk upsert of officials from the HR register's spreadsheet, and past decided trips
(API.md's last section): administrators only, through the same services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import Agency, Official
from api.permissions import Administrator
from api.serializers import TripSerializer, require_known_officials
from plans.models import PlanLine
from registry import services as imports
from registry.models import ImportJob
from trips.models import TripRequest
from trips.policy.facts import MemberData
from trips.services import trip_record_past


class OfficialImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX or CSV with the template's Vietnamese headers")
    dry_run = serializers.BooleanField(default=False)


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    errors = serializers.ListField(child=serializers.CharField())


class OfficialImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = serializers.IntegerField()
    applied = serializers.BooleanField()
    row_errors = RowErrorSerializer(many=True)


class OfficialImportErrorSerializer(serializers.Serializer):
    """400: either the file could not be read ({"file": [...]}) or rows are in error (the
    counts, as for a dry run, and every row's errors); nothing was applied either way."""

    file = serializers.ListField(child=serializers.CharField(), required=False)
    dry_run = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(required=False)
    created = serializers.IntegerField(required=False)
    changed = serializers.IntegerField(required=False)
    unchanged = serializers.IntegerField(required=False)
    errors = serializers.IntegerField(required=False)
    applied = serializers.BooleanField(required=False)
    row_errors = RowErrorSerializer(many=True, required=False)


class OfficialImportView(APIView):
    """Create or update officials keyed on their personnel code. Nothing is applied on a dry
    run or when any row is in error (the answer is then 400 with the rows' errors)."""

    permission_classes = [Administrator]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="officials_import",
        request={"multipart/form-data": OfficialImportSerializer},
        responses={
            200: OfficialImportResultSerializer,
            400: OfficialImportErrorSerializer,
            403: OpenApiResponse(description="Not an administrator"),
        },
    )
    def post(self, request):
        serializer = OfficialImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            counts, row_errors = imports.import_now(
                actor=request.user,
                kind=ImportJob.Kind.OFFICIALS,
                upload=serializer.validated_data["file"],
                dry_run=serializer.validated_data["dry_run"],
            )
        except DjangoValidationError as error:  # the file as a whole: unreadable, too big
            raise serializers.ValidationError({"file": error.messages}) from error
        answer = {**counts, "row_errors": row_errors}
        if row_errors:
            answer["detail"] = _("Có dòng lỗi: chưa cập nhật gì.")
        return Response(answer, status=status.HTTP_400_BAD_REQUEST if row_errors else 200)


class PastTripSerializer(TripSerializer):
    """A trip's fields, its agency (any: the administrator records for the province), and the
    paper decision."""

    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(is_active=True))
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in map(TripRequest.Status, TripRequest.COUNTED_STATUSES)],
        default=TripRequest.Status.APPROVED,
    )
    # Any line (the administrator records for every agency); the service keeps those of the
    # agency's approved plan for the trip's year (issue 23).
    plan_line = serializers.PrimaryKeyRelatedField(
        queryset=PlanLine.objects.select_related("plan"), required=False, allow_null=True
    )
    decision_number = serializers.CharField(max_length=100, write_only=True)
    decided_on = serializers.DateField(write_only=True)
    decided_by = serializers.CharField(max_length=200, write_only=True)

    class Meta(TripSerializer.Meta):
        fields = [
            *TripSerializer.Meta.fields,
            "decision_number",
            "decided_on",
            "decided_by",
        ]
        read_only_fields = ["report_due_on", "created_by"]

    def validate_members(self, members):
        ids = {m["official"] for m in members}
        require_known_officials(
            ids,
            Official.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True),
            _("Không có cán bộ số %(ids)s trong danh sách cán bộ đang công tác."),
        )
        return members


DECISION = ("decision_number", "decided_on", "decided_by", "status")


class RecordPastTripView(APIView):
    """`POST trips/record-past/`: approved or completed at once, counted by every rule."""

    permission_classes = [Administrator]

    @extend_schema(
        operation_id="trips_record_past",
        request=PastTripSerializer,
        responses={
            201: TripSerializer,
            400: OpenApiResponse(description="Field errors: {field: [message]}"),
            403: OpenApiResponse(description="Not an administrator"),
        },
    )
    def post(self, request):
        serializer = PastTripSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        members = [MemberData(m["official"], m["is_head"]) for m in data.pop("members")]
        decision = {name: data.pop(name) for name in DECISION}
        data.pop("justifications", None)  # a recorded decision is not justified to anyone
        trip = trip_record_past(actor=request.user, fields=data, members=members, **decision)
        return Response(
            TripSerializer(trip, context={"request": request}).data, status=status.HTTP_201_CREATED
        )
