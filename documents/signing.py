"""PAdES signatures with pyHanko: the issuing body's key signs; anyone may verify against the
configured trust roots. Where the key comes from is settled once here (`material()`)."""

import asyncio
import io
import ssl
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import cache, lru_cache
from pathlib import Path

import aiohttp
import certifi
from asn1crypto import keys
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator import ValidationContext

from documents import body_key, pki, revocation
from documents.exceptions import SigningFailed, SigningNotConfigured
from documents.validation import Verdict, check_pdf

FIELD_NAME = "ChuKySo"
RESERVED_BYTES = 16 * 1024


def outside_event_loop(call):
    """pyHanko's synchronous API runs asyncio.run(): from a thread that already runs an event
    loop (an ASGI worker, a Playwright test) it must go through a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def material() -> pki.Material:
    """The configured PKCS#12 and trust roots; a throw-away pair under MEDIA_ROOT when DEBUG is
    on and nothing is set; otherwise a refusal (never an unsigned decision)."""
    if settings.SIGNING_PKCS12_FILE:
        return pki.Material(
            Path(settings.SIGNING_PKCS12_FILE),
            settings.SIGNING_PKCS12_PASSWORD,
            Path(settings.SIGNING_TRUST_ROOTS) if settings.SIGNING_TRUST_ROOTS else None,
        )
    if settings.DEBUG:
        return pki.load_or_make(Path(settings.MEDIA_ROOT) / "signing-dev")
    raise SigningNotConfigured(
        _(
            "Chưa cấu hình chữ ký số của cơ quan ban hành (SIGNING_PKCS12_FILE): không thể ban "
            "hành văn bản chưa ký. Đề nghị quản trị hệ thống cấu hình rồi thực hiện lại."
        )
    )


def ready(body=None) -> None:
    """Refuse before a signed document takes its number if `body` has no key (None: the
    environment's key, the People's Committee's; documents/body_key.py)."""
    body_key.ready(body)


@cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle costs ~40 ms: once per process, not per timestamp request.
    return ssl.create_default_context(cafile=certifi.where())


class _TimeStamper(HTTPTimeStamper):
    """pyHanko's HTTP client with the process's TLS context; kept per process (`timestamper`),
    so that the TSA's certificates, which it asks for once with a dummy request, are asked
    for once per process rather than once per signature."""

    @asynccontextmanager
    async def _acquire_session(self):
        connector = aiohttp.TCPConnector(ssl=_ssl_context())
        async with aiohttp.ClientSession(connector=connector) as session:
            yield session


@lru_cache(maxsize=4)
def _http_timestamper(url: str, timeout: int) -> HTTPTimeStamper:
    return _TimeStamper(url, timeout=timeout)


@lru_cache(maxsize=4)
def _local_timestamper(tsa_key: Path, roots: str) -> DummyTimeStamper:
    tsa_cert = load_cert_from_pemder(str(tsa_key.with_suffix(".pem")))
    key = keys.PrivateKeyInfo.load(tsa_key.read_bytes())
    return DummyTimeStamper(tsa_cert=tsa_cert, tsa_key=key, certs_to_embed=_trust_roots())


def timestamper():
    """The RFC 3161 time-stamping authority every signature gets its timestamp from (B-T):
    SIGNING_TSA_URL; the throw-away TSA beside a throw-away signer (DEBUG, CI's smoke);
    otherwise a refusal: a signature without a trusted time does not outlive its certificate."""
    if settings.SIGNING_TSA_URL:
        return _http_timestamper(settings.SIGNING_TSA_URL, settings.SIGNING_TIMEOUT)
    local = material().local_tsa if settings.SIGNING_BODY_KEY == "pkcs12" else None
    if local is None:
        raise SigningNotConfigured(
            _(
                "Chưa cấu hình máy chủ cấp dấu thời gian (SIGNING_TSA_URL): chữ ký số phải có "
                "dấu thời gian. Đề nghị quản trị hệ thống cấu hình rồi thực hiện lại."
            )
        )
    return _local_timestamper(local, str(_roots_file()))


def validation_context(*, fetch: bool) -> ValidationContext:
    """Trust roots from the settings. Signing fetches the OCSP/CRL answers it embeds (B-LT);
    a certificate without any revocation pointer (the throw-away CA) passes with soft-fail."""
    return ValidationContext(
        trust_roots=_trust_roots(),
        allow_fetching=fetch,
        # Plain blocking HTTP with the configured timeout (no event-loop session left open),
        # its answers kept for their validity (documents/revocation.py).
        fetchers=revocation.fetchers() if fetch else None,
        revocation_mode="soft-fail" if fetch else "hard-fail",
    )


def sign_pdf(
    pdf: bytes,
    *,
    symbol: str,
    signer_name: str,
    signer=None,
    body=None,
    field=FIELD_NAME,
    appearance=None,
) -> bytes:
    """Add one PAdES baseline signature to `pdf` (see `async_sign_pdf`); `signer`: the key of
    `body` (an authority.Body; None: the environment's) unless given; `appearance`: (field
    spec, stamp style) of a visible signature."""
    how = {"symbol": symbol, "signer_name": signer_name, "field": field, "appearance": appearance}
    if signer is None:
        with body_key.body_key(body) as key:
            return _sign_now(pdf, signer=key, **how)
    return _sign_now(pdf, signer=signer, **how)


def _sign_now(pdf, **how) -> bytes:
    return outside_event_loop(lambda: asyncio.run(async_sign_pdf(pdf, **how)))


async def async_sign_pdf(
    pdf: bytes, *, symbol: str, signer_name: str, signer, field, appearance=None
) -> bytes:
    """One PAdES baseline signature as an incremental update: SubFilter ETSI.CAdES.detached,
    SHA-256, a TSA timestamp (B-T), and the chain's certificates and revocation answers in the
    DSS (B-LT). An earlier signature stays valid: only a new field and the DSS are added."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    # Visible: the field's appearance is the signature's image (documents/appearance.py);
    # otherwise an invisible field.
    spec, style = appearance or (fields.SigFieldSpec(field), None)
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            embed_validation_info=True,
            validation_context=validation_context(fetch=True),
            reason=f"Ban hành văn bản {symbol}",
            location=settings.DOCUMENT_PLACE,
            name=signer_name,
        ),
        signer=signer,
        timestamper=timestamper(),
        new_field_spec=spec,
        stamp_style=style,
    )
    try:
        # A fixed reservation for the CMS (certificates, timestamp token): without it pyHanko
        # signs once more as a dry run to measure it, a second TSA call per signature.
        out = await pdf_signer.async_sign_pdf(writer, bytes_reserved=RESERVED_BYTES)
    except SigningError as error:
        raise SigningFailed(_("Không ký số được văn bản: %(error)s") % {"error": error}) from None
    return out.getvalue()


def _roots_file() -> Path | None:
    if settings.SIGNING_TRUST_ROOTS:
        return Path(settings.SIGNING_TRUST_ROOTS)
    found = material()  # DEBUG's throw-away CA (or a refusal)
    return Path(found.trust_roots) if found.trust_roots else None


def _trust_roots():
    path = _roots_file()
    if path is None:
        return []
    stat = path.stat()
    return list(_roots_from(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _roots_from(path: str, mtime_ns: int, size: int) -> tuple:
    # Parsed once per process and version of the file (a changed file is read again).
    return tuple(load_certs_from_pemder([path]))


def verify_pdf(data: bytes) -> Verdict:
    """Whether every signature of `data` is intact, timestamped and chains to the configured
    trust roots, with nothing but validation data added after the last one. Nothing is
    fetched from the network (documents/validation.py)."""
    return check_pdf(data, _trust_roots())
