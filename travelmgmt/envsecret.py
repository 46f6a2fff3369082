"""Secrets from the environment or from a file (Docker/systemd credentials).

Modelled on healthchecks' `envsecret`: NAME when it is set and not empty, else the content of
the file that NAME_FILE points to, else the default. The file's trailing newline is dropped
(`echo secret > file` writes one). Plain Python: the settings import it before Django is set up.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_secret(name: str, default: str = "") -> str:
    value = os.environ.get(name, "")
    if value:
        return value
    path = os.environ.get(f"{name}_FILE", "")
    if not path:
        return default
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as error:
        # Name the variable and the path, never the content.
        raise ImproperlyConfigured(
            f"{name}_FILE points to {path}, which cannot be read ({error.strerror})."
        ) from None
