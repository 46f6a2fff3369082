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
# Redis is a server of the smoke's own, on a free port, stopped with the rest: a shared Redis
# is never flushed (or touched at all).
#
# Variables: SMOKE_DB (database, dropped and re-created), PGHOST/PGPORT/PGUSER (default
# 127.0.0.1:5432, postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# SMOKE_VENV: the virtualenv to run (default the checkout's .venv; the installation CI job
# passes /srv/travelmgmt/venv, which has no development tools: the SMTP sink, aiosmtpd, runs
# from SMOKE_SINK_PYTHON).
BIN="${SMOKE_VENV:-$ROOT/.venv}/bin"
PY="$BIN/python"
SINK_PY="${SMOKE_SINK_PYTHON:-$PY}"

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"  # stop_all, start, run, free_port; PGHOST/PGPORT/PGUSER

DB=${SMOKE_DB:-travelmgmt_smoke}

WORK=$(mktemp -d /tmp/travelmgmt-smoke.XXXXXX)
stop_all_on_exit

WEB_PORT=$(free_port)
SMTP_PORT=$(free_port)
REDIS_PORT=$(free_port)

# Production settings: DEBUG off, a random key, the proxy in front (the client sends
# X-Forwarded-Proto: https as nginx would), PostgreSQL, Redis, SMTP.
export DEBUG=false
export SECRET_KEY="smoke-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$WEB_PORT"
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
export DEFAULT_FROM_EMAIL=travelmgmt@smoke.test
export SITE_URL="https://127.0.0.1:$WEB_PORT"
# SMOKE_STATIC_ROOT: static files already collected (the installation job's), else here.
export STATIC_ROOT="${SMOKE_STATIC_ROOT:-$WORK/static}" MEDIA_ROOT="$WORK/media"
export GUNICORN_BIND="127.0.0.1:$WEB_PORT" GUNICORN_WORKERS=2 GUNICORN_WORKER_TMP_DIR=/dev/shm
# As the systemd unit: both workers' metrics in one folder (emptied by gunicorn.conf.py; a
# stale file here must be gone after the start), and a $HOME gunicorn cannot write.
METRICS_DIR="$WORK/prometheus"  # the web's only, as in the unit
mkdir -p "$METRICS_DIR" && touch "$METRICS_DIR/counter_999999.db"
export METRICS_TOKEN="smoke-metrics-$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
export SMOKE_BASE_URL="http://127.0.0.1:$WEB_PORT" SMOKE_MAILDIR="$WORK/mail"
export PYTHONUNBUFFERED=1
# Approving issues a signed decision, refused without a key: a throw-away CA and signer here.
"$PY" -c 'import sys, pathlib; from documents import pki; pki.make_material(pathlib.Path(sys.argv[1]))' \
  "$WORK/pki"
unset SIGNING_PKCS12_PASSWORD
export SIGNING_PKCS12_FILE="$WORK/pki/signer.p12" SIGNING_TRUST_ROOTS="$WORK/pki/ca.pem"
export SIGNING_PKCS12_PASSWORD_FILE="$WORK/pki/password.txt"
# The smoke's agency head has no personal signing credential: the body's signature only here
# (the decider's own signature is tested in documents/tests/test_personal.py).
export SIGNING_PERSONAL_REQUIRED=false

echo "smoke: database $DB, Redis :$REDIS_PORT, web :$WEB_PORT, SMTP :$SMTP_PORT, in $WORK"
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
run "$PY" manage.py migrate --no-input --verbosity 0
# At deploy time, not at each start of the web (README, Production stack).
if [ -z "${SMOKE_STATIC_ROOT:-}" ]; then
  run "$PY" manage.py collectstatic --no-input --verbosity 0
fi

start smtp "$SINK_PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$SMOKE_MAILDIR"
start worker "$BIN/celery" -A travelmgmt worker --loglevel=INFO --concurrency=2 \
  --hostname="smoke-worker@%h" --without-gossip --without-mingle
start beat "$BIN/celery" -A travelmgmt beat --loglevel=INFO --schedule="$WORK/celerybeat-schedule"
start web env HOME=/proc/no-home PROMETHEUS_MULTIPROC_DIR="$METRICS_DIR" \
  "$BIN/gunicorn" -c deploy/gunicorn.conf.py travelmgmt.wsgi

run "$PY" scripts/production_smoke.py --pids "${SERVICES[*]}" --logs "$WORK"

# Operations: gunicorn started without an ERROR line; the metrics are both workers' (a file
# per worker process in the multiprocess folder, the stale one gone), with the backlog.
if grep -q '\[ERROR\]' "$WORK/web.log"; then
  grep '\[ERROR\]' "$WORK/web.log"
  echo "smoke: gunicorn logged an ERROR" >&2
  exit 1
fi
[ ! -e "$METRICS_DIR/counter_999999.db" ] || { echo "smoke: stale metrics kept" >&2; exit 1; }
METRICS=$(curl -sf -H "Authorization: Bearer $METRICS_TOKEN" "$SMOKE_BASE_URL/metrics/")
grep -q '^travelmgmt_backlog{kind="emails"} 0.0$' <<<"$METRICS" || {
  echo "smoke: backlog not in /metrics/ or not empty" >&2
  exit 1
}
WORKER_FILES=$(find "$METRICS_DIR" -name 'counter_*.db' | wc -l)
[ "$WORKER_FILES" -ge 2 ] || { echo "smoke: metrics of $WORKER_FILES process(es) only" >&2; exit 1; }
echo "smoke: operations OK (no ERROR at start, metrics of $WORKER_FILES processes, backlog empty)"
