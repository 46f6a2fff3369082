from rest_framework.response import Response


class TransitionMixin:
    """POST actions that call one service on the object: body checked, result serialized."""

    subject = "trip"  # the service's keyword for the object

    def _transition(self, service, text_serializer=None, text_name=None):
        kwargs = {self.subject: self.get_object(), "actor": self.request.user}
        if text_serializer:
            text = text_serializer(data=self.request.data)
            text.is_valid(raise_exception=True)
            kwargs[text_name] = text.validated_data[text_name]
        return Response(self.get_serializer(service(**kwargs)).data)
