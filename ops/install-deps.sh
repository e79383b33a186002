#!/usr/bin/env bash
# install-deps.sh: installs the Debian 12 packages (and the npm test packages) forumd needs that are missing; quick and quiet when all are there.
# Usage: ops/install-deps.sh [build|test|bench]   (default: test, which includes build)
#   build  compiler, meson, ninja, the libraries, the sqlite3 CLI (ops/backup.sh), john-data
#          (Openwall's public-domain common-password list), python3-fake-factory (first names
#          and surnames), wamerican and wbritish (ordinary words), iso-codes and tzdata (places):
#          lists embedded at build time
#   test   build + Chromium, fonts, xmllint, clang and its libFuzzer runtime (ops/fuzz.sh),
#          nginx and openssl (tests/ops/nginx.test.mjs: the example with TLS and its cache),
#          man-db and groff-base (the man pages' test), dpkg-dev, debhelper, lintian and systemd
#          (systemd-analyze) for the package's test (tests/ops/), prometheus (promtool checks
#          the metrics),
#          Node.js/npm (only if `node` is missing) and `npm ci`
#   bench  build + wrk and nginx (ops/bench-compare.sh serves the thread page's bytes with it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

profile="${1:-test}"
case "$profile" in build|test|bench) ;; *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;; esac

pkgs=(build-essential meson ninja-build pkg-config libevent-dev libsqlite3-dev libsodium-dev
      libcmark-dev libjansson-dev sqlite3 john-data python3-fake-factory wamerican
      wbritish iso-codes tzdata)
if [[ $profile == test ]]; then
	pkgs+=(chromium fonts-liberation libxml2-utils clang libclang-rt-14-dev man-db groff-base nginx openssl
	       dpkg-dev debhelper lintian systemd prometheus)
	# A Node.js from elsewhere (e.g. /usr/local) is fine: Debian's only when there is none.
	command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
	command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi
[[ $profile == bench ]] && pkgs+=(wrk nginx)

missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
	echo "install-deps: installing ${missing[*]}"
	sudo=()
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
		sudo=(sudo)
	fi
	export DEBIAN_FRONTEND="${DEBIAN_FRONTEND:-noninteractive}"
	# Packages that ship a service (nginx) must not start it: it would listen on every
	# address. Debian's policy-rc.d hook refuses the start while we install.
	policy=/usr/sbin/policy-rc.d
	if [[ ! -e $policy ]]; then
		"${sudo[@]}" sh -c "printf '#!/bin/sh\nexit 101\n' >$policy && chmod 755 $policy"
		trap '"${sudo[@]}" rm -f "$policy"' EXIT
	fi
	"${sudo[@]}" env DEBIAN_FRONTEND="$DEBIAN_FRONTEND" apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND="$DEBIAN_FRONTEND" \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# playwright-core for the browser test, from package-lock.json; skipped when node_modules is current.
if [[ $profile == test && -f package.json ]]; then
	stamp=node_modules/.package-lock.json
	if [[ ! -f $stamp || ! -d node_modules/playwright-core || package.json -nt $stamp ||
	      ( -f package-lock.json && package-lock.json -nt $stamp ) ]]; then
		echo "install-deps: npm packages"
		if [[ -f package-lock.json ]]; then
			npm ci --no-audit --no-fund --loglevel=error
		else
			npm install --no-audit --no-fund --loglevel=error
		fi
	fi
fi
