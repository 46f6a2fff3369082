"""A throw-away certificate authority and signing key, made with `cryptography`: for DEBUG
runs (under MEDIA_ROOT, never committed) and for tests (in a temporary folder). Production
names its own PKCS#12 file or token (README, "Documents")."""

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Material:
    pkcs12_file: Path
    password: str
    trust_roots: Path

    @property
    def local_tsa(self) -> Path | None:
        """The throw-away time-stamping key made beside a throw-away signer (tsa.key); None
        for a province's own PKCS#12, which must name a real TSA (SIGNING_TSA_URL)."""
        found = self.pkcs12_file.parent / "tsa.key"
        return found if found.is_file() else None


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "travelmgmt (thử nghiệm)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, issuer, public_key, issuer_key, *, is_ca: bool, tsa: bool = False):
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650 if is_ca else 1825))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not is_ca,
                content_commitment=not is_ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=is_ca,
                crl_sign=is_ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    elif not is_ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def make_material(directory: Path, *, signer_name: str = "ỦY BAN NHÂN DÂN (thử nghiệm)"):
    """Create a CA and a signer under `directory`: ca.pem (the trust root), signer.p12 and
    the p12's random password in password.txt. Returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("travelmgmt CA thử nghiệm")
    ca_cert = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, is_ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(_name(signer_name), ca_name, key.public_key(), ca_key, is_ca=False)
    password = secrets.token_urlsafe(24)
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer",
        key,
        cert,
        [ca_cert],
        serialization.BestAvailableEncryption(password.encode()),
    )
    (directory / "ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_tsa(directory, ca_name, ca_key)
    # Kept so that the demo can give each signer a throw-away personal key (personal_pkcs12).
    (directory / "ca.key").write_bytes(
        ca_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (directory / "signer.p12").write_bytes(p12)
    (directory / "password.txt").write_text(password, encoding="utf-8")
    return Material(directory / "signer.p12", password, directory / "ca.pem")


def _write_tsa(directory: Path, ca_name, ca_key) -> None:
    """A time-stamping key (RSA: pyHanko's in-process timestamper signs with RSA only) and its
    certificate, so that throw-away signatures carry a timestamp (B-T) as real ones do."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _certificate(
        _name("travelmgmt TSA thử nghiệm"), ca_name, key.public_key(), ca_key, is_ca=False, tsa=True
    )
    (directory / "tsa.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "tsa.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def load_or_make(directory: Path) -> Material:
    """The material under `directory`, created on first use."""
    if not all((directory / name).exists() for name in ("signer.p12", "tsa.key", "ca.key")):
        return make_material(directory)
    password = (directory / "password.txt").read_text(encoding="utf-8")
    return Material(directory / "signer.p12", password, directory / "ca.pem")


def personal_pkcs12(material: Material, common_name: str, pin: str) -> bytes:
    """A throw-away personal key and certificate from the throw-away CA, as a PKCS#12 locked
    with `pin` (the demo's signers); None-safe only for material made here (it has ca.key)."""
    directory = material.trust_roots.parent
    ca_key = serialization.load_pem_private_key((directory / "ca.key").read_bytes(), None)
    ca_cert = x509.load_pem_x509_certificate(material.trust_roots.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(_name(common_name), ca_cert.subject, key.public_key(), ca_key, is_ca=False)
    return pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, [ca_cert], serialization.BestAvailableEncryption(pin.encode())
    )


def body_pkcs12(material: Material, body_name: str, password: str) -> bytes:
    """A throw-away key and certificate of an issuing body (its subject: O= and CN= the body's
    name, at most 64 characters each) from the throw-away CA (the demo's bodies)."""
    directory = material.trust_roots.parent
    ca_key = serialization.load_pem_private_key((directory / "ca.key").read_bytes(), None)
    ca_cert = x509.load_pem_x509_certificate(material.trust_roots.read_bytes())
    short = body_name.strip()[:64]
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, short),
            x509.NameAttribute(NameOID.COMMON_NAME, short),
        ]
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(subject, ca_cert.subject, key.public_key(), ca_key, is_ca=False)
    return pkcs12.serialize_key_and_certificates(
        b"co-quan", key, cert, [ca_cert], serialization.BestAvailableEncryption(password.encode())
    )
