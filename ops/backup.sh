#!/usr/bin/env bash
# backup.sh: a consistent online backup of forumd's database (VACUUM INTO a temporary file, check, fsync, rename); safe while forumd runs.
# Usage: ops/backup.sh [DB] [DEST_DIR]   (defaults: var/forum.db and var/backups)
# Keeps the newest FORUMD_BACKUPS_KEEP backups (default 14). Needs the sqlite3 CLI (ops/install-deps.sh).
# Never copy a live database with cp: the WAL file holds acknowledged writes not yet in the main file.
set -euo pipefail
umask 077

db=${1:-var/forum.db}
dest=${2:-var/backups}
keep=${FORUMD_BACKUPS_KEEP:-14}

command -v sqlite3 >/dev/null 2>&1 || { echo "backup: the sqlite3 CLI is missing (ops/install-deps.sh build)" >&2; exit 1; }
[[ -f $db ]] || { echo "backup: $db: no such database" >&2; exit 1; }
[[ $keep =~ ^[1-9][0-9]*$ ]] || { echo "backup: FORUMD_BACKUPS_KEEP must be a positive number" >&2; exit 2; }
mkdir -p "$dest"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$dest/forum-$stamp.db"
tmp="$dest/.forum-$stamp.db.partial"
# The path is written into SQL text below, so refuse what could break out of the string.
case "$tmp" in *"'"*|*$'\n'*) echo "backup: $dest: quotes and newlines are not allowed in the path" >&2; exit 2 ;; esac
rm -f "$tmp"
trap 'rm -f "$tmp"' EXIT

sqlite3 -batch -cmd '.timeout 10000' "$db" "VACUUM INTO '$tmp';"
check=$(sqlite3 -batch "$tmp" 'PRAGMA integrity_check;')
[[ $check == ok ]] || { echo "backup: integrity_check of the copy failed: $check" >&2; exit 1; }
sync "$tmp"
mv -f "$tmp" "$final"
sync "$dest"
trap - EXIT
echo "backup: $final ($(stat -c %s "$final") bytes)"

# Prune: keep the newest $keep backups.
mapfile -t old < <(ls -1 "$dest"/forum-*.db 2>/dev/null | sort -r | tail -n +$((keep + 1)))
((${#old[@]} == 0)) || rm -f -- "${old[@]}"
