#!/usr/bin/env bash
# Installs what the browser test needs from Debian's packages: chromium and CJK fonts.
# Playwright drives this system chromium; it never downloads a browser of its own.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -i 'noto.*cjk' >/dev/null || need+=(fonts-noto-cjk)  # not grep -q: an early exit fails the pipe (pipefail)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "浏览器测试需要 Debian 软件包：${need[*]}。请以 root 运行：apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing ${need[*]} from Debian's packages…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
