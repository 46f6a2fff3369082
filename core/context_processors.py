from django.conf import settings


def organisation(request):
    """The province's name is a setting, shown in every page's header."""
    return {"ORGANISATION_NAME": settings.ORGANISATION_NAME}
