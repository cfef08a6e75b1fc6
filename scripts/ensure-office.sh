#!/usr/bin/env bash
# Installs what the Word-report test needs to open the .docx in an office suite and read the PDF back:
# LibreOffice Writer (headless) and pdftotext, from Debian's packages. Elsewhere that one test is skipped,
# except under CI (CI=true), where a missing LibreOffice fails it.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
. "$(dirname "$0")/apt-lib.sh"
apt_install "Word 报告转 PDF 的测试" skip "${need[@]}" || [ $? -eq 2 ]
