# Sourced by the ensure-*.sh scripts: one way to install missing Debian packages.
# apt_install PURPOSE ON_NO_ROOT PACKAGE...
#   Installs PACKAGE... with apt-get when running as root on Debian. Otherwise prints a Chinese hint naming the
#   packages and what needs them, and returns 1 when ON_NO_ROOT is "fail" (the caller stops) or 2 when it is
#   "skip" (the caller goes on; the tests that need the packages skip, or fail under CI=true).
apt_install() {
  local purpose="$1" on_no_root="$2"
  shift 2
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    if [ "$on_no_root" = fail ]; then
      echo "${purpose}需要 Debian 软件包：$*。请以 root 运行：apt-get install -y $*" >&2
      return 1
    fi
    echo "提示：${purpose}需要 Debian 软件包 $*（以 root 运行 apt-get install -y $*）；未安装时相关测试跳过。" >&2
    return 2
  fi
  echo "installing $* from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
