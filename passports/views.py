"""The passport register in the browser: custodians act, agency staff read their own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.permissions import is_administrator, is_custodian, is_staff, role_required
from core.search import fold
from core.validators import is_number
from core.workflow import actions_for
from core.workflow.dispatch import action_form, take_action
from passports import selectors, services
from passports.forms import PassportForm
from passports.models import CustodyEvent, Passport
from passports.workflow import KEEPER, passport_relation

PAGE_SIZE = 50
can_read = (is_custodian, is_administrator, is_staff)


def _visible(request, pk) -> Passport:
    return get_object_or_404(selectors.passports_visible_to(request.user), pk=pk)


@require_GET
@role_required(*can_read)
def passport_list(request):
    passports = selectors.passports_visible_to(request.user).order_by("official__full_name", "kind")
    q, status, kind = (request.GET.get(k, "").strip() for k in ("q", "status", "kind"))
    if q:
        passports = passports.filter(
            Q(number__icontains=q) | Q(official__name_folded__contains=fold(q))
        )
    if status in Passport.Status.values:
        passports = passports.filter(status=status)
    if kind in Passport.Kind.values:
        passports = passports.filter(kind=kind)
    page = Paginator(passports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "passports/list.html",
        {"page": page, "statuses": Passport.Status.choices, "kinds": Passport.Kind.choices},
    )


@require_http_methods(["GET", "POST"])
@role_required(is_custodian, is_administrator)
def passport_edit(request, pk=None):
    passport = _visible(request, pk) if pk else None
    form = PassportForm(request.POST or None, instance=passport, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if passport is None:
                passport = services.passport_register(actor=request.user, fields=form.cleaned_data)
            else:
                passport = services.passport_edit(
                    passport=passport, actor=request.user, fields=form.cleaned_data
                )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Đã lưu hộ chiếu vào sổ theo dõi."))
            return redirect("passports:detail", pk=passport.pk)
    return render(request, "passports/form.html", {"form": form, "passport": passport})


@require_GET
@role_required(*can_read)
def passport_detail(request, pk):
    passport = _visible(request, pk)
    offered = actions_for(request.user, passport)
    context = {
        "passport": passport,
        "log": passport.custody_log.select_related("actor", "trip"),
        "open_handout": passport.handouts.filter(returned_on__isnull=True)
        .select_related("trip")
        .first(),
        "can_act": KEEPER(passport_relation(request.user, passport)),
        # What the workflow offers this user now, each with its form. One prefix per form:
        # the forms share a page, their field ids must not clash.
        "panels": [
            (a, action_form(a.action, passport, request.user, initial=_chosen(request)))
            for a in offered
            if not a.link
        ],
        # The pages of its life (loss, its notice, the invalidation letter), as the table
        # offers them for its status.
        "links": [a for a in offered if a.link],
    }
    return render(request, "passports/detail.html", context)


def _chosen(request) -> dict:
    """`?trip=<id>` (the custodian's home links a hand-out so) preselects the trip; the form's
    own queryset still decides whether that trip may be chosen."""
    trip = request.GET.get("trip", "")
    return {"trip": int(trip)} if is_number(trip) else {}


@require_POST
@role_required(*can_read)
def passport_action(request, pk, action):
    """Every action of the passport's table that names a service (core.workflow.dispatch)."""
    return take_action(request, _visible(request, pk), action)


@require_GET
@role_required(*can_read)
def receipt(request, pk, event_id):
    """Biên bản giao nhận hộ chiếu: one printable page per movement, to sign."""
    passport = _visible(request, pk)
    event = get_object_or_404(
        passport.custody_log.select_related("actor", "trip"),
        pk=event_id,
        action__in=[CustodyEvent.Action.HANDED_OUT, CustodyEvent.Action.RETURNED],
    )
    return render(request, "passports/receipt.html", {"passport": passport, "event": event})


@require_GET
@role_required(is_custodian, is_administrator)
def dashboard(request):
    today = timezone.localdate()
    return render(
        request,
        "passports/dashboard.html",
        {
            "today": today,
            "out_now": selectors.out_now(),
            "overdue": selectors.overdue(today),
            "expiring": selectors.expiring(today),
            "lost": selectors.lost_this_year(today),
        },
    )
