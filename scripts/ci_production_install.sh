#!/usr/bin/env bash
# CI: the README's "From a bare Debian host" steps, on this machine, as root, without Docker
# (and without systemd, which a CI container does not run: the units' commands are run as
# the units would, as the system user with the settings file). Then the production smoke
# (scripts/ci_production_smoke.sh) with the installed code and virtualenv.
#
# The names default to the README's; CI and a developer's machine may move them:
# INSTALL_ROOT (/srv/travelmgmt), INSTALL_ETC (/etc/travelmgmt), INSTALL_USER (travelmgmt),
# INSTALL_DB and INSTALL_DB_ROLE (travelmgmt), SMOKE_DB. The database and role are dropped and
# made again, the folders replaced: run it only where these names are this job's own.
# Redis is a server of this job's own on a free port (the README's is Debian's, on 6379).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "install: run as root (it creates a system user)" >&2; exit 1; }

APP_USER=${INSTALL_USER:-travelmgmt}
BASE=${INSTALL_ROOT:-/srv/travelmgmt}
ETC=${INSTALL_ETC:-/etc/travelmgmt}
DB=${INSTALL_DB:-travelmgmt}
DB_ROLE=${INSTALL_DB_ROLE:-travelmgmt}
APP=$BASE/app
VENV=$BASE/venv
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
say() { printf 'install [%4ss]: %s\n' "$SECONDS" "$*"; }

WORK=$(mktemp -d /tmp/travelmgmt-install.XXXXXX)
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "----- $log"; tail -n 30 "$log"; }; done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
as_app() { runuser -u "$APP_USER" -- "$@"; }
# The README's way to run manage.py: the settings file loaded by the shell, as the app's user.
manage() { as_app bash -c 'set -a; . "$1"; set +a; cd "$2"; shift 2; exec "$@"' - \
  "$ETC/env" "$APP" "$VENV/bin/python" manage.py "$@"; }

say "1. Debian packages"
PACKAGES=(python3 python3-venv postgresql postgresql-contrib redis-server libpango-1.0-0
  libpangoft2-1.0-0 fonts-liberation fonts-croscore)
MISSING=()
for package in "${PACKAGES[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || MISSING+=("$package"); done
command -v pg_dump >/dev/null || MISSING+=(postgresql-client)
if [ "${#MISSING[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${MISSING[@]}" >/dev/null
fi

say "2. System user and folders"
id "$APP_USER" >/dev/null 2>&1 ||
  useradd --system --home-dir "$BASE" --no-create-home --shell /usr/sbin/nologin "$APP_USER"
rm -rf "$APP" "$VENV" "$BASE/static" "$BASE/media" "$ETC"
install -d -m 755 "$BASE" "$APP" "$BASE/static"
install -d -o "$APP_USER" -g "$APP_USER" -m 750 "$BASE/media"
install -d -m 750 -g "$APP_USER" "$ETC" "$ETC/signing"

say "3. The code and its virtualenv"
(cd "$SRC" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$APP"
/usr/bin/python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$APP/requirements.txt" 2>&1 |
  { grep -v '^WARNING: Location' || true; }

say "4. PostgreSQL role and database"
PG_PASSWORD=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(24))')
psql_admin() { psql -h "$PGHOST" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
psql_admin -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "DROP ROLE IF EXISTS $DB_ROLE"
psql_admin -d postgres -c "CREATE ROLE $DB_ROLE LOGIN PASSWORD '$PG_PASSWORD'" \
  -c "CREATE DATABASE $DB OWNER $DB_ROLE"

say "5. Redis (this job's own, on a free port)"
REDIS_PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
  >"$WORK/redis.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

say "6. Settings: .env.example filled in, readable by root and the app's user only"
install -m 640 -g "$APP_USER" "$APP/.env.example" "$ETC/env"
set_env() { # set_env NAME VALUE: the line NAME=... replaced (quoted), or added
  local line="$1='$2'"
  if grep -q "^$1=" "$ETC/env"; then
    NEW_LINE=$line "$VENV/bin/python" - "$ETC/env" "$1" <<'PY'
import os, re, sys
path, name = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
line = os.environ["NEW_LINE"]
open(path, "w", encoding="utf-8").write(
    re.sub(rf"^{name}=.*$", lambda _: line, text, count=1, flags=re.M)
)
PY
  else
    printf '%s\n' "$line" >>"$ETC/env"
  fi
}
set_env SECRET_KEY "$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
set_env ALLOWED_HOSTS "travel.example.gov.vn,127.0.0.1"
set_env DATABASE_URL "postgres://$DB_ROLE:$PG_PASSWORD@$PGHOST:$PGPORT/$DB"
set_env CELERY_BROKER_URL "redis://127.0.0.1:$REDIS_PORT/0"
set_env EMAIL_URL "consolemail://"
set_env STATIC_ROOT "$BASE/static"
set_env MEDIA_ROOT "$BASE/media"
set_env METRICS_ALLOWED_NETWORKS "127.0.0.0/8"

say "7. The signing key (a trial one: the README's recipe), outside the backups"
(cd "$APP" && "$VENV/bin/python" -c 'import pathlib, sys; from documents import pki; pki.make_material(pathlib.Path(sys.argv[1]))' "$ETC/signing")
chgrp -R "$APP_USER" "$ETC/signing" && chmod 640 "$ETC/signing"/*
set_env SIGNING_PKCS12_FILE "$ETC/signing/signer.p12"
set_env SIGNING_PKCS12_PASSWORD_FILE "$ETC/signing/password.txt"
sed -i '/^SIGNING_PKCS12_PASSWORD=/d' "$ETC/env"
set_env SIGNING_TRUST_ROOTS "$ETC/signing/ca.pem"

say "8. Deploy: migrate, collect the static files, check"
manage migrate --no-input --verbosity 0
(set -a; . "$ETC/env"; set +a; cd "$APP" && "$VENV/bin/python" manage.py collectstatic --no-input --verbosity 0)
manage check --deploy --fail-level WARNING

say "9. The first administrator"
ADMIN_PASSWORD=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(18))')
printf '%s\n' "$ADMIN_PASSWORD" | manage createadmin quantri.tinh --email quantri@example.gov.vn --password-stdin
manage grant_role quantri.tinh reviewer

say "10. The web as its unit runs it (user, settings file, runtime folder, unwritable HOME)"
WEB_PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUNTIME=$WORK/run-web && install -d -o "$APP_USER" -m 700 "$RUNTIME"
chmod 711 "$WORK"
setsid runuser -u "$APP_USER" -- env HOME=/nonexistent GUNICORN_BIND="127.0.0.1:$WEB_PORT" \
  GUNICORN_WORKERS=2 PROMETHEUS_MULTIPROC_DIR="$RUNTIME/prometheus" \
  bash -c 'set -a; . "$1"; set +a; cd "$2"; exec "$3/bin/gunicorn" -c deploy/gunicorn.conf.py travelmgmt.wsgi' \
  - "$ETC/env" "$APP" "$VENV" >"$WORK/web.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do
  curl -sf -o /dev/null -H 'Host: travel.example.gov.vn' "http://127.0.0.1:$WEB_PORT/healthz/" && break
  sleep 0.3
done
HEALTH=$(curl -s -H 'Host: travel.example.gov.vn' "http://127.0.0.1:$WEB_PORT/healthz/")
echo "$HEALTH"
grep -q '"database": "ok"' <<<"$HEALTH" && grep -q '"migrations": "ok"' <<<"$HEALTH"
# The sign-in page over "HTTPS" (the proxy's header), its stylesheet from the collected files.
curl -sf -o /dev/null -H 'Host: travel.example.gov.vn' -H 'X-Forwarded-Proto: https' \
  "http://127.0.0.1:$WEB_PORT/dang-nhap/"
if grep -q '\[ERROR\]' "$WORK/web.log"; then grep '\[ERROR\]' "$WORK/web.log"; exit 1; fi
kill -TERM -- "-${PIDS[-1]}"

say "11. The production smoke, with the installed code and virtualenv"
(cd "$APP" && SMOKE_VENV="$VENV" SMOKE_SINK_PYTHON="$SRC/.venv/bin/python" SMOKE_STATIC_ROOT="$BASE/static" \
  SMOKE_DB="${SMOKE_DB:-travelmgmt_smoke}" bash scripts/ci_production_smoke.sh)
say "done"
