#!/usr/bin/env bash
# Installs the Debian packages a target needs, only those that are missing. Safe to run again.
#   scripts/ensure_system.sh run    gettext, pango (WeasyPrint), DejaVu fonts
#   scripts/ensure_system.sh test   the above plus chromium, postgresql, redis-server
set -euo pipefail
profile=${1:-run}

packages=(gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra)
if [ "$profile" = "test" ]; then
  packages+=(chromium postgresql postgresql-client redis-server)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "==> System packages: all present (${#packages[@]} checked)"
  exit 0
fi

echo "==> System packages: installing ${missing[*]}"
if ! command -v apt-get >/dev/null; then
  echo "ERROR: these packages are missing and there is no apt-get to install them: ${missing[*]}" >&2
  echo "       Install their equivalents with your system's package manager and run make again." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "ERROR: missing packages (${missing[*]}) and not root; run as root or install them first." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || { echo "ERROR: apt-get update failed (is the package mirror reachable?)" >&2; exit 1; }
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "ERROR: apt-get install ${missing[*]} failed" >&2; exit 1; }
echo "==> System packages: installed ${missing[*]}"
