"""The register, its Excel export, the verification page and the downloads of issued files."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import role_required
from documents import sweep
from documents.exceptions import DocumentNotReady
from documents.files import MAX_UPLOAD, NOT_READY, REFRESH_SECONDS, RETRY_AFTER, serve_issued
from documents.register_pages import filtered_register, register_page
from documents.selectors import documents_visible_to, reads_the_register
from documents.verification import verify_upload
from exports.http import export_response


def signed_in(user):
    return user.is_authenticated and user.is_active


@require_GET
@role_required(reads_the_register)
def register(request):
    form, rows, year = filtered_register(request.user, request.GET)
    page = register_page(rows, request.GET)
    return render(
        request,
        "documents/register.html",
        {"form": form, "rows": page.object_list, "page": page, "year": year},
    )


@require_GET
@role_required(reads_the_register)
def register_export(request):
    """Streamed; a year's book is built by a worker with its progress shown (exports/)."""
    _form, _rows, year = filtered_register(request.user, request.GET)
    params = {"query": request.GET.urlencode()}
    return export_response(request, "register", params, f"so-van-ban-di-{year}.xlsx")


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
