"""Agencies, officials and discipline reviews."""

from django.shortcuts import get_object_or_404
from rest_framework import mixins, viewsets

from agencies.models import Agency, DisciplinaryReview, Official
from api import serializers
from api.filters import OfficialFilter
from api.permissions import Administrator, AdministratorWrites, HasRole
from trips.selectors import officials_visible_to


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
    filterset_class = OfficialFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = Official.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Official.objects.none()
        return officials_visible_to(self.request.user).order_by("full_name", "id")


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
        return get_object_or_404(
            officials_visible_to(self.request.user), pk=self.kwargs["official_pk"]
        )

    queryset = DisciplinaryReview.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DisciplinaryReview.objects.none()
        return self.official().discipline_reviews.order_by("-opened_on", "id")

    def perform_create(self, serializer):
        serializer.save(official=self.official())
