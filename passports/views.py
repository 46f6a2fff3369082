"""The passport register in the browser: custodians act, agency staff read their own."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.permissions import is_administrator, is_custodian, is_staff, role_required
from core.search import fold
from core.workflow import actions_for
from passports import selectors, services
from passports.exceptions import CustodyError
from passports.forms import CancelForm, HandOutForm, LossForm, PassportForm, TakeBackForm
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
            (offered, _form(offered.slug, passport, request.user, initial=_chosen(request)))
            for offered in actions_for(request.user, passport)
        ],
    }
    return render(request, "passports/detail.html", context)


def _chosen(request) -> dict:
    """`?trip=<id>` (the custodian's home links a hand-out so) preselects the trip; the form's
    own queryset still decides whether that trip may be chosen."""
    trip = request.GET.get("trip", "")
    return {"trip": int(trip)} if trip.isdigit() else {}


def _form(slug, passport, user, data=None, initial=None):
    form_class = ACTIONS[slug][0]
    extra = {"passport": passport, "user": user} if form_class is HandOutForm else {}
    return form_class(data, prefix=slug, initial=initial or {}, **extra)


ACTIONS = {
    "giao": (HandOutForm, services.passport_hand_out, gettext_lazy("Đã giao hộ chiếu.")),
    "nhan-lai": (TakeBackForm, services.passport_take_back, gettext_lazy("Đã nhận lại hộ chiếu.")),
    "bao-mat": (
        LossForm,
        services.passport_report_lost,
        gettext_lazy("Đã ghi nhận báo mất hộ chiếu."),
    ),
    "huy": (CancelForm, services.passport_cancel, gettext_lazy("Đã hủy hộ chiếu.")),
}


@require_POST
@role_required(*can_read)
def passport_action(request, pk, action):
    passport = _visible(request, pk)
    if not KEEPER(passport_relation(request.user, passport)):
        raise PermissionDenied
    if action not in ACTIONS:
        raise Http404
    service, done = ACTIONS[action][1:]
    form = _form(action, passport, request.user, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("passports:detail", pk=passport.pk)
    try:
        service(passport=passport, actor=request.user, **form.cleaned_data)
    except CustodyError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect("passports:detail", pk=passport.pk)


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
