"""Run calls at the same moment in real threads, for the PostgreSQL concurrency tests."""

import threading

from django.db import close_old_connections, connection


def run_at_once(calls, expected=()):
    """Start every call behind one barrier. Returns (results, refusals): what each call
    returned, and the exceptions of the `expected` types; anything else fails the test."""
    barrier = threading.Barrier(len(calls))
    results, refusals, errors = [], [], []

    def run(call):
        try:
            barrier.wait(timeout=30)
            results.append(call())
        except expected as refusal:
            refusals.append(refusal)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    assert not errors, errors
    return results, refusals
