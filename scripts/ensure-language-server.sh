#!/usr/bin/env bash
# Installs the YAML language server that editors use (Red Hat's yaml-language-server, the engine of VS Code's
# YAML extension), pinned in tests/lsp/package-lock.json, for tests/test_language_server.py: the schemas as
# shipped must give an editor the same verdict as `talkdocs check`. Node.js and npm come from Debian's packages
# when missing. Elsewhere the test is skipped without them, except under CI (CI=true), where it fails.
set -euo pipefail
cd "$(dirname "$0")/../tests/lsp"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "提示：编辑器校验的测试需要 Node.js 与 npm（以 root 运行 apt-get install -y nodejs npm）；未安装时该测试跳过。" >&2
    exit 0
  fi
  echo "installing nodejs npm from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ -f node_modules/yaml-language-server/package.json ] && cmp -s package-lock.json node_modules/.package-lock.json.copy; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error >/dev/null
cp package-lock.json node_modules/.package-lock.json.copy
