"""Pages of passports.lifecycle: loss and its notice, invalidation letter, an official's
transfer and leaving (the administrator)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies import services as agency_services
from core.errors import NotAllowed, ServiceError
from core.permissions import is_administrator, is_custodian, role_required
from passports import lifecycle, selectors
from passports.lifecycle_forms import InvalidationForm, LeavingForm, LossRecordForm, TransferForm
from passports.loss_notice import loss_notice_data
from passports.models import CustodyEvent, PassportLoss
from trips.selectors import officials_visible_to


def _run(request, form, service, **kwargs):
    """Call the service with the form's data; its refusal becomes the form's error."""
    try:
        return service(actor=request.user, **kwargs, **form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    except NotAllowed:
        raise  # 403, as everywhere
    except ServiceError as refused:  # every app's refusals derive from it
        form.add_error(None, refused.message)
    return None


@require_http_methods(["GET", "POST"])
@role_required(is_custodian, is_administrator)
def loss_record(request, pk):
    passport = get_object_or_404(selectors.passports_visible_to(request.user), pk=pk)
    form = LossRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        loss = _run(request, form, lifecycle.passport_record_loss, passport=passport)
        if loss is not None:
            messages.success(request, _("Đã ghi nhận báo mất hộ chiếu."))
            return redirect("passports:loss_notice", pk=passport.pk)
    return render(request, "passports/loss_form.html", {"form": form, "passport": passport})


@require_GET
@role_required(is_custodian, is_administrator)
def loss_notice(request, pk):
    """Thông báo mất hộ chiếu, printable; `?tai-ve=1` downloads it."""
    passport = get_object_or_404(selectors.passports_visible_to(request.user), pk=pk)
    loss = get_object_or_404(PassportLoss.objects.select_related("recorded_by"), passport=passport)
    # The numbered PDF the documents app issued with the loss (core.signals.loss_recorded); the page
    # is its printable reading, and `?tai-ve=1` hands over the issued file itself.
    issued = loss.issued_documents.order_by("id").first()
    if request.GET.get("tai-ve") and issued is not None:
        return redirect("documents:download", pk=issued.pk)
    notice = loss_notice_data(loss)
    notice["register_number"] = issued.symbol if issued is not None else ""
    response = render(request, "passports/loss_notice.html", {"notice": notice})
    if request.GET.get("tai-ve"):
        name = f"thong-bao-mat-ho-chieu-{passport.pk}.html"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@role_required(is_custodian, is_administrator)
def invalidation_record(request, pk):
    passport = get_object_or_404(selectors.passports_visible_to(request.user), pk=pk)
    form = InvalidationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, form, lifecycle.passport_record_invalidation, passport=passport):
            messages.success(request, _("Đã ghi nhận công văn hủy giá trị hộ chiếu."))
            return redirect("passports:detail", pk=passport.pk)
    return render(
        request,
        "passports/lifecycle_form.html",
        {"form": form, "title": _("Công văn hủy giá trị hộ chiếu"), "subject": passport},
    )


def _official_page(request, pk, form_class, service, title, done):
    official = get_object_or_404(officials_visible_to(request.user), pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, form, service, official=official) is not None:
            messages.success(request, done)
            return redirect("passports:list")
    return render(
        request,
        "passports/lifecycle_form.html",
        {"form": form, "title": title, "subject": official},
    )


@require_http_methods(["GET", "POST"])
@role_required(is_administrator)
def official_transfer(request, pk):
    return _official_page(
        request,
        pk,
        TransferForm,
        agency_services.official_transfer,
        _("Điều chuyển cán bộ"),
        _("Đã ghi nhận điều chuyển cán bộ."),
    )


@require_http_methods(["GET", "POST"])
@role_required(is_administrator)
def official_leave(request, pk):
    return _official_page(
        request,
        pk,
        LeavingForm,
        agency_services.official_leave,
        _("Cán bộ nghỉ công tác"),
        _("Đã ghi nhận cán bộ nghỉ công tác."),
    )


@require_GET
@role_required(is_custodian, is_administrator)
def transfer_handover(request, pk, event_id):
    """Biên bản bàn giao hộ chiếu khi điều chuyển cán bộ: printable, to sign by both agencies."""
    passport = get_object_or_404(selectors.passports_visible_to(request.user), pk=pk)
    event = get_object_or_404(
        passport.custody_log.select_related("actor"),
        pk=event_id,
        action=CustodyEvent.Action.TRANSFERRED,
    )
    return render(
        request, "passports/transfer_handover.html", {"passport": passport, "event": event}
    )
