from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers


class TokenView(APIView):
    """POST {"username", "password"} → {"token"}: the key for "Authorization: Token <key>"."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=serializers.TokenRequestSerializer,
        responses={
            200: serializers.TokenSerializer,
            400: OpenApiResponse(description="Wrong credentials"),
        },
        auth=[],
    )
    def post(self, request):
        body = serializers.TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # Through django-axes too: repeated failures lock the username from that address.
        user = authenticate(request, **body.validated_data)
        if user is None:
            return Response(
                {"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]}, status=400
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
