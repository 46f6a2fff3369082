"""Decree 30's look of a signed decision: the decider's blue image centred between title and
name, the seal (red, actual size) over its left third, each the appearance of its own
signature; page numbers at the top centre from page 2; no internal codes."""

import io
import re
import subprocess
import zlib

import pytest
from pypdf import PdfReader

from documents import appearance
from documents.tests.test_personal import PIN, api, approve, decision_file, give_pkcs12  # noqa: F401
from trips.tests.helpers import submitted_trip

MM = 72 / 25.4


def widgets(data: bytes) -> dict:
    reader = PdfReader(io.BytesIO(data))
    found = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig" or annot.get("/Parent"):
                name = annot.get("/T") or annot["/Parent"].get_object().get("/T")
                found[str(name)] = (number, [float(v) for v in annot["/Rect"]], annot.get("/AP"))
    return found


@pytest.fixture
def decision(api, staff_a, head_a, personal, committed):  # noqa: F811
    head_a.first_name, head_a.last_name = "Lê Văn", "Bình"
    head_a.save()
    give_pkcs12(personal, head_a)
    trip = submitted_trip(staff_a)
    assert committed(approve, api, trip, head_a, signing_pin=PIN).status_code == 200
    return decision_file(trip)


@pytest.fixture
def personal(settings, signing_key):
    settings.SIGNING_PERSONAL_REQUIRED = True
    return signing_key


def test_seal_over_the_left_third_page_numbers_on_top_and_no_internal_codes(decision, tmp_path):
    """One decision for all three (each costs a render and two signatures)."""
    found = widgets(decision)
    page_p, person, person_ap = found["ChuKyNguoiKy"]
    page_s, seal, seal_ap = found["ChuKySo"]
    assert person_ap and seal_ap and page_p == page_s
    # The seal at actual size (36 mm) and centred on the person's image's left third.
    seal_width = (seal[3] - seal[1]) - (appearance.SEAL_MM + appearance.FRAME_MM[1] + 1) * MM
    assert abs(seal_width) < 1
    third = person[0] + (person[2] - person[0]) / 6
    assert abs(seal[0] + appearance.SEAL_MM * MM / 2 - third) < 1
    pdf = tmp_path / "qd.pdf"
    pdf.write_bytes(decision)
    pages = len(PdfReader(io.BytesIO(decision)).pages)
    for number in range(1, pages + 1):
        top = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-y", "0", "-H", "60",
             "-W", "600", "-x", "0", str(pdf), "-"], capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        assert top == ([] if number == 1 else [str(number)])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert not re.search(r"\b[A-Z]+(?:_[A-Z]+)+\b", text)  # no NOT_IN_ANNUAL_PLAN and the like


def test_the_images_are_blue_and_red_on_transparent():
    person = appearance.person_image("Lê Văn Bình")
    seal = appearance.seal_image("ỦY BAN NHÂN DÂN", "2026-12-07T09:10:05+07:00")
    assert person.mode == seal.mode == "RGBA"
    assert person.getpixel((0, 0))[3] == 0 and seal.getpixel((0, 0))[3] == 0
    inked = [p for p in person.get_flattened_data() if p[3]]
    assert inked and all(p[2] > p[0] for p in inked)  # blue
    side = round(appearance.SEAL_MM * 300 / 25.4)  # 36 mm at 300 dpi: the seal itself
    ring = [p for p in seal.crop((0, 0, side, side)).get_flattened_data() if p[3] > 200]
    assert ring and all(p[0] > p[2] for p in ring)  # red


def images_in(xobject, found=None) -> list:
    """Every image XObject reachable from a form XObject (an appearance), depth first."""
    found = [] if found is None else found
    for child in (xobject.get("/Resources") or {}).get("/XObject", {}).values():
        child = child.get_object()
        if child.get("/Subtype") == "/Image":
            found.append(child)
        else:
            images_in(child, found)
    return found


def test_the_images_are_written_as_drawn(decision):
    """The decider's image and the seal, compressed in part once per process (appearance.py):
    the file carries exactly their pixels, the colour and the alpha as a soft mask."""
    drawn = appearance.person_image("Lê Văn Bình")
    found = widgets(decision)
    person_ap = found["ChuKyNguoiKy"][2]["/N"].get_object()
    (image,) = [i for i in images_in(person_ap) if i["/Width"] == drawn.width]
    assert (image["/Height"], image["/ColorSpace"], image["/BitsPerComponent"]) == (
        drawn.height, "/DeviceRGB", 8,
    )  # fmt: skip
    assert image.get_data() == drawn.convert("RGB").tobytes()
    assert image["/SMask"].get_object().get_data() == drawn.getchannel("A").tobytes()
    seal_ap = found["ChuKySo"][2]["/N"].get_object()
    (seal,) = [i for i in images_in(seal_ap) if i.get("/SMask")]
    width, height = seal["/Width"], seal["/Height"]
    colour, alpha = seal.get_data(), seal["/SMask"].get_object().get_data()
    assert (len(colour), len(alpha)) == (3 * width * height, width * height)
    assert any(alpha[width * appearance.seal_static_rows() :])  # the time line, drawn anew


def test_a_kept_prefix_compresses_byte_for_byte_as_zlib():
    data = bytes(range(256)) * 400
    changed_tail = data[:-10] + b"x" * 10
    changed_head = b"y" * 10 + data[10:]
    for each in (data, changed_tail, changed_head, data):
        assert appearance._flate("test", each, 50_000) == zlib.compress(each)
