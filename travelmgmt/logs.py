"""Logs: one line per event, with the request id and the user (django-structlog).

JSON in production (one object per line, for the log collector), plain readable lines on a
developer machine (the request middleware is in travelmgmt/middleware.py). Django's, Celery's and the app's own standard-library loggers go through the
same formatter, so their lines carry the request id too.
"""

import structlog
from structlog.tracebacks import ExceptionDictTransformer

# Tracebacks as data without any frame's local variables: a failed sign-in's frames hold the
# typed password, an API call's the bearer token, a mail task's the SMTP password
# (structlog's dict_tracebacks shows locals and ignores Django's sensitive_variables).
_EXCEPTION_RENDERER = structlog.processors.ExceptionRenderer(
    ExceptionDictTransformer(show_locals=False)
)

# Applied to records from the standard library's loggers (django.*, celery.*, the app's).
_PRE_CHAIN = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.ExtraAdder(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def formatter(json: bool) -> dict:
    """A logging formatter config rendering structlog events and plain records alike."""
    renderer = (
        [_EXCEPTION_RENDERER, structlog.processors.JSONRenderer()]
        if json
        else [
            structlog.dev.ConsoleRenderer(
                colors=False, exception_formatter=structlog.dev.plain_traceback
            )
        ]
    )
    return {
        "()": structlog.stdlib.ProcessorFormatter,
        "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderer],
        "foreign_pre_chain": _PRE_CHAIN,
    }


def logging_config(*, json: bool, level: str) -> dict:
    """Django's LOGGING, after configuring structlog to hand its events to it."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": formatter(json)},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # django-axes logs every sign-in at INFO; lockouts (WARNING) are what matters.
            "axes": {"level": "WARNING"},
            # django-structlog's request_started/request_finished lines replace these.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
            # WeasyPrint and fontTools narrate every rendering step at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
