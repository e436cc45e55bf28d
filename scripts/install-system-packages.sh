#!/usr/bin/env bash
# Install the Debian packages reportgen needs, only those missing, and the Fandol fonts.
#   scripts/install-system-packages.sh run    fonts, HarfBuzz subsetting, python3-venv
#   scripts/install-system-packages.sh test   the above plus poppler-utils, LibreOffice,
#                                             Chromium (the web page's tests) and a Java
#                                             runtime (the Nu HTML Checker)
#
# The Fandol fonts (FandolFang 仿宋, FandolSong 宋体, FandolHei 黑体, FandolKai 楷体; GPL with
# the font exception, so PDFs may embed them) are the free faces with simplified characters
# for every role. Debian ships them only inside texlive-lang-chinese, whose dependencies are
# a whole TeX system: the package is downloaded (apt checks its signature) and only the font
# files are taken out of it, into a folder fontconfig reads. Nothing is done when they are
# there already.
set -euo pipefail

run_packages=(libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-ukai fonts-cwtex-fs fontconfig)
test_packages=(poppler-utils libreoffice-writer libreoffice-calc chromium default-jre-headless)

fandol_package=texlive-lang-chinese
fandol_source=usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
fandol_docs=usr/share/doc/texlive-doc/fonts/fandol
fandol_files=(FandolFang-Regular.otf FandolSong-Regular.otf FandolSong-Bold.otf
  FandolHei-Regular.otf FandolHei-Bold.otf FandolKai-Regular.otf)
fandol_target=${REPORTGEN_FANDOL_DIR:-/usr/local/share/fonts/fandol}

packages=("${run_packages[@]}")
if [ "${1:-run}" = "test" ]; then
  packages+=("${test_packages[@]}")
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "reportgen: not a Debian system; install these by hand: ${packages[*]}" >&2
  echo "reportgen: and the Fandol fonts (${fandol_files[*]}) into a fontconfig folder" >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

missing_fonts=()
for file in "${fandol_files[@]}"; do
  [ -s "$fandol_target/$file" ] || missing_fonts+=("$file")
done

[ ${#missing[@]} -eq 0 ] && [ ${#missing_fonts[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "reportgen: run as root or install sudo, or install by hand:" \
    "${missing[*]} ${missing_fonts[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

if [ ${#missing[@]} -gt 0 ]; then
  echo "reportgen: installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ${#missing_fonts[@]} -gt 0 ]; then
  echo "reportgen: installing the Fandol fonts into $fandol_target (from $fandol_package)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  chmod 755 "$work"   # apt downloads as its own user where it can
  download() { (cd "$work" && apt-get download -qq "$fandol_package" 2>/dev/null); }
  if ! download; then
    "${sudo[@]}" apt-get update -qq
    (cd "$work" && apt-get download -qq "$fandol_package")
  fi
  deb=("$work"/"$fandol_package"_*.deb)
  members=()
  for file in "${fandol_files[@]}"; do members+=("./$fandol_source/$file"); done
  members+=("./$fandol_docs/README" "./$fandol_docs/COPYING.gz")
  dpkg-deb --fsys-tarfile "${deb[0]}" | tar -x -C "$work" "${members[@]}"
  "${sudo[@]}" install -d -m 755 "$fandol_target"
  for file in "${fandol_files[@]}"; do
    "${sudo[@]}" install -m 644 "$work/$fandol_source/$file" "$fandol_target/$file"
  done
  "${sudo[@]}" install -m 644 "$work/$fandol_docs/README" "$fandol_target/README"
  "${sudo[@]}" install -m 644 "$work/$fandol_docs/COPYING.gz" "$fandol_target/COPYING.gz"
fi

"${sudo[@]}" fc-cache -f >/dev/null 2>&1 || true
