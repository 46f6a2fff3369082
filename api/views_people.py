"""Agencies, officials and discipline reviews."""

from django.shortcuts import get_object_or_404
from rest_framework import mixins, viewsets

from agencies.models import Agency, DisciplinaryReview, Official
from api import serializers
from api.permissions import Administrator, AdministratorWrites, HasRole


class AgencyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Agency.objects.order_by("name")
    serializer_class = serializers.AgencySerializer
    permission_classes = [HasRole, AdministratorWrites]
    filterset_fields = ["kind", "parent", "code"]


class OfficialViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.OfficialSerializer
    permission_classes = [HasRole, AdministratorWrites]
    filterset_fields = ["agency", "is_key_leader"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = Official.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        user = self.request.user
        officials = Official.objects.order_by("full_name", "id")
        if getattr(self, "swagger_fake_view", False):
            return officials.none()
        if user.is_administrator or user.is_reviewer or user.is_custodian:
            return officials
        return officials.filter(agency_id=user.agency_id)


class DisciplineReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.DisciplineReviewSerializer
    permission_classes = [Administrator]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def official(self):
        return get_object_or_404(Official, pk=self.kwargs["official_pk"])

    queryset = DisciplinaryReview.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DisciplinaryReview.objects.none()
        return self.official().discipline_reviews.order_by("-opened_on", "id")

    def perform_create(self, serializer):
        serializer.save(official=self.official())
