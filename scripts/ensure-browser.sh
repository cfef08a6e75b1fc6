#!/usr/bin/env bash
# Installs what the browser test needs from Debian's packages: chromium, CJK fonts, and poppler's pdftotext
# (the print test reads the page numbers of a report printed to PDF).
# Playwright drives this system chromium; it never downloads a browser of its own.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -i 'noto.*cjk' >/dev/null || need+=(fonts-noto-cjk)  # not grep -q: an early exit fails the pipe (pipefail)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
. "$(dirname "$0")/apt-lib.sh"
apt_install "浏览器测试" fail "${need[@]}" fontconfig
