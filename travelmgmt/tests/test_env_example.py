"""`.env.example` is read alike by a shell (`set -a; . ./.env.example`, as the README's
manage.py and backup commands do) and by django-environ (the app's .env reader)."""

import json
import re
import subprocess
import sys

from django.conf import settings

EXAMPLE = settings.BASE_DIR / ".env.example"
DUMP = "import json, os; print(json.dumps(dict(os.environ)))"


def _names() -> list[str]:
    return re.findall(r"^([A-Z0-9_]+)=", EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE)


def test_the_shell_and_django_environ_read_the_same_values():
    shell = subprocess.run(
        [
            "bash",
            "-euc",
            f'set -a; . ./.env.example; set +a; "{sys.executable}" -c "$1"',
            "-",
            DUMP,
        ],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    environ_reader = subprocess.run(
        [sys.executable, "-c", "import environ; environ.Env.read_env('.env.example'); " + DUMP],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    by_shell, by_environ = json.loads(shell.stdout), json.loads(environ_reader.stdout)
    names = _names()
    assert len(names) > 50
    assert {n: by_shell.get(n) for n in names} == {n: by_environ.get(n) for n in names}
    assert by_shell["ORGANISATION_NAME"] == "UBND Thành phố Hồ Chí Minh"
    assert "APPROVAL_CHAINS" not in by_shell  # the competent authority is data (issue 23)
