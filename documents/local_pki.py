"""A whole PKI on loopback, for the tests and `make samples`: a root CA, an OCSP responder, a
CRL, an RFC 3161 time-stamping authority (certomancer, served in-process through its WSGI app)
and a remote-signing service speaking the Cloud Signature Consortium API over the same keys
(certomancer-csc-dummy, aiohttp). Nothing here is used in production: a province configures
its own CA's trust roots, TSA and tokens (README, "Signatures")."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from werkzeug.serving import WSGIRequestHandler, make_server

ARCH = "travelmgmt"
# The leaves: the issuing body's seal, a few people, and one revoked person (tests).
BODY = "co-quan"
PEOPLE = ("nguoi-ky-1", "nguoi-ky-2", "nguoi-ky-3")
REVOKED = "nguoi-ky-thu-hoi"
NAMES = {
    "root": "travelmgmt CA thử nghiệm",
    "tsa": "travelmgmt TSA thử nghiệm",
    BODY: "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH (thử nghiệm)",
    "nguoi-ky-1": "Lê Văn Bình (thử nghiệm)",
    "nguoi-ky-2": "Người ký 2 (thử nghiệm)",
    "nguoi-ky-3": "Người ký 3 (thử nghiệm)",
    REVOKED: "Người ký bị thu hồi (thử nghiệm)",
}
LEAF_EXTENSIONS = [
    {
        "id": "key_usage",
        "critical": True,
        "smart-value": {"schema": "key-usage", "params": ["digital_signature", "non_repudiation"]},
    },
    {"id": "crl_distribution_points", "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": ["root"]}}},
    {"id": "authority_information_access", "smart-value": {"schema": "aia-urls", "params": {"ocsp-responder-names": ["root"]}}},
]  # fmt: skip
# The PIN the test remote-signing service accepts for every credential it holds.
CSC_PIN = "246810"
VALIDITY = {"valid-from": "2020-01-01T00:00:00+0000", "valid-to": "2045-01-01T00:00:00+0000"}


def _write_key(path: Path, *, rsa_key=False) -> None:
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if rsa_key
        else ec.generate_private_key(ec.SECP256R1())
    )
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def config(url: str) -> dict:
    """The certomancer configuration: keys `<label>.key.pem` beside it, URLs under `url`."""
    leaves = [BODY, *PEOPLE, REVOKED]
    certs = {
        "root": {
            "subject": "root",
            "issuer": "root",
            "validity": VALIDITY,
            "extensions": [
                {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
                {
                    "id": "key_usage",
                    "critical": True,
                    "smart-value": {
                        "schema": "key-usage",
                        "params": ["digital_signature", "key_cert_sign", "crl_sign"],
                    },
                },
            ],
        },
        "tsa": {
            "issuer": "root",
            "validity": VALIDITY,
            "extensions": [
                {
                    "id": "key_usage",
                    "critical": True,
                    "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
                },
                {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                LEAF_EXTENSIONS[1],
            ],
        },
    }
    for label in leaves:
        certs[label] = {"issuer": "root", "validity": VALIDITY, "extensions": LEAF_EXTENSIONS}
    certs[REVOKED]["revocation"] = {
        "revoked-since": "2021-01-01T00:00:00+0000",
        "reason": "key_compromise",
    }
    labels = ["root", "tsa", *leaves]
    return {
        "external-url-prefix": url,
        "keysets": {
            ARCH: {"keys": {label: {"path": f"{label}.key.pem"} for label in labels}},
        },
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "VN", "organization-name": "travelmgmt"},
                "entities": {label: {"common-name": NAMES[label]} for label in labels},
                "certs": certs,
                "services": {
                    "ocsp": {
                        "root": {
                            "for-issuer": "root",
                            "responder-cert": "root",
                            "signing-key": "root",
                        }
                    },
                    "crl-repo": {
                        "root": {
                            "for-issuer": "root",
                            "signing-key": "root",
                            "simulated-update-schedule": "P30D",
                        }
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # one line per OCSP/TSA call is noise in tests
        pass


class _Late:
    """A WSGI app set after the socket is bound (the URLs in the certificates need the port).
    It counts the CPU its answers cost (`cpu_seconds`): the benchmarks tell the application's
    CPU from this stand-in's, which in production is another party's machine."""

    app = None

    def __init__(self):
        self.cpu_seconds = 0.0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        start = time.thread_time()  # werkzeug answers each request in a thread of its own
        answer = self.app(environ, start_response)
        try:
            return list(answer)  # its body made here, in the time counted
        finally:
            if hasattr(answer, "close"):
                answer.close()
            with self._lock:
                self.cpu_seconds += time.thread_time() - start


@dataclass
class LocalPKI:
    directory: Path
    url: str = ""
    csc_url: str = ""
    served: _Late | None = None  # its answers' CPU (`served.cpu_seconds`)
    _stops: list = field(default_factory=list)
    _bodies: dict = field(default_factory=dict)

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    @property
    def trust_roots(self) -> Path:
        return self.directory / "root.pem"

    def arch(self):
        return self._config.get_pki_arch(ARCH)

    def certificate(self, label: str):
        """The asn1crypto certificate of a leaf."""
        return self.arch().get_cert(label)

    def pkcs12(self, label: str, password: str) -> bytes:
        """A leaf's key and certificate (with its chain) as a PKCS#12 locked with `password`."""
        return self.arch().package_pkcs12(label, password=password.encode())

    def body_pkcs12(self, name: str, password: str) -> bytes:
        """A key and certificate of the issuing body `name` (its subject: O= and CN= the
        body's name), from the root CA, as a PKCS#12 locked with `password`."""
        from cryptography.hazmat.primitives.serialization import pkcs12

        key, certificate, root = self.body_key_and_certificate(name)
        encryption = (  # a weak lock is enough for a test key, and fast
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(1000)
            .build(password.encode())
        )
        return pkcs12.serialize_key_and_certificates(
            b"co-quan", key, certificate, [root], encryption
        )

    def body_key_and_certificate(self, name: str):
        """(key, certificate, root) of the body `name`, made once per PKI (cryptography
        objects). Its revocation is checked on the CA's CRL, which certomancer serves; the CA's
        OCSP responder knows only the certificates in its configuration."""
        made = self._bodies.get(name)
        if made is None:
            made = self._bodies[name] = _body_certificate(self, name)
        return made

    def csc_credential(self, label: str) -> str:
        """The remote-signing service's id of a leaf's key."""
        return f"{ARCH}/{label}"

    def stop(self):
        for stop in reversed(self._stops):
            stop()
        self._stops.clear()


def start(directory: Path, *, csc=True) -> LocalPKI:
    """Make the keys and serve CA, OCSP, CRL and TSA (and the CSC service) on loopback."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig

    directory.mkdir(parents=True, exist_ok=True)
    for label in ["root", "tsa", BODY, *PEOPLE, REVOKED]:
        _write_key(directory / f"{label}.key.pem", rsa_key=label == "tsa")
    late = _Late()
    server = make_server("127.0.0.1", 0, late, threaded=True, request_handler=_Quiet)
    pki = LocalPKI(directory, url=f"http://127.0.0.1:{server.server_port}", served=late)
    (directory / "certomancer.yml").write_text(yaml.safe_dump(config(pki.url)), encoding="utf-8")
    pki._config = CertomancerConfig.from_file(str(directory / "certomancer.yml"))
    late.app = Animator(AnimatorArchStore(pki._config.pki_archs), with_web_ui=False)
    pki.trust_roots.write_bytes(_pem(pki.certificate("root")))
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="certomancer")
    thread.start()
    pki._stops.append(server.shutdown)
    if csc:
        pki.csc_url, stop_csc = _serve_csc(pki._config)
        pki._stops.append(stop_csc)
    return pki


def _body_certificate(pki: LocalPKI, name: str):
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    root = x509.load_pem_x509_certificate(pki.trust_roots.read_bytes())
    root_key = serialization.load_pem_private_key(
        (pki.directory / "root.key.pem").read_bytes(), None
    )
    crl = x509.load_der_x509_certificate(pki.certificate(BODY).dump()).extensions.get_extension_for_class(x509.CRLDistributionPoints).value  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    short = name.strip()[:64]  # an X.520 name holds at most 64 characters
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, short),
            x509.NameAttribute(NameOID.COMMON_NAME, short),
        ]
    )
    usage = dict.fromkeys(
        ["key_encipherment", "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
         "encipher_only", "decipher_only"], False
    )  # fmt: skip
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2045, 1, 1, tzinfo=dt.UTC))
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, **usage), critical=True
        )
        .add_extension(crl, critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    return key, certificate, root


def _pem(certificate) -> bytes:
    from asn1crypto import pem

    return pem.armor("CERTIFICATE", certificate.dump())


def _serve_csc(cfg):
    """certomancer-csc-dummy in a thread with its own event loop; returns (url, stop)."""
    from aiohttp import web
    from csc_dummy.csc_dummy_server import CSCWithCertomancer, DummyServiceParams

    class WithPin(CSCWithCertomancer):
        """The dummy authorises any PIN; a real service refuses a wrong one (CSC API v1,
        credentials/authorize: 400 invalid_request), which the signer's count relies on."""

        async def credentials_authorize(self, request):
            body = await request.json()
            if body.get("PIN") != CSC_PIN:
                error = {"error": "invalid_request", "error_description": "Invalid PIN"}
                return web.json_response(error, status=400)
            return await super().credentials_authorize(request)

    loop = asyncio.new_event_loop()
    csc = WithPin(cfg, service_params=DummyServiceParams(hash_pinning_required=True))
    csc.register_routes()
    runner = web.AppRunner(csc.app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True, name="csc-dummy")
    thread.start()

    def stop():
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop


def softhsm_token(pki: LocalPKI, *, label="travelmgmt", key_label="con-dau", pin="1234"):
    """A SoftHSM2 token (a software PKCS#11 token, Debian's softhsm2) holding the People's
    Committee's key and certificate (`key_label`), in a folder of its own (SOFTHSM2_CONF, read
    when the module loads). Returns the module's path."""
    import os
    import subprocess

    module = next(p for p in SOFTHSM_MODULES if Path(p).is_file())
    folder = pki.directory / "softhsm"
    (folder / "tokens").mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    run = {"check": True, "capture_output": True}
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "87654321", "--pin", pin], **run)  # fmt: skip
    pki._softhsm = {"module": module, "label": label, "pin": pin, "ids": 0}
    _import_into_token(pki, pki.directory / f"{BODY}.key.pem", pki.certificate(BODY), key_label)
    return module


def softhsm_body_key(pki: LocalPKI, name: str, *, key_label: str) -> None:
    """Put the body `name`'s own key and certificate (LocalPKI.body_key_and_certificate) into
    the token softhsm_token made, under `key_label`."""
    from asn1crypto import x509 as asn1_x509

    key, certificate, _root = pki.body_key_and_certificate(name)
    key_file = pki.directory / f"softhsm-{key_label}.key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    _import_into_token(pki, key_file, asn1_x509.Certificate.load(der), key_label)


def _import_into_token(pki: LocalPKI, key_file: Path, certificate, key_label: str) -> None:
    import subprocess

    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    token = pki._softhsm
    token["ids"] += 1
    object_id = bytes([token["ids"]])
    run = {"check": True, "capture_output": True}
    subprocess.run(["softhsm2-util", "--import", str(key_file), "--token", token["label"], "--label", key_label, "--id", object_id.hex(), "--pin", token["pin"]], **run)  # fmt: skip
    found = pkcs11.lib(token["module"]).get_token(token_label=token["label"])
    try:
        session = found.open(rw=True, user_pin=token["pin"])
    except pkcs11.exceptions.UserAlreadyLoggedIn:  # a signer's session in this process is
        session = found.open(rw=True)
    with session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: key_label,
                Attribute.ID: object_id,
                Attribute.VALUE: certificate.dump(),
                Attribute.SUBJECT: certificate.subject.dump(),
                Attribute.ISSUER: certificate.issuer.dump(),
                Attribute.SERIAL_NUMBER: certificate["tbs_certificate"]["serial_number"].dump(),
            }
        )


SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
)
