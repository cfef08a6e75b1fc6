#!/usr/bin/env bash
# Installs what the office-format tests need, from Debian's packages: LibreOffice Writer (headless) and
# pdftotext to open the Word report and read its PDF back, LibreOffice Calc (headless) to open the exported
# ledger (.xlsx) and convert it to CSV. Elsewhere those tests are skipped, except under CI (CI=true), where a
# missing LibreOffice fails them.
set -euo pipefail
need=()
has_package() { command -v dpkg-query >/dev/null 2>&1 && dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# Calc is a separate package: a machine with Writer only cannot open a spreadsheet.
if command -v dpkg-query >/dev/null 2>&1 && ! has_package libreoffice-calc-nogui && ! has_package libreoffice-calc; then
  need+=(libreoffice-calc-nogui)
fi
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
. "$(dirname "$0")/apt-lib.sh"
apt_install "Word 报告转 PDF、台账 .xlsx 转 CSV 的测试" skip "${need[@]}" || [ $? -eq 2 ]
