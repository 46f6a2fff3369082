from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.workflow import may, one_relation_per_request
from core.workflow.dispatch import take
from core.workflow.move import locked, one_move


class WorkflowActionsMixin:
    """POST actions of the object's transition table: who may (`may()`, 403) before the body
    is read, as in the browser; the body validated by the action's serializer, whose fields
    all go to the action's service as keywords (core.workflow.dispatch.take). A status that
    does not allow it is the service's 409."""

    # True where get_object() reads the row locked as the action's service would: the move
    # (its transaction) opens here, the service takes the row as it is, and the answer is
    # read from what the move kept current (core.workflow.move).
    reads_locked = False

    def take(self, name, body_serializer=None):
        with one_relation_per_request():  # the check here and the service's share it
            if not self.reads_locked:
                return self._take(name, body_serializer)
            with one_move():
                return self._take(name, body_serializer)

    def _take(self, name, body_serializer):
        obj = self.get_object()
        if self.reads_locked:
            locked(obj)
        if not may(self.request.user, obj, name):
            raise PermissionDenied(_("Không có quyền thực hiện thao tác này."))
        fields = {}
        if body_serializer is not None:
            context = {**self.get_serializer_context(), "subject": obj}
            body = body_serializer(data=self.request.data, context=context)
            body.is_valid(raise_exception=True)
            fields = dict(body.validated_data)
        result = take(obj, name, self.request.user, **fields)
        if not isinstance(result, type(obj)):  # e.g. a hand-out: answer with the passport
            obj.refresh_from_db()
            result = obj
        return Response(self.get_serializer(result).data)


class FiltersOnListOnly:
    """The query-string filters narrow the list; a detail route (read, or an action on one
    object) finds its object by id in the caller's scope (get_queryset) and skips building
    the filter set, whose scoped choices cost queries and CPU on every POST."""

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)
