"""HTML (Django templates) → PDF with WeasyPrint, in the Decree 30/2020 layout (A4, its
margins, a Times-metric serif: Liberation Serif or Tinos). Nothing is fetched: the fonts come
from fontconfig and the templates reference no URL."""

import datetime as dt
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetchingError


class NoFetching(URLFetcher):
    """Refuses every URL: a user's text cannot make the renderer read a file or the network."""

    def fetch(self, url, headers=None):
        raise URLFetchingError(f"fetching is disabled: {url[:80]}")


_per_thread = threading.local()


def _font_config() -> FontConfiguration:
    """One font configuration per thread, kept: a new one per render reloads fontconfig and
    Pango's font map (and loses their caches); the templates declare no @font-face, so
    nothing a document says is added to it."""
    found = getattr(_per_thread, "font_config", None)
    if found is None:
        found = _per_thread.font_config = FontConfiguration()
    return found


def _stylesheet(name: str = "decree30.css") -> CSS:
    """The layout's stylesheet (templates/documents/pdf/decree30.css), parsed once per process
    and version of the file: parsing it costs ~10 ms of each render."""
    path = Path(settings.BASE_DIR) / "templates" / "documents" / "pdf" / name
    stat = path.stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size)


class _Html(HTML):
    """WeasyPrint's HTML with the documents' own user-agent stylesheet
    (templates/documents/pdf/ua.css): the rules of the few elements they use, not the whole
    HTML5 sheet. `_ua_stylesheets` is WeasyPrint's (70); were it renamed, its own sheet
    would apply again, the same layout a few milliseconds slower."""

    def _ua_stylesheets(self, forms=False):
        return [_stylesheet("ua.css")]


@lru_cache(maxsize=4)
def _parsed(path: str, mtime_ns: int, size: int) -> CSS:
    # Read-only once parsed: shared by every thread's renders.
    text = Path(path).read_text(encoding="utf-8")
    return CSS(string=text, base_url="about:blank", url_fetcher=NoFetching())


def render_pdf(template: str, context: dict) -> bytes:
    return render_pdf_and_anchor(template, context)[0]


def render_pdf_and_anchor(template: str, context: dict, anchor: str = "vung-ky"):
    """The PDF, and where the element with id `anchor` (the signatures' empty box) fell:
    [page index, left, top] in PDF points from the page's bottom-left; None if absent."""
    with translation.override("vi"):
        html = render_to_string(template, context)
    document = _Html(string=html, base_url="about:blank", url_fetcher=NoFetching()).render(
        stylesheets=[_stylesheet()], font_config=_font_config()
    )
    found = None
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            x, y = page.anchors[anchor][:2]  # CSS px (1/96 in) from the top-left
            found = [index, x * 0.75, (page.height - y) * 0.75]
    return document.write_pdf(), found


def day_or_month(value: int, *, is_month: bool) -> str:
    # Decree 30, Appendix I: a day under 10, and the months 1 and 2, take a leading zero.
    if is_month:
        return f"{value:02d}" if value <= 2 else str(value)
    return f"{value:02d}"


def vietnamese_date(day: dt.date) -> str:
    """`ngày 05 tháng 02 năm 2026`, `ngày 28 tháng 11 năm 2026`."""
    return (
        f"ngày {day_or_month(day.day, is_month=False)} "
        f"tháng {day_or_month(day.month, is_month=True)} năm {day.year}"
    )


def place_and_date(place: str, day: dt.date) -> str:
    return f"{place}, {vietnamese_date(day)}"


def initials(name: str, *, limit: int = 10) -> str:
    """An agency's short name for a symbol: the initials of its words (Sở Tài chính → STC),
    without diacritics except Đ."""
    letters = []
    for word in name.split():
        first = word[0].upper()
        if first == "Đ":
            letters.append("Đ")
            continue
        base = unicodedata.normalize("NFD", first)[0]
        if base.isalnum():
            letters.append(base)
    return "".join(letters)[:limit] or "CQ"
