#!/usr/bin/env bash
# run.sh: command one: installs what is missing, builds forumd and runs it on http://127.0.0.1:8080 with the demo content.
# Extra arguments go to forumd (e.g. ops/run.sh --workers 2). The demo content only fills an empty database.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash ops/install-deps.sh build
if [[ -f build/build.ninja ]]; then
	meson setup --reconfigure build >/dev/null
else
	meson setup build --buildtype=debugoptimized
fi
ninja -C build
mkdir -p var
exec build/forumd --listen 127.0.0.1:8080 --db var/forum.db --seed-demo "$@"
