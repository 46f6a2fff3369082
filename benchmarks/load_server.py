"""The load benchmark's server side (benchmarks/load.py): gunicorn with production settings on
a free loopback port, in its own process group, stopped whatever happens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.load_client import Call, request

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(*, database_url, secret_key, broker_url, port, workers, folder):
    """Production settings for gunicorn: DEBUG off, the proxy's headers trusted from the
    loopback (the client sends X-Forwarded-Proto as nginx does), and a throw-away signing key
    in `folder`: approving issues a signed decision, which production refuses without one."""
    from documents import pki

    signing = pki.make_material(folder / "pki", signer_name="ỦY BAN NHÂN DÂN (benchmark)")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "PYTEST", "CELERY_", "SIGNING_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="travelmgmt.settings",
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url or "",
        # Without a broker the tasks run in-process, which production refuses unless told.
        ALLOW_EMBEDDED_PRODUCTION="false" if broker_url else "true",
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_ACCESS_LOG=str(folder / "access.log"),
        GUNICORN_ERROR_LOG=str(folder / "error.log"),
        # Recycling a worker in the middle of a measurement would count its start-up.
        GUNICORN_MAX_REQUESTS="0",
        SIGNING_PKCS12_FILE=str(signing.pkcs12_file),
        SIGNING_PKCS12_PASSWORD=signing.password,
        SIGNING_TRUST_ROOTS=str(signing.trust_roots),
        # Its deciders have no personal credential: the body's signature only (issue 24).
        SIGNING_PERSONAL_REQUIRED="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def key_the_agency(agency, *, folder: Path, secret_key: str) -> None:
    """The agency's body seals with its own key (issue 24): a throw-away one from the server's
    CA in `folder`, encrypted with the server's secret key (it has no SIGNING_CREDENTIALS_KEY),
    replacing whatever an earlier run left (encrypted with that run's key)."""
    import secrets

    from django.test.utils import override_settings

    from authority.models import Body
    from authority.selectors import body_for_agency
    from documents import body_key, pki

    material = pki.load_or_make(folder / "pki")
    body = body_for_agency(agency)
    password = secrets.token_urlsafe(16)
    with override_settings(SECRET_KEY=secret_key, SIGNING_CREDENTIALS_KEY=""):
        fields, subject = body_key.check_key(
            source=Body.KeySource.PKCS12,
            pkcs12=pki.body_pkcs12(material, body.name, password),
            password=password,
        )
    Body.objects.filter(pk=body.pk).update(**fields, key_subject=subject)


class Gunicorn:
    """gunicorn in its own process group, stopped (TERM, then KILL) on exit."""

    def __init__(self, env, folder: Path):
        self.env, self.folder = env, folder
        self.port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
        self.process = None

    def __enter__(self):
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        gunicorn = str(Path(python).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", "deploy/gunicorn.conf.py", "travelmgmt.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start: {self.error_log()}")
            try:
                if request(self.port, Call("GET", "/dang-nhap/"))[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in 60 s: {self.error_log()}")

    def __exit__(self, *exc):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def pids(self) -> list[int]:
        """The master and its workers (the process group)."""
        group = os.getpgid(self.process.pid)
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == group:
                        found.append(int(entry.name))
                except OSError:
                    continue
        return found
