"""The documents' own user-agent stylesheet (templates/documents/pdf/ua.css, in place of
WeasyPrint's HTML5 one, for speed) lays every template out exactly as WeasyPrint's would: the
same boxes at the same places, text for text; and it has a rule for every element the
templates use."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from documents import rendering

PDF = Path(settings.BASE_DIR) / "templates" / "documents" / "pdf"
TEMPLATES = ["decision", "proposal", "handover", "loss_notice", "report"]
PAIRS = {"justifications", "sections"}
LISTS = {"members", "recipients", "bases", "issuer_lines", "issuer_parent", "lines"}


class Doc(dict):
    """Every field a template asks for, long enough to wrap, with Vietnamese diacritics."""

    def __missing__(self, key):
        if key in PAIRS:
            return [("Mục một", "Nội dung giải trình dài. " * 8), ("Mục hai", "Thêm. " * 5)]
        if key in LISTS:
            return [
                Doc(name=f"Nguyễn Văn {i}", is_head=not i, position="Chuyên viên, Sở Ngoại vụ")
                for i in range(3)
            ]
        if key == "signature":
            return Doc()
        return f"Nội dung {key}: ỨNG, ĐỒNG, thưởng, nghiệp vụ ngoại giao và hợp tác quốc tế"


def boxes(html_class, html: str) -> list:
    document = html_class(
        string=html, base_url="about:blank", url_fetcher=rendering.NoFetching()
    ).render(stylesheets=[rendering._stylesheet()], font_config=rendering._font_config())
    found = []
    for page in document.pages:
        for box in page._page_box.descendants():
            found.append((
                type(box).__name__, getattr(box, "element_tag", None), getattr(box, "text", None),
                round(box.position_x, 3), round(box.position_y, 3),
                round(box.width, 3), round(box.height, 3),
            ))  # fmt: skip
    return found


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("stamp", [True, ""])
def test_our_ua_sheet_lays_out_as_weasyprints(name, stamp):
    with translation.override("vi"):
        html = render_to_string(f"documents/pdf/{name}.html", {"doc": Doc(stamp=stamp)})

    ours, theirs = boxes(rendering._Html, html), boxes(HTML, html)

    assert len(ours) > 100
    assert ours == theirs


def test_every_element_the_templates_use_has_a_rule():
    sheet = re.sub(r"/\*.*?\*/", "", (PDF / "ua.css").read_text(), flags=re.S)
    selectors = set(re.findall(r"(?<![-.#\w])([a-z][a-z0-9]*)(?=[\s,{:])", sheet))
    used = {
        tag
        for template in PDF.glob("*.html")
        for tag in re.findall(r"<([a-z][a-z0-9]*)", template.read_text())
    }
    assert used and used <= selectors, used - selectors
