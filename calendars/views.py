"""The page where a person makes and revokes their calendar addresses, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from calendars import ical, selectors, services
from calendars.models import CalendarFeed
from calendars.selectors import feed_url
from core.errors import ServiceError


@require_http_methods(["GET", "POST"])
@login_required
def feed_list(request):
    """My calendar addresses (live ones), and a button per scope I may subscribe to."""
    scopes = services.scopes_for(request.user)
    if request.method == "POST":
        try:
            services.feed_create(user=request.user, scope=request.POST.get("scope", ""))
        except ServiceError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Đã tạo địa chỉ lịch. Sao chép nó vào chương trình lịch."))
        return redirect("calendars:list")
    feeds = request.user.calendar_feeds.filter(revoked_at__isnull=True)
    rows = [(feed, feed_url(request, feed)) for feed in feeds]
    choices = [(value, CalendarFeed.Scope(value).label) for value in scopes]
    return render(request, "calendars/list.html", {"rows": rows, "choices": choices})


@require_POST
@login_required
def feed_revoke(request, pk):
    feed = get_object_or_404(request.user.calendar_feeds, pk=pk, revoked_at__isnull=True)
    services.feed_revoke(feed=feed, actor=request.user)
    messages.success(request, _("Đã thu hồi địa chỉ lịch: chương trình lịch không đọc được nữa."))
    return redirect("calendars:list")


@never_cache
@require_GET
def feed(request, token):
    """The iCalendar feed: no sign-in (calendar programs cannot), the secret address is the
    key; 404 once revoked or when its owner no longer holds the role."""
    found = selectors.live_feed(token)
    if found is None:
        raise Http404
    body = ical.feed_calendar(found, selectors.feed_trips(found))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-di-nuoc-ngoai.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
