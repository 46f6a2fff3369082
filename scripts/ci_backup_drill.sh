#!/usr/bin/env bash
# The restore drill (CI, `make backup-drill`): seed a database with the demo province, back it
# up with scripts/backup.sh, restore it with scripts/restore.sh into a fresh database and an
# empty uploads folder, then check that every table has the same number of rows, the uploads
# are byte for byte the same, no migration is missing, and the restored system answers:
# gunicorn with DEBUG off on the restored database signs a demo user in (password hashes
# came back) and lists every trip through the API.
#
# Variables: DRILL_DB, DRILL_RESTORE_DB (both dropped and re-created), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY="$ROOT/.venv/bin/python"

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"  # stop_all, start, run, free_port; PGHOST/PGPORT/PGUSER

DB=${DRILL_DB:-travelmgmt_drill}
RESTORED=${DRILL_RESTORE_DB:-travelmgmt_drill_restore}
SOURCE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
RESTORED_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$RESTORED"

WORK=$(mktemp -d /tmp/travelmgmt-drill.XXXXXX)
stop_all_on_exit

counts() {  # every table of the public schema and its exact row count, sorted
  psql --dbname="$1" --tuples-only --no-align --quiet --command "
    SELECT format('SELECT %L, count(*) FROM %I;', tablename, tablename)
    FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename" |
    psql --dbname="$1" --tuples-only --no-align --quiet --field-separator=' '
}

echo "drill: $DB -> backup -> $RESTORED, in $WORK"
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
  -c "DROP DATABASE IF EXISTS $RESTORED WITH (FORCE)" \
  -c "CREATE DATABASE $DB" -c "CREATE DATABASE $RESTORED"

# The demo seed is a developer's tool: it runs with DEBUG on (no broker: emails in-process,
# to the console backend, discarded).
export MEDIA_ROOT="$WORK/media"
DEBUG=true LOG_LEVEL=WARNING DATABASE_URL="$SOURCE_URL" CELERY_BROKER_URL="" \
  run "$PY" manage.py migrate --no-input --verbosity 0
DEBUG=true LOG_LEVEL=WARNING DATABASE_URL="$SOURCE_URL" CELERY_BROKER_URL="" \
  run "$PY" manage.py seed_demo >/dev/null
# Uploads: whatever the seed wrote, plus a document of our own (binary, in a subfolder).
mkdir -p "$MEDIA_ROOT/documents/drill"
head -c 300000 /dev/urandom >"$MEDIA_ROOT/documents/drill/giay-moi.pdf"
(cd "$MEDIA_ROOT" && find . -type f -exec sha256sum {} + | sort -k 2) >"$WORK/media.before"

BACKUP=$(DATABASE_URL="$SOURCE_URL" scripts/backup.sh "$WORK/backups")
echo "drill: backup in $BACKUP: $(du -sh "$BACKUP" | cut -f1)"
ls "$BACKUP"

DATABASE_URL="$RESTORED_URL" MEDIA_ROOT="$WORK/media-restored" run scripts/restore.sh "$BACKUP"
# Refused: restoring over a database that has tables, without --replace.
if DATABASE_URL="$RESTORED_URL" MEDIA_ROOT="$WORK/media-other" scripts/restore.sh "$BACKUP" \
  2>/dev/null; then
  echo "drill: restore.sh overwrote a database that was not empty" >&2
  exit 1
fi

counts "$SOURCE_URL" >"$WORK/counts.before"
counts "$RESTORED_URL" >"$WORK/counts.after"
if ! diff -u "$WORK/counts.before" "$WORK/counts.after"; then
  echo "drill: row counts differ after the restore" >&2
  exit 1
fi
for table in accounts_user agencies_agency agencies_official trips_triprequest \
  trips_tripmember trips_triptransition reports_posttripreport passports_passport \
  passports_custodyevent plans_annualplan core_notification; do
  rows=$(awk -v t="$table" '$1 == t {print $2}' "$WORK/counts.after")
  if [ -z "$rows" ] || [ "$rows" = 0 ]; then
    echo "drill: $table is empty or missing: the seed or the restore lost it" >&2
    exit 1
  fi
  printf '  %-26s %6s rows, same before and after\n' "$table" "$rows"
done
(cd "$WORK/media-restored" && find . -type f -exec sha256sum {} + | sort -k 2) >"$WORK/media.after"
diff -u "$WORK/media.before" "$WORK/media.after"
echo "drill: $(wc -l <"$WORK/counts.after") tables and $(wc -l <"$WORK/media.after") uploads match"

# The restored system, as production runs it.
PORT=$(free_port)
# Tasks in-process on purpose (no broker in the drill): production refuses that unless told.
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 DATABASE_URL="$RESTORED_URL" CELERY_BROKER_URL=""
export ALLOW_EMBEDDED_PRODUCTION=true
export SECRET_KEY="drill-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export MEDIA_ROOT="$WORK/media-restored" STATIC_ROOT="$WORK/static"
run "$PY" manage.py migrate --check --no-input  # nothing missing from the restored schema
run "$PY" manage.py check
run "$PY" manage.py collectstatic --no-input --verbosity 0
start web "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py --bind "127.0.0.1:$PORT" \
  --workers 1 travelmgmt.wsgi
TRIPS=$(awk '$1 == "trips_triprequest" {print $2}' "$WORK/counts.after")
# (A program on standard input would not reach a background process: it gets /dev/null.)
SMOKE=$(
  cat <<'PYTHON'
import http.client, json, sys, time

port, trips = int(sys.argv[1]), int(sys.argv[2])
headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}


def call(method, path, body=None, extra=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    sent = {**headers, **(extra or {}), **({"Content-Type": "application/json"} if data else {})}
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    return response.status, response.read()


for _ in range(120):
    try:
        if call("GET", "/dang-nhap/")[0] == 200:
            break
    except OSError:
        pass
    time.sleep(0.5)
else:
    sys.exit("drill: gunicorn on the restored database did not answer")
status, body = call("POST", "/api/v1/auth/token/", {"username": "quantri", "password": "demo-2026"})
assert status == 200, (status, body)
token = json.loads(body)["token"]
status, body = call("GET", "/api/v1/trips/", extra={"Authorization": f"Token {token}"})
assert status == 200, (status, body)
count = json.loads(body)["count"]
assert count == trips, f"the API lists {count} trips, the restored table has {trips}"
print(f"drill: the restored system signs quantri in and lists its {count} trips")
PYTHON
)
run "$PY" -c "$SMOKE" "$PORT" "$TRIPS"
echo "drill: passed"
