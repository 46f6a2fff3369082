"""The OCSP and CRL answers a signature embeds (B-LT), kept per thread for their validity:
the signer's and the TSA's certificates are the same from one decision to the next, so their
revocation answers are fetched again only when one has reached its nextUpdate, when
SIGNING_REVOCATION_CACHE_SECONDS have passed (a cap on how late a revocation is noticed), or
when a fetch failed (a failure is never reused: the next signature asks again)."""

import datetime as dt
import threading
import time

from django.conf import settings
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

_held = threading.local()  # pyHanko's fetchers are not thread-safe: one set per thread


def fetchers():
    """pyHanko's fetchers (with their cache of answers) for this thread's next signature."""
    found = getattr(_held, "fetchers", None)
    if found is not None and time.monotonic() < _held.until and _reusable(found):
        return found
    backend = RequestsFetcherBackend(per_request_timeout=settings.SIGNING_TIMEOUT)
    _held.fetchers = backend.get_fetchers()
    _held.until = time.monotonic() + settings.SIGNING_REVOCATION_CACHE_SECONDS
    return _held.fetchers


def forget() -> None:
    """Drop this thread's answers (tests that change the PKI)."""
    _held.fetchers = None


def _reusable(found) -> bool:
    now = dt.datetime.now(dt.UTC)
    for fetcher in (found.ocsp_fetcher, found.crl_fetcher):
        results = getattr(fetcher, "_RequestsFetcherMixin__results", None)
        running = getattr(fetcher, "_RequestsFetcherMixin__result_events", None)
        if results is None or running:  # another kind of fetcher, or a job left half-done
            return False
        for answer in results.values():
            if isinstance(answer, Exception) or _expired(answer, now):
                return False
    return True


def _expired(answer, now) -> bool:
    try:
        if answer.__class__.__name__ == "OCSPResponse":
            data = answer["response_bytes"]["response"].parsed["tbs_response_data"]
            updates = [single["next_update"].native for single in data["responses"]]
        else:  # a CRL
            updates = [answer["tbs_cert_list"]["next_update"].native]
    except (KeyError, TypeError, ValueError, AttributeError):
        return True
    return any(update is None or update <= now for update in updates)
