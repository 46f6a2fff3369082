"""What a signature shows on the page (Decree 30/2020, Appendix I, electronic documents): the
decider's handwritten-signature image (blue, transparent PNG) centred between title and name;
the issuing body's seal image (red, transparent, actual size) over the left third of it, with
the body's name and the signing time (ISO 8601, +07:00) in a red frame in blue. Each image is
the appearance of its own signature field, so the seal appears only with the body's signature.

The renderer leaves an empty box (`#vung-ky`, documents/pdf/base.html) and reports where it
fell; the images are drawn with Pillow at signing time. A person's real signature image would
be uploaded with their credential; until then one is drawn from their name (the demo's too)."""

from __future__ import annotations

import math
import unicodedata
import zlib
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.sign import fields
from pyhanko.stamp import StaticStampStyle

ANCHOR = "vung-ky"
MM = 72 / 25.4  # PDF points per millimetre
DPI_MM = 300 / 25.4  # image pixels per millimetre (300 dpi)
AREA_WIDTH_MM, PERSON_MM, SEAL_MM = 70, (50, 22), 36
FRAME_MM = (72, 12)  # the body's name and time, under the seal
PERSON_TOP_MM = 8  # from the top of the empty box: the seal (centred on the image) stays in it
BLUE, RED = (20, 60, 170, 255), (200, 20, 20, 255)
# Times-metric fonts with every Vietnamese letter (Debian's Liberation Serif lacks Ủ, ờ...):
# Tinos (fonts-croscore), else DejaVu Serif.
FONTS = (
    "/usr/share/fonts/truetype/croscore/Tinos-{}.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-{}.ttf",
)


@cache
def _font(style: str, size_px: int):
    for path in FONTS:
        try:
            return ImageFont.truetype(path.format(style), size_px)
        except OSError:
            continue
    return ImageFont.load_default(size_px)  # no font at all: Pillow's own, still legible


def _px(mm: float) -> int:
    return round(mm * DPI_MM)


def _nfc(text: str) -> str:
    # Pillow draws precomposed letters (Ủ, ờ); decomposed marks would come out as boxes.
    return unicodedata.normalize("NFC", text)


def person_image(name: str) -> Image.Image:
    """A blue signature on a transparent background, drawn from the name."""
    return _person_image(_nfc(name)).copy()


@lru_cache(maxsize=64)
def _person_image(name: str) -> Image.Image:
    # Drawn once per process and name.
    width, height = _px(PERSON_MM[0]), _px(PERSON_MM[1])
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    family = name.split()[-1] if name.split() else name
    draw.text((width * 0.12, height * 0.12), family, font=_font("BoldItalic", _px(11)), fill=BLUE)
    # A flourish under the name, as a pen would leave it.
    points = [
        (width * (0.08 + 0.84 * t / 40), height * (0.78 - 0.08 * math.sin(t / 40 * 2 * math.pi)))
        for t in range(41)
    ]
    draw.line(points, fill=BLUE, width=_px(0.5))
    return image


def seal_image(body_name: str, signed_at: str) -> Image.Image:
    """The seal (red rings, the body's name around a star) at actual size, and under it the
    body's name and the signing time in blue inside a red frame."""
    image = _seal_and_frame(_nfc(body_name)).copy()  # only the time changes between signatures
    draw = ImageDraw.Draw(image)
    font = _font("Regular", _px(3.0))
    draw.text((_px(1.5), _time_row()), _nfc(f"Thời gian ký: {signed_at}"), font=font, fill=BLUE)
    return image


def _time_row() -> int:
    return _px(SEAL_MM) + _px(1) + _px(6.3)


def seal_static_rows() -> int:
    """The seal image's rows above its time line (a margin for accents): the same for every
    signature of a body (documents/issuing.py compresses them once)."""
    return _time_row() - _px(2)


@lru_cache(maxsize=16)
def _seal_and_frame(body_name: str) -> Image.Image:
    """The seal and the frame with the body's name, drawn once per process and body (the ring
    of letters alone costs ~30 ms)."""
    seal, frame_w, frame_h = _px(SEAL_MM), _px(FRAME_MM[0]), _px(FRAME_MM[1])
    image = Image.new("RGBA", (max(seal, frame_w), seal + frame_h + _px(1)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for inset, width in ((_px(0.6), _px(0.9)), (_px(3.2), _px(0.4))):
        draw.ellipse((inset, inset, seal - inset, seal - inset), outline=RED, width=width)
    _ring_text(image, body_name.upper(), radius=seal / 2 - _px(5.6), centre=(seal / 2, seal / 2))
    _star(draw, (seal / 2, seal / 2), _px(5))
    top = seal + _px(1)
    draw.rectangle((0, top, frame_w - 1, top + frame_h - 1), outline=RED, width=_px(0.3))
    font = _font("Regular", _px(3.0))
    draw.text((_px(1.5), top + _px(1.3)), body_name, font=font, fill=BLUE)
    return image


def _star(draw, centre, radius):
    cx, cy = centre
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=RED)


def _ring_text(image, text, *, radius, centre):
    """The body's name around the upper ring, letter by letter."""
    font = _font("Bold", _px(3.2))
    letters = list(_nfc(text))[:48]
    span = math.radians(min(300, 7.2 * len(letters)))
    for i, letter in enumerate(letters):
        angle = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(letters)
        tile = Image.new("RGBA", (_px(4), _px(4)), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((_px(2), _px(2)), letter, font=font, fill=RED, anchor="mm")
        tile = tile.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x = centre[0] + radius * math.cos(angle) - tile.width / 2
        y = centre[1] + radius * math.sin(angle) - tile.height / 2
        image.alpha_composite(tile, (round(x), round(y)))


def boxes(anchor) -> dict:
    """The two fields' rectangles (PDF points) from where the empty box fell:
    `anchor` = [page index, left, top] in points from the page's bottom-left."""
    page, left, top = anchor
    area_centre = left + AREA_WIDTH_MM * MM / 2
    width, height = PERSON_MM[0] * MM, PERSON_MM[1] * MM
    person_top = top - PERSON_TOP_MM * MM
    person = (area_centre - width / 2, person_top - height, area_centre + width / 2, person_top)
    # The seal's centre on the middle of the person's image's left third.
    seal_x = person[0] + width / 6
    seal_y = (person[1] + person[3]) / 2
    seal_w = max(SEAL_MM, FRAME_MM[0]) * MM
    seal_h = (SEAL_MM + FRAME_MM[1] + 1) * MM
    seal_top = seal_y + SEAL_MM * MM / 2
    seal = (
        seal_x - SEAL_MM * MM / 2,
        seal_top - seal_h,
        seal_x - SEAL_MM * MM / 2 + seal_w,
        seal_top,
    )
    return {"page": page, "person": person, "seal": seal}


def field_and_style(
    name: str, image: Image.Image, *, page: int, box, key=None, static_rows=None
) -> tuple:
    """A visible signature field at `box` whose appearance is `image`, drawn at its size.
    `key` (a person's name, a body's seal): the image's first `static_rows` rows (all if
    None) are the same from one signature to the next, so their compression is kept per
    process and key; None: the whole image compressed each time."""
    spec = fields.SigFieldSpec(name, on_page=page, box=tuple(round(v, 2) for v in box))
    if key is None:
        background = PdfImage(image)
    else:
        background = _Compressed(image, key, image.height if static_rows is None else static_rows)
    style = StaticStampStyle(
        background=background,
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
        ),
    )
    return spec, style


_heads: dict = {}  # key -> (the prefix, its compressed bytes, the compressor after it)


def _flate(key, data: bytes, cut: int) -> bytes:
    """zlib.compress(data), byte for byte, with data[:cut] compressed once per key (a seal's
    rows above its time line: ~10 ms of each signature). Checked, not assumed: a prefix
    that differs from the kept one (another body's name, another font) is compressed anew."""
    found = _heads.get(key)
    if found is None or found[0] != data[:cut]:
        if len(_heads) >= 32:
            _heads.clear()
        compressor = zlib.compressobj()
        found = _heads[key] = (data[:cut], compressor.compress(data[:cut]), compressor)
    rest = found[2].copy()  # zlib keeps its window and pending output in the copy
    return found[1] + rest.compress(data[cut:]) + rest.flush()


class _Compressed(PdfImage):
    """pyHanko's image XObject, as pyhanko.pdf_utils.images.pil_image writes it (RGB with
    the alpha as an /SMask, 8 bits, /FlateDecode), its unchanging rows compressed once."""

    def __init__(self, image: Image.Image, key, static_rows: int):
        super().__init__(image.convert("RGBA"))
        self.key, self.static_rows = key, static_rows

    @property
    def image_ref(self) -> generic.IndirectObject:
        found = self._image_ref
        if found is None or found.get_pdf_handler() is not self.writer:
            self._image_ref = found = self._write()
        return found

    def _write(self) -> generic.IndirectObject:
        width, rows = self.image.width, self.static_rows
        key = (self.key, self.image.size)
        colour = _flate((key, "RGB"), self.image.convert("RGB").tobytes(), 3 * width * rows)
        alpha = _flate((key, "A"), self.image.getchannel("A").tobytes(), width * rows)

        def xobject(data, space, smask=None):
            entries = {
                generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Image"),
                generic.pdf_name("/Width"): generic.NumberObject(width),
                generic.pdf_name("/Height"): generic.NumberObject(self.image.height),
                generic.pdf_name("/ColorSpace"): generic.pdf_name(space),
                generic.pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode"),
            }
            if smask is not None:
                entries[generic.pdf_name("/SMask")] = smask
            stream = generic.StreamObject(generic.DictionaryObject(entries), encoded_data=data)
            return self.writer.add_object(stream)

        return xobject(colour, "/DeviceRGB", smask=xobject(alpha, "/DeviceGray"))
