"""The rules in force (API.md, additions of 2026-12-06, `policy/`): anyone signed in reads;
the administrator changes a threshold or a rule's switch with its reason and legal basis."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from trips.policy import PolicyConfig, store
from trips.policy.config import base_values, with_overrides
from trips.policy.document import policy_document
from trips.services.policy_settings import policy_setting_change


class PolicyRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    severity = serializers.ChoiceField(choices=["block", "warn"])
    clause = serializers.CharField()
    basis = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())
    optional = serializers.BooleanField()
    enabled = serializers.BooleanField()
    settings = serializers.DictField(child=serializers.JSONField())


class PolicyChangeRowSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.CharField(allow_null=True)
    setting = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)
    reason = serializers.CharField()
    basis = serializers.CharField()


class PolicySerializer(serializers.Serializer):
    profile = serializers.CharField()
    rules = PolicyRuleSerializer(many=True)
    general = serializers.DictField(child=serializers.IntegerField())
    changes = PolicyChangeRowSerializer(many=True)


class PolicyPatchSerializer(serializers.Serializer):
    setting = serializers.CharField(max_length=60)
    # A whole number (a threshold), true/false (a rule's switch), null (back to the default).
    value = serializers.JSONField(allow_null=True)
    reason = serializers.CharField(max_length=2000)
    basis = serializers.CharField(max_length=300)


class PolicyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PolicySerializer})
    def get(self, request):
        return Response(PolicySerializer(policy_document(PolicyConfig.from_settings())).data)

    @extend_schema(request=PolicyPatchSerializer, responses={200: PolicySerializer})
    def patch(self, request):
        if not request.user.is_administrator:  # before reading the body: 403, not 400
            raise PermissionDenied
        body = PolicyPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        policy_setting_change(actor=request.user, **body.validated_data)  # 403 unless admin
        # Read past the cache: it is forgotten only when the change commits.
        config = PolicyConfig(**with_overrides(base_values(), store.load_overrides()))
        return Response(PolicySerializer(policy_document(config)).data)
