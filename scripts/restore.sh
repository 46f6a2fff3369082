#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database into DATABASE_URL, the uploads
# into MEDIA_ROOT. Stop the web, worker and beat services first.
#
#   DATABASE_URL=postgres://travelmgmt:...@127.0.0.1:5432/travelmgmt \
#   MEDIA_ROOT=/srv/travelmgmt/media scripts/restore.sh /var/backups/travelmgmt/2026-12-02T013000Z
#
# The target database must exist and be empty (createdb it), and MEDIA_ROOT empty or absent,
# unless --replace is given: then the database's objects are dropped and re-created from the
# backup, and MEDIA_ROOT is emptied first. Checksums are verified before anything is touched.
set -euo pipefail

REPLACE=0
if [ "${1:-}" = "--replace" ]; then
  REPLACE=1
  shift
fi
SOURCE=${1:?usage: scripts/restore.sh [--replace] BACKUP_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL (the database to restore into)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT (the uploads folder to restore into)}"

(cd "$SOURCE" && sha256sum --check --quiet SHA256SUMS)

tables=$(psql --dbname="$DATABASE_URL" --tuples-only --no-align --command \
  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ] && [ "$REPLACE" != 1 ]; then
  echo "restore.sh: the target database has $tables tables; use an empty one or --replace" >&2
  exit 1
fi
if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ] && [ "$REPLACE" != 1 ]; then
  echo "restore.sh: $MEDIA_ROOT is not empty; use an empty folder or --replace" >&2
  exit 1
fi

# One transaction: a failed restore leaves the target as it was. Owners and grants of the
# source are not carried over: the objects belong to the role of DATABASE_URL.
clean=()
[ "$REPLACE" = 1 ] && clean=(--clean --if-exists)
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction "${clean[@]}" \
  --dbname="$DATABASE_URL" "$SOURCE/db.dump"

mkdir -p "$MEDIA_ROOT"
if [ "$REPLACE" = 1 ]; then
  find "$MEDIA_ROOT" -mindepth 1 -delete
fi
tar --extract --gzip --file="$SOURCE/media.tar.gz" --directory="$MEDIA_ROOT"
echo "restored $SOURCE into the database and $MEDIA_ROOT"
