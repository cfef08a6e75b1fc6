#!/usr/bin/env bash
# Installs the YAML language server that editors use (Red Hat's yaml-language-server, the engine of VS Code's
# YAML extension), pinned in tests/lsp/package-lock.json, for tests/test_language_server.py: the schemas as
# shipped must give an editor the same verdict as `talkdocs check`. Node.js and npm come from Debian's packages
# when missing. Elsewhere the test is skipped without them, except under CI (CI=true), where it fails.
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
cd "$scripts/../tests/lsp"
. "$scripts/apt-lib.sh"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install "编辑器校验的测试" skip nodejs npm || { [ $? -eq 2 ] && exit 0; }
fi
if [ -f node_modules/yaml-language-server/package.json ] && cmp -s package-lock.json node_modules/.package-lock.json.copy; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error >/dev/null
cp package-lock.json node_modules/.package-lock.json.copy
