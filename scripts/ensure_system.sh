#!/usr/bin/env bash
# Installs the Debian packages a target needs, only those that are missing. Safe to run again.
#   scripts/ensure_system.sh run    gettext, pango (WeasyPrint), DejaVu fonts
#   scripts/ensure_system.sh test   the above plus chromium, postgresql, redis-server
set -euo pipefail
profile=${1:-run}

# Each need: a test that it is present, and the Debian package that provides it.
needs=(
  "command -v msgfmt|gettext"
  "ldconfig -p | grep -q libpango-1.0.so|libpango-1.0-0"
  "ldconfig -p | grep -q libpangoft2-1.0.so|libpangoft2-1.0-0"
  "ldconfig -p | grep -q libharfbuzz-subset.so|libharfbuzz-subset0"
  "test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|fonts-dejavu-core"
)
if [ "$profile" = "test" ]; then
  needs+=(
    "command -v chromium|chromium"
    "command -v psql|postgresql-client"
    "ls /usr/lib/postgresql/*/bin/postgres|postgresql"
    "command -v redis-server|redis-server"
  )
fi

missing=()
for need in "${needs[@]}"; do
  check=${need%|*}
  pkg=${need##*|}
  if ! bash -c "$check" >/dev/null 2>&1; then
    missing+=("$pkg")
  fi
done
packages=("${needs[@]}")

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
$sudo apt-get update -o DPkg::Lock::Timeout=300 -qq || { echo "ERROR: apt-get update failed (is the package mirror reachable?)" >&2; exit 1; }
$sudo apt-get install -o DPkg::Lock::Timeout=300 -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "ERROR: apt-get install ${missing[*]} failed" >&2; exit 1; }
echo "==> System packages: installed ${missing[*]}"
