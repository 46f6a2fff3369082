"""bodies/, positions/, authorities/ (API.md, additions of 2026-12-06; issue 23): the competent
authority as data. Anyone signed in reads; the administrator changes, through
authority.services (validated, one transaction, an audit row with the old and new values)."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import Official
from authority import services
from authority.models import Authority, Body, Position


class AdministratorWrites(BasePermission):
    """Reading for anyone signed in; writing for the administrator (403 before the body)."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or bool(user.is_administrator)


class BodySerializer(serializers.ModelSerializer):
    """An issuing body. Its signing key is set by the administrator in the admin only: never
    read or written here."""

    class Meta:
        model = Body
        fields = ["id", "name", "symbol", "header", "parent", "agency"]


class BodyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BodySerializer
    queryset = Body.objects.order_by("id")
    permission_classes = [IsAuthenticated, AdministratorWrites]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.body_save(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.body_save(
            actor=self.request.user, body=serializer.instance, **serializer.validated_data
        )


class PositionSerializer(serializers.ModelSerializer):
    holder = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        required=False,
    )

    class Meta:
        model = Position
        fields = ["id", "body", "title", "kind", "holder", "starts_on", "ends_on"]


class PositionViewSet(viewsets.ModelViewSet):
    serializer_class = PositionSerializer
    queryset = Position.objects.select_related("holder").order_by("body_id", "kind", "id")
    permission_classes = [IsAuthenticated, AdministratorWrites]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.position_save(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.position_save(
            actor=self.request.user, position=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.position_delete(actor=self.request.user, position=instance)


class AuthoritySerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=Official.ManagementLevel.values)
    kind = serializers.ChoiceField(
        choices=Authority.TripKind.values, required=False, allow_blank=True, default=""
    )
    # Validated whole by authority.rules (one Vietnamese message per step at fault).
    # `propose` (at most one, first, body null) is a step too (README, "The JSON API").
    steps = serializers.JSONField()

    class Meta:
        model = Authority
        fields = ["level", "kind", "issuing_body", "steps", "collective"]
        validators = []  # one row per (level, kind): PUT replaces it


class AuthorityView(APIView):
    """GET: every authority; PUT (administrator): one level's (and kind's), its steps
    validated (400 with a Vietnamese message per step at fault)."""

    permission_classes = [IsAuthenticated, AdministratorWrites]

    @extend_schema(responses={200: AuthoritySerializer(many=True)})
    def get(self, request):
        rows = Authority.objects.order_by("level", "kind")
        return Response(AuthoritySerializer(rows, many=True).data)

    @extend_schema(request=AuthoritySerializer, responses={200: AuthoritySerializer})
    def put(self, request):
        if not request.user.is_administrator:
            raise PermissionDenied
        body = AuthoritySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.authority_put(actor=request.user, **body.validated_data)
        return Response(AuthoritySerializer(row).data)
