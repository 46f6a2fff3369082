"""Secrets that travel in a URL path (a calendar feed's address is its key: calendar
programs cannot sign in) are cut out of every log line that names the path: the app's
request log (travelmgmt/middleware.py) and gunicorn's access log (deploy/gunicorn.conf.py)."""

import re

# /lich/<secret>.ics (calendars/urls.py)
SECRET_IN_PATH = re.compile(r"(/lich/)[^/?#\s]+(\.ics)")


def redact_path(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1…\2", text)
