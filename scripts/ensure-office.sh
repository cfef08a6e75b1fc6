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
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "提示：Word 报告转 PDF 的测试需要 Debian 软件包 ${need[*]}（以 root 运行 apt-get install -y ${need[*]}）；未安装时该测试跳过。" >&2
  exit 0
fi
echo "installing ${need[*]} from Debian's packages…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
