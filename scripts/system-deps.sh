#!/usr/bin/env bash
# Installs the Debian packages Caseworker needs, idempotently (skips when all are present).
# Qt: libraries PySide6 needs even offscreen, plus Xvfb and the xcb set for a real window.
# Fonts: Noto for the scripts our clients write (Ethiopic, Arabic, CJK) so Qt shows no boxes.
# Tests: PostgreSQL (intake server on production engine), Chromium + driver (web form),
# poppler-utils (pdftotext/pdffonts/pdftoppm for plan PDFs).
set -euo pipefail
PKGS=(
  libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0
  libcups2
  fonts-dejavu-core fonts-noto-core fonts-noto-ui-core fonts-noto-cjk fonts-wqy-zenhei fonts-sil-abyssinica
  poppler-utils
  postgresql
  chromium chromium-driver
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
