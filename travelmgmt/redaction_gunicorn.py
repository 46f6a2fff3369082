"""gunicorn's access log without the secrets a URL path may carry (travelmgmt/redaction.py).
Loaded by gunicorn only (deploy/gunicorn.conf.py)."""

from gunicorn.glogging import Logger

from travelmgmt.redaction import redact_path


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        # Every atom a format may name: the request line, the path, the referer, the environ.
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact_path(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
