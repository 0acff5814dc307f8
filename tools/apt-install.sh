#!/usr/bin/env bash
# Install Debian packages for the ensure-*.sh scripts: as root, or through password-less sudo;
# otherwise say, in one line, the command that installs them, and fail.
# Usage: tools/apt-install.sh "为什么需要（中文）" PACKAGE...
set -euo pipefail

why=$1
shift
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "$why：请先运行 sudo apt-get install $*" >&2
    exit 1
fi
echo "$why：正在安装 $*" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 || {
    echo "$why：安装 $* 失败，请运行 sudo apt-get install $* 查看原因" >&2
    exit 1
}
