"""Small SQL expressions the statistics aggregate with, written for SQLite and PostgreSQL."""

from django.db.models import Func, IntegerField


class InclusiveDays(Func):
    """Days from `start` to `end`, both counted (a trip of 7–11 June is 5 days)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"(CAST(julianday({end[0]}) - julianday({start[0]}) AS INTEGER) + 1)"
        return sql, (*end[1], *start[1])

    def as_postgresql(self, compiler, connection, **extra):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        # date - date is an integer number of days in PostgreSQL.
        return f"(({end[0]})::date - ({start[0]})::date + 1)", (*end[1], *start[1])


class JsonKeyCount(Func):
    """How many keys a JSON object has (0 for an empty or missing one)."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"(SELECT count(*) FROM json_each({sql}))", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        # Most trips justify nothing: '{}' is 0 without the per-row sub-select (which
        # doubled the statistics' first query at 500 000 trips).
        return (
            f"(CASE WHEN {sql} = '{{}}'::jsonb THEN 0 WHEN jsonb_typeof({sql}) = 'object' "
            f"THEN (SELECT count(*) FROM jsonb_object_keys({sql})) ELSE 0 END)",
            (*params, *params, *params),
        )
