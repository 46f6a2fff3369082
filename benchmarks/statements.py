"""The statements a piece of a benchmark sends, however many ran before it.

Django's CaptureQueriesContext counts by the length of the connection's query log, which keeps
the last 9 000 statements: once a fill or a sweep has filled it, every count reads 0, and a
goal of "≤ 25 queries" reads met. Django's execute wrapper sees each statement instead."""

from contextlib import contextmanager


@contextmanager
def statements(connection):
    """Yields a list that receives {"sql": …} for each statement sent inside the block
    (SAVEPOINTs included, as in Django's log; BEGIN and COMMIT are not statements here)."""
    sent = []

    def record(execute, sql, params, many, context):
        sent.append({"sql": sql})
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield sent
