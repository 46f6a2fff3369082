#!/usr/bin/env bash
# The production stack, started as it will run and driven once (CI, `make smoke`):
#   gunicorn (deploy/gunicorn.conf.py, DEBUG off) on a fresh PostgreSQL database,
#   a Celery worker and exactly one beat on Redis, and a local SMTP sink (aiosmtpd) that
#   writes every message it receives into a Maildir folder.
# scripts/production_smoke.py then drives a trip through the HTTP API (create, check,
# submit, approve), lets a second trip's report fall due, runs the daily sweep through the
# worker (twice), and checks that each expected email arrived exactly once.
# Every process started here is stopped on exit, whatever happens (trap).
#
# Variables: SMOKE_DB (database, dropped and re-created), SMOKE_REDIS_DB (Redis db number,
# flushed), PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY="$ROOT/.venv/bin/python"
BIN="$ROOT/.venv/bin"

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"  # stop_all, start, run, free_port; PGHOST/PGPORT/PGUSER

DB=${SMOKE_DB:-travelmgmt_smoke}
REDIS_DB=${SMOKE_REDIS_DB:-5}

WORK=$(mktemp -d /tmp/travelmgmt-smoke.XXXXXX)
stop_all_on_exit

WEB_PORT=$(free_port)
SMTP_PORT=$(free_port)

# Production settings: DEBUG off, a random key, the proxy in front (the client sends
# X-Forwarded-Proto: https as nginx would), PostgreSQL, Redis, SMTP.
export DEBUG=false
export SECRET_KEY="smoke-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$WEB_PORT"
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
export CELERY_BROKER_URL="redis://127.0.0.1:6379/$REDIS_DB"
export EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
export DEFAULT_FROM_EMAIL=travelmgmt@smoke.test
export SITE_URL="https://127.0.0.1:$WEB_PORT"
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
export GUNICORN_BIND="127.0.0.1:$WEB_PORT" GUNICORN_WORKERS=2 GUNICORN_WORKER_TMP_DIR=/dev/shm
export SMOKE_BASE_URL="http://127.0.0.1:$WEB_PORT" SMOKE_MAILDIR="$WORK/mail"
export PYTHONUNBUFFERED=1
# Approving issues a signed decision, refused without a key: a throw-away CA and signer here.
"$PY" -c 'import sys, pathlib; from documents import pki; pki.make_material(pathlib.Path(sys.argv[1]))' \
  "$WORK/pki"
unset SIGNING_PKCS12_PASSWORD
export SIGNING_PKCS12_FILE="$WORK/pki/signer.p12" SIGNING_TRUST_ROOTS="$WORK/pki/ca.pem"
export SIGNING_PKCS12_PASSWORD_FILE="$WORK/pki/password.txt"
# The smoke's reviewer has no personal signing credential: the body's signature only here
# (the decider's own signature is tested in documents/tests/test_personal.py).
export SIGNING_PERSONAL_REQUIRED=false

echo "smoke: database $DB, Redis db $REDIS_DB, web :$WEB_PORT, SMTP :$SMTP_PORT, in $WORK"
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
redis-cli -h 127.0.0.1 -p 6379 -n "$REDIS_DB" flushdb >/dev/null
run "$PY" manage.py migrate --no-input --verbosity 0
run "$PY" manage.py collectstatic --no-input --verbosity 0

start smtp "$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$SMOKE_MAILDIR"
start worker "$BIN/celery" -A travelmgmt worker --loglevel=INFO --concurrency=2 \
  --hostname="smoke-worker@%h" --without-gossip --without-mingle
start beat "$BIN/celery" -A travelmgmt beat --loglevel=INFO --schedule="$WORK/celerybeat-schedule"
start web "$BIN/gunicorn" -c deploy/gunicorn.conf.py travelmgmt.wsgi

run "$PY" scripts/production_smoke.py --pids "${SERVICES[*]}" --logs "$WORK"
