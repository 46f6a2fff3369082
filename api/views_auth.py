import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.tokens import token_for
from api import serializers


class AuthRateThrottle(ScopedRateThrottle):
    """Sign-in attempts per client address (settings: DEFAULT_THROTTLE_RATES["auth"]).

    The rate is read on each request, not once at import, so a changed setting takes effect.
    """

    def get_rate(self):
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class TokenView(APIView):
    """POST {"username", "password"} → {"token"}: the key for "Authorization: Token <key>"."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=serializers.TokenRequestSerializer,
        responses={
            200: serializers.TokenSerializer,
            400: OpenApiResponse(description="Wrong credentials"),
            429: OpenApiResponse(
                response=inline_serializer(
                    "TooManyAttempts", {"detail": drf_serializers.CharField()}
                ),
                description="Too many attempts from this address, or the username is locked",
            ),
        },
        auth=[],
    )
    def post(self, request):
        body = serializers.TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # Through django-axes too: repeated failures lock the username from that address.
        user = authenticate(request, **body.validated_data)
        if user is None:
            # axes flags the request it was given (this DRF request, not Django's), so its
            # middleware never sees the lock here: answer the lock ourselves.
            if getattr(request, "axes_locked_out", False):
                minutes = math.ceil(settings.AXES_COOLOFF_TIME * 60)
                return Response(
                    {
                        "detail": _(
                            "Tài khoản tạm thời bị khóa do nhập sai mật khẩu nhiều lần. "
                            "Vui lòng thử lại sau %(minutes)s phút."
                        )
                        % {"minutes": minutes}
                    },
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(minutes * 60)},
                )
            return Response(
                {"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]}, status=400
            )
        return Response({"token": token_for(user).key})

    def throttled(self, request, wait):
        seconds = math.ceil(wait or 60)
        exc = Throttled(
            detail=_(
                "Quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng thử lại sau %(seconds)s giây."
            )
            % {"seconds": seconds}
        )
        exc.wait = seconds  # DRF's handler turns it into Retry-After
        raise exc
