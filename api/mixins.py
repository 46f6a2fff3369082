from rest_framework.response import Response


class TransitionMixin:
    """POST actions that call one service on the object: body checked, result serialized."""

    subject = "trip"  # the service's keyword for the object

    def _transition(self, service, text_serializer=None, text_name=None, *, obj=None):
        """`obj`: the object, when the action has fetched it already (get_object once)."""
        obj = obj if obj is not None else self.get_object()
        kwargs = {self.subject: obj, "actor": self.request.user}
        if text_serializer:
            text = text_serializer(data=self.request.data)
            text.is_valid(raise_exception=True)
            kwargs[text_name] = text.validated_data[text_name]
        return Response(self.get_serializer(service(**kwargs)).data)


class FiltersOnListOnly:
    """The query-string filters narrow the list; a detail route (read, or an action on one
    object) finds its object by id in the caller's scope (get_queryset) and skips building
    the filter set, whose scoped choices cost queries and CPU on every POST."""

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)
