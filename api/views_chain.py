"""The approval chain's API: substitutions (and, once wired, the chain's trip actions)."""

from django.shortcuts import get_object_or_404
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts.models import Substitution
from accounts.substitutions import (
    may_manage_substitutions,
    substitution_create,
    substitution_revoke,
    substitutions_visible_to,
)
from api.serializers_chain import SubstitutionSerializer


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
    queryset = Substitution.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Substitution.objects.none()
        return substitutions_visible_to(self.request.user).order_by("-starts_on", "id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        substitution = substitution_create(
            actor=request.user,
            principal=data.get("principal", request.user),
            substitute=data["substitute"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data.get("note", ""),
            signs_as=data.get("signs_as", ""),
        )
        return Response(self.get_serializer(substitution).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        substitution = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        substitution_revoke(actor=request.user, substitution=substitution)
        return Response(status=status.HTTP_204_NO_CONTENT)
