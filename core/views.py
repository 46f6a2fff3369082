from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST


@require_http_methods(["GET", "POST"])
@login_required
def notification_list(request):
    """The person's notices; POST marks them all read."""
    notices = request.user.notifications.all()
    if request.method == "POST":
        notices.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    return render(request, "core/notifications.html", {"notifications": notices[:100]})


@require_POST
@login_required
def notification_open(request, pk):
    """Open one notice: it is marked read, then the page it is about is shown.

    A form's POST, not a link's GET, so that no GET changes anything.
    """
    notice = get_object_or_404(request.user.notifications, pk=pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    safe = url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()})
    return redirect(notice.url if notice.url and safe else "notifications")


@require_GET
def favicon(request):
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return redirect(static("img/favicon.svg"))  # not permanent: the hashed name changes
