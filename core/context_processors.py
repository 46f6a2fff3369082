from django.conf import settings


def organisation(request):
    """The province's name is a setting, shown in every page's header."""
    return {"ORGANISATION_NAME": settings.ORGANISATION_NAME}


def unread_notifications(request):
    """The unread count in the menu, queried only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: user.notifications.filter(read_at__isnull=True).count()}
