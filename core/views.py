from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.home import home_sections


@require_GET
@login_required
def home(request):
    """The first page after sign-in: what needs this person's attention, by role."""
    return render(
        request, "core/home.html", {**home_sections(request.user), "today": timezone.localdate()}
    )


@require_http_methods(["GET", "POST"])
@login_required
def notification_list(request):
    """The person's notices; POST marks them all read."""
    notices = request.user.notifications.all()
    if request.method == "POST":
        notices.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    return render(request, "core/notifications.html", {"notifications": notices[:100]})
