from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.home import home_sections


@require_GET
@login_required
def home(request):
    """The first page after sign-in: what needs this person's attention, by role."""
    return render(request, "portal/home.html", home_sections(request.user, timezone.localdate()))
