"""The register, its Excel export, the verification page and the downloads of issued files."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import role_required
from documents import sweep
from documents.exceptions import DocumentNotReady
from documents.export import register_workbook
from documents.files import MAX_UPLOAD, NOT_READY, REFRESH_SECONDS, RETRY_AFTER, serve_issued
from documents.models import IssuedDocument
from documents.selectors import documents_visible_to, reads_the_register, register_for
from documents.verification import verify_upload


def signed_in(user):
    return user.is_authenticated and user.is_active


class RegisterFilter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại văn bản"),
        choices=[("", gettext_lazy("Tất cả")), *IssuedDocument.Kind.choices],
        required=False,
    )


def filtered_register(user, params):
    """(form, rows, year) from ?year=&kind=; an invalid filter shows this year's register."""
    data = {"year": params.get("year") or timezone.localdate().year, "kind": params.get("kind")}
    form = RegisterFilter(data)
    rows = register_for(user)
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["year"]
        if form.cleaned_data["kind"]:
            rows = rows.filter(kind=form.cleaned_data["kind"])
    return form, rows.filter(year=year).order_by("issuer", "number"), year


@require_GET
@role_required(reads_the_register)
def register(request):
    form, rows, year = filtered_register(request.user, request.GET)
    return render(request, "documents/register.html", {"form": form, "rows": rows, "year": year})


@require_GET
@role_required(reads_the_register)
def register_export(request):
    _form, rows, year = filtered_register(request.user, request.GET)
    response = HttpResponse(
        register_workbook(rows, year=year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="so-van-ban-di-{year}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp PDF cần kiểm tra"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        return upload


@require_http_methods(["GET", "POST"])
@role_required(signed_in)
def verify(request):
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = verify_upload(form.cleaned_data["file"].read()).for_page()
    return render(request, "documents/verify.html", {"form": form, "result": result})


@require_GET
@role_required(signed_in)
def download(request, pk):
    row = get_object_or_404(documents_visible_to(request.user), pk=pk)
    try:
        return serve_issued(row)
    except DocumentNotReady:
        # Numbered and registered, its file still being made (documents.tasks): 409, not 404.
        context = {"row": row, "message": NOT_READY}
        if sweep.left_to_its_task(row):
            # A worker is on it: the page asks again by itself. Past that the sweep will make
            # it, and an open tab must not keep asking (nor keep the session alive).
            context["refresh_seconds"] = REFRESH_SECONDS
        response = render(request, "documents/not_ready.html", context, status=409)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
