"""The register's pages in the API: keyset pages (documents.register_pages, the browser's),
in the shape API.md promises every list, `{"count", "next", "previous", "results"}`.

`next` and `previous` are links whose `after=` / `before=` cursor (year.issuer.number) seeks
on the register's unique index: the last page of a year's tens of thousands of documents
costs what the first does (an OFFSET reads and drops every row before it). A client that
follows `next` works unchanged; `?page=2` (a number, which keyset pages cannot honour) is a
400 that says to follow `next`, never a silent first page a loop would fetch for ever.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from documents.register_pages import Cursor, register_page

CURSORS = ("after", "before")


class RegisterPagination(PageNumberPagination):
    # PageNumberPagination's page size and response schema; its OFFSET pages are not used.

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        if params.get(self.page_query_param, "1") != "1":
            raise ValidationError(
                {"page": [_("Sổ đăng ký không phân trang theo số trang: hãy theo liên kết next.")]}
            )
        for name in CURSORS:
            if params.get(name) and Cursor.parse(params[name], with_year=True) is None:
                raise ValidationError({name: [_("Con trỏ trang không hợp lệ.")]})
        self.request = request
        # The total API.md promises: counted on the unique index, never the rows' content.
        self.count = queryset.order_by().count()
        self.page = register_page(queryset, params, self.get_page_size(request), with_year=True)
        return self.page.object_list

    def _link(self, name: str, cursor) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        for stale in (self.page_query_param, *CURSORS):
            url = remove_query_param(url, stale)
        return replace_query_param(url, name, str(cursor))

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self._link("after", self.page.next_after),
                "previous": self._link("before", self.page.previous_before),
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view):
        described = _("Con trỏ trang, lấy từ liên kết next / previous của trang trước.")
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": str(described),
                "schema": {"type": "string"},
            }
            for name in CURSORS
        ]
