"""calendar-feeds/: a user's own secret iCalendar addresses (API.md, additions of 2026-12-06)."""

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from calendars import services
from calendars.models import CalendarFeed
from calendars.selectors import feed_url


class CalendarFeedSerializer(serializers.ModelSerializer):
    scope = serializers.ChoiceField(choices=CalendarFeed.Scope.choices)
    url = serializers.SerializerMethodField()
    created = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = CalendarFeed
        fields = ["id", "scope", "url", "created"]

    def get_url(self, feed) -> str:
        return feed_url(self.context["request"], feed)


class CalendarFeedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own live feeds; another user's is 404. POST {"scope"}: a scope the
    caller's role does not offer is 403; DELETE revokes at once."""

    serializer_class = CalendarFeedSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"
    queryset = CalendarFeed.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CalendarFeed.objects.none()
        return self.request.user.calendar_feeds.filter(revoked_at__isnull=True)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feed = services.feed_create(user=request.user, scope=serializer.validated_data["scope"])
        return Response(self.get_serializer(feed).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.feed_revoke(feed=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
