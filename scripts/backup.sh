#!/usr/bin/env bash
# Back up travelmgmt: the PostgreSQL database (pg_dump custom format) and the uploads folder
# (tar), into one dated folder with checksums. Restore with scripts/restore.sh.
#
#   DATABASE_URL=postgres://travelmgmt:...@127.0.0.1:5432/travelmgmt \
#   MEDIA_ROOT=/srv/travelmgmt/media scripts/backup.sh [BACKUP_ROOT]
#
# BACKUP_ROOT defaults to /var/backups/travelmgmt. The folder is written as NAME.partial and
# renamed only when complete and verified, so a half-written backup never looks like one.
# Keep copies OFF this server (rsync/rclone the folder elsewhere after each run). Redis holds
# only the task queue: nothing to back up. Prints the backup folder on success.
set -euo pipefail
umask 077

: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:port/name)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT (the uploads folder)}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac
ROOT=${1:-${BACKUP_ROOT:-/var/backups/travelmgmt}}
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
TARGET="$ROOT/$STAMP"
PARTIAL="$TARGET.partial"
mkdir -p "$PARTIAL"
trap 'rm -rf "$PARTIAL"' EXIT

# The database, compressed, with its schema, data, sequences and the history triggers.
pg_dump --format=custom --compress=6 --file="$PARTIAL/db.dump" --dbname="$DATABASE_URL"
# Readable back? (lists the archive's table of contents; fails on a truncated file)
pg_restore --list "$PARTIAL/db.dump" >"$PARTIAL/db.toc"

# Uploads: relative paths, so they restore under any MEDIA_ROOT.
if [ -d "$MEDIA_ROOT" ]; then
  tar --create --gzip --file="$PARTIAL/media.tar.gz" --directory="$MEDIA_ROOT" .
else
  echo "backup.sh: no folder $MEDIA_ROOT: the media archive is empty" >&2
  tar --create --gzip --file="$PARTIAL/media.tar.gz" --files-from=/dev/null
fi
tar --list --gzip --file="$PARTIAL/media.tar.gz" >/dev/null

{
  echo "created_utc=$STAMP"
  echo "host=$(hostname)"
  echo "pg_dump=$(pg_dump --version)"
  echo "media_files=$(tar --list --gzip --file="$PARTIAL/media.tar.gz" | grep -vc '/$' || true)"
} >"$PARTIAL/MANIFEST"
(cd "$PARTIAL" && sha256sum db.dump media.tar.gz MANIFEST >SHA256SUMS)

mv "$PARTIAL" "$TARGET"
trap - EXIT
echo "$TARGET"
