#!/usr/bin/env bash
# Install the Debian packages reportgen needs, only those missing.
#   scripts/install-system-packages.sh run    fonts, HarfBuzz subsetting, python3-venv
#   scripts/install-system-packages.sh test   the above plus poppler-utils, LibreOffice,
#                                             Chromium (the web page's tests) and a Java
#                                             runtime (the Nu HTML Checker)
set -euo pipefail

run_packages=(libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-ukai fonts-cwtex-fs fontconfig)
test_packages=(poppler-utils libreoffice-writer chromium default-jre-headless)

packages=("${run_packages[@]}")
if [ "${1:-run}" = "test" ]; then
  packages+=("${test_packages[@]}")
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "reportgen: not a Debian system; install these by hand: ${packages[*]}" >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "reportgen: installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "reportgen: run as root or install sudo, or install by hand: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
"${sudo[@]}" fc-cache -f >/dev/null 2>&1 || true
