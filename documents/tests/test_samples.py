"""Independent proof: an issued decision validated by pyHanko's command line, a separate
process that shares nothing with the application but the file and the trust root. With
SAMPLES_DIR set (`make samples`), the decision and its trust root are written there."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from documents.tests.test_personal import PIN, approve, decision_file, give_pkcs12
from trips.tests.helpers import submitted_trip

CLI = Path(sys.executable).parent / "pyhanko"


@pytest.fixture
def api():
    from api.tests.conftest import CheckedClient

    return CheckedClient()


# A network namespace of its own has no network at all, loopback included: what validates
# there validates from the file's own DSS (B-LT), as it must in ten years. Root only (CI is).
OFFLINE = ["unshare", "--net"] if shutil.which("unshare") and os.geteuid() == 0 else []


def validate(pdf: Path, root: Path) -> subprocess.CompletedProcess:
    """`pyhanko sign adesverify`: PAdES validation (ETSI EN 319 102-1) against `root` only."""
    return subprocess.run(
        [*OFFLINE, str(CLI), "sign", "adesverify", "--pretty-print", "--trust", str(root), "--trust-replace", str(pdf)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def issued(api, staff_a, head_a, signing_key, settings, committed, tmp_path):
    """A decision signed by its decider then sealed, as a file with its trust root."""
    settings.SIGNING_PERSONAL_REQUIRED = True
    head_a.first_name, head_a.last_name = "Lê Văn", "Bình"
    head_a.save()
    give_pkcs12(signing_key, head_a)
    trip = submitted_trip(staff_a)
    names = ("Nguyễn Văn An", "Trần Thị Bình")
    for member, name in zip(trip.members.order_by("id"), names, strict=True):
        member.official.full_name = name  # the paper copies the members as they are now
        member.official.save(update_fields=["full_name"])
    assert committed(approve, api, trip, head_a, signing_pin=PIN).status_code == 200
    folder = Path(os.environ.get("SAMPLES_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    pdf, root = folder / "quyet-dinh-mau.pdf", folder / "trust-root.pem"
    pdf.write_bytes(decision_file(trip))
    shutil.copyfile(signing_key.trust_roots, root)
    return pdf, root


@pytest.mark.skipif(not CLI.exists(), reason="pyhanko-cli is in requirements-dev.txt")
@pytest.mark.skipif(not OFFLINE and not os.environ.get("CI"), reason="needs root for unshare")
def test_pyhankos_cli_validates_both_signatures_and_catches_one_changed_byte(issued, tmp_path):
    pdf, root = issued
    report = validate(pdf, root)
    assert report.returncode == 0, report.stdout + report.stderr
    print(report.stdout)
    text = report.stdout
    assert text.count("The signature is judged VALID.") == 2, text
    assert "Field 1: ChuKyNguoiKy" in text and "Field 2: ChuKySo" in text
    assert text.count("This timestamp is backed by a time stamping authority.") == 2
    # poppler's pdfsig, a third reader, for the SubFilter of each.
    types = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
    assert types.count("Signature Type: ETSI.CAdES.detached") == 2, types
    # The seal is the deciding agency's own certificate (issue 24), not the Committee's.
    assert "Signer Certificate Common Name: Sở Ngoại vụ" in types, types

    data = bytearray(pdf.read_bytes())
    data[data.index(b"stream") + 40] ^= 0x01  # inside the first revision's page content
    tampered = tmp_path / "sua-mot-byte.pdf"
    tampered.write_bytes(bytes(data))
    assert validate(tampered, root).returncode != 0


@pytest.mark.skipif(not CLI.exists() or not OFFLINE, reason="pyhanko-cli and root (unshare)")
def test_without_the_dss_the_same_cli_finds_no_revocation_data(signing_key, tmp_path):
    """The control: a B-T signature (timestamped, nothing embedded) fails there, so the
    decision's VALID above comes from its own DSS, not from the network."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from documents import body_key, signing
    from documents.rendering import render_pdf

    pdf = render_pdf("documents/pdf/decision.html", {"doc": {"symbol": "01"}})
    meta = signers.PdfSignatureMetadata(
        field_name="B_T", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )

    def sign():
        with body_key.body_key() as signer:
            return signers.PdfSigner(
                meta, signer=signer, timestamper=signing.timestamper()
            ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))

    # pyHanko's sync API runs its own event loop: a browser test before this one in the same
    # worker leaves Playwright's loop on this thread (documents.signing.outside_event_loop).
    out = signing.outside_event_loop(sign)
    path = tmp_path / "b-t.pdf"
    path.write_bytes(out.getvalue())
    report = validate(path, Path(signing_key.trust_roots))
    assert report.returncode != 0
    assert "no revocation information" in report.stderr + report.stdout


def test_the_layout_stylesheet_is_parsed_once_per_version(tmp_path, settings):
    """documents/rendering.py keeps the parsed decree30.css per process and version of the
    file: the same object while the file is unchanged, a new one once it changes."""
    from documents import rendering

    first, again = rendering._stylesheet(), rendering._stylesheet()
    assert first is again
    css = tmp_path / "templates" / "documents" / "pdf" / "decree30.css"
    css.parent.mkdir(parents=True)
    css.write_text("@page { size: A5 }")
    settings.BASE_DIR = tmp_path
    other = rendering._stylesheet()
    assert other is not first
    css.write_text("@page { size: A4 }  ")
    assert rendering._stylesheet() is not other
