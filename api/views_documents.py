"""The documents API (API.md, additions of 2026-11-28): a trip's decision and its PDFs, the
outgoing register, and the verification of an uploaded PDF."""

import json

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.pagination import RegisterPagination
from core.validators import is_number
from documents.exceptions import DocumentNotReady
from documents.files import MAX_UPLOAD, NOT_READY, RETRY_AFTER, serve_issued
from documents.models import IssuedDocument
from documents.selectors import reads_the_register, register_for
from documents.verification import verify_upload
from trips.selectors import trips_visible_to

Kind = IssuedDocument.Kind


class PDFRenderer(BaseRenderer):
    """Lets a client ask for application/pdf; an error still reads as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, ensure_ascii=False).encode()


def issued_for(request, trip_pk, *kinds) -> IssuedDocument:
    """The trip's latest document of these kinds, if the caller may read the trip; else 404."""
    trip = get_object_or_404(trips_visible_to(request.user), pk=trip_pk)
    row = trip.issued_documents.filter(kind__in=kinds).order_by("-created_at", "-id").first()
    if row is None:
        raise Http404
    return row


class RegisterRowSerializer(serializers.ModelSerializer):
    trip = serializers.IntegerField(source="trip_id", allow_null=True, read_only=True)
    # A row numbered but whose file is still being made: `rendered` false and `sha256` null.
    sha256 = serializers.SerializerMethodField()
    rendered = serializers.BooleanField(source="is_rendered", read_only=True)

    class Meta:
        model = IssuedDocument
        fields = ["number", "symbol", "issuer", "kind", "title", "issued_on", "signer", "trip",
                  "sha256", "rendered"]  # fmt: skip

    def get_sha256(self, row) -> str | None:
        return row.sha256 if row.is_rendered else None


class SignatureSerializer(serializers.Serializer):
    """One signature of a PDF, in the order made (API.md, additions of 2026-12-06)."""

    role = serializers.ChoiceField(choices=["person", "body"])
    name = serializers.CharField()
    capacity = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    timestamp = serializers.BooleanField()
    valid = serializers.BooleanField()
    ltv = serializers.BooleanField()


class DecisionSerializer(RegisterRowSerializer):
    pdf = serializers.SerializerMethodField()
    signature = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()
    # Issue 23: the issuing body and the signer's own title, as frozen in the document.
    issuer = serializers.SerializerMethodField()
    signer_title = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = ["number", "symbol", "issuer", "issued_on", "signer", "signer_title",
                  "signed_as", "acting_for", "sha256", "pdf", "signature", "rendered",
                  "signatures"]  # fmt: skip

    def _frozen(self, row) -> dict:
        return ((row.content or {}).get("document")) or {}

    def get_issuer(self, row) -> str:
        return self._frozen(row).get("extra", {}).get("issuer_name") or row.issuer

    def get_signer_title(self, row) -> str:
        return (self._frozen(row).get("signature") or {}).get("title", "")

    @extend_schema_field(SignatureSerializer(many=True))
    def get_signatures(self, row) -> list:
        if not row.is_rendered:
            return []
        return verify_upload_of(row)["signatures"]

    def get_pdf(self, row) -> str | None:
        if not row.is_rendered:
            return None
        return reverse(
            "api:trip-decision-pdf", args=[row.trip_id], request=self.context.get("request")
        )

    def get_signature(self, row) -> dict | None:
        if not row.is_rendered:
            return None
        found = verify_upload_of(row)
        return {key: found[key] for key in ("valid", "signer", "signed_at")}


def verify_upload_of(row) -> dict:
    """The register's own file checked as an upload would be (once per serialised row)."""
    cached = getattr(row, "_verified", None)
    if cached is None:
        with row.file.open("rb") as handle:
            cached = row._verified = verify_upload(handle.read()).as_dict()
    return cached


class TripDecisionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DecisionSerializer, 404: OpenApiResponse()})
    def get(self, request, trip_pk):
        row = issued_for(request, trip_pk, Kind.DECISION, Kind.PERMISSION)
        return Response(DecisionSerializer(row, context={"request": request}).data)


class TripPdfView(APIView):
    """The stored, hashed PDF of the trip's document of `kinds` (never rendered again)."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, PDFRenderer]
    kinds: tuple = ()

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(description="PDF"),
            409: OpenApiResponse(description="numbered, its file still being made"),
        }
    )
    def get(self, request, trip_pk):
        try:
            return serve_issued(issued_for(request, trip_pk, *self.kinds))
        except DocumentNotReady:
            return Response(
                {"detail": str(NOT_READY), "rendered": False},
                status=409,
                headers={"Retry-After": str(RETRY_AFTER)},
            )


class ReadsRegister(BasePermission):
    def has_permission(self, request, view):
        return reads_the_register(request.user)


class RegisterView(generics.ListAPIView):
    serializer_class = RegisterRowSerializer
    permission_classes = [IsAuthenticated, ReadsRegister]
    pagination_class = RegisterPagination  # keyset pages: a year's register is ~77 000 rows

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("kind", str, enum=Kind.values),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        rows = register_for(self.request.user).order_by("year", "issuer", "number")
        year = self.request.query_params.get("year")
        kind = self.request.query_params.get("kind")
        if year:
            if not is_number(year):
                raise ValidationError({"year": [_("Năm phải là số, ví dụ 2026.")]})
            rows = rows.filter(year=int(year))
        if kind:
            if kind not in Kind.values:
                raise ValidationError({"kind": [_("Loại văn bản không hợp lệ.")]})
            rows = rows.filter(kind=kind)
        return rows


class VerifyResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    message = serializers.CharField()
    matches_register = serializers.BooleanField()
    number = serializers.IntegerField(allow_null=True)
    symbol = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    trip = serializers.IntegerField(allow_null=True)
    signer = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    signatures = SignatureSerializer(many=True)


class VerifyUploadSerializer(serializers.Serializer):
    file = serializers.FileField()

    def validate_file(self, upload):
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("Tệp lớn hơn 20 MB."))
        return upload


class VerifyView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(request=VerifyUploadSerializer, responses={200: VerifyResultSerializer})
    def post(self, request):
        body = VerifyUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(verify_upload(body.validated_data["file"].read()).as_dict())
