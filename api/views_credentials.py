"""signing-credentials/ (API.md, additions of 2026-12-06): people's own signing credentials.
The administrator lists, adds (multipart: a PKCS#12 file, or a remote-signing service and its
credential id) and revokes them; a holder reads their own. The PIN is never sent here."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.parsers import StrictJSONParser
from api.views_trips import ERRORS
from documents.credentials import MAX_PKCS12_BYTES, credential_add, credential_revoke
from documents.models import SigningCredential


class SigningCredentialSerializer(serializers.ModelSerializer):
    holder = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True)
    )
    file = serializers.FileField(write_only=True, required=False, max_length=200)
    service = serializers.URLField(write_only=True, required=False, allow_blank=True)
    credential_id = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )

    class Meta:
        model = SigningCredential
        fields = [
            "id",
            "holder",
            "kind",
            "label",
            "not_after",
            "locked_at",
            "file",
            "service",
            "credential_id",
        ]
        # locked_at: set when wrong signing PINs locked it; only the admin's action unlocks.
        read_only_fields = ["id", "not_after", "locked_at"]

    def validate_file(self, value):
        if value.size > MAX_PKCS12_BYTES:
            raise serializers.ValidationError(_("Tệp quá lớn cho một PKCS#12."))
        return value


class SigningCredentialViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SigningCredentialSerializer
    queryset = SigningCredential.objects.none()  # the schema's model; get_queryset scopes
    permission_classes = [IsAuthenticated]
    # JSON too deep or with a lone surrogate is a 400, as everywhere (api/parsers.py).
    parser_classes = [MultiPartParser, FormParser, StrictJSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, no user
            return SigningCredential.objects.none()
        found = SigningCredential.objects.filter(revoked_at__isnull=True).select_related("holder")
        if getattr(self.request.user, "is_administrator", False):
            return found.order_by("holder__username", "-created_at", "-id")
        return found.filter(holder=self.request.user).order_by("-created_at", "-id")

    @extend_schema(responses={201: SigningCredentialSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        # Who may before the body: a caller who may not add learns nothing from it (not even
        # whether the login named as holder exists).
        if not request.user.is_administrator:
            raise PermissionDenied(_("Chỉ quản trị hệ thống mới được cấp chứng thư ký số."))
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        upload = data.get("file")
        credential = credential_add(
            actor=request.user,
            holder=data["holder"],
            kind=data["kind"],
            label=data.get("label", ""),
            file=upload.read() if upload else None,
            service=data.get("service", ""),
            credential_id=data.get("credential_id", ""),
        )
        return Response(self.get_serializer(credential).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        credential_revoke(actor=self.request.user, credential=instance)
