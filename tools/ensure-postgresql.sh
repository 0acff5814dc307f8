#!/usr/bin/env bash
# The test suite runs the store, sync, merge and report tests against a throwaway PostgreSQL server
# (tests/pgserver.py) started from the installed binaries. Install Debian's postgresql package when
# no server binaries are found; the tests only use the binaries, never the system's own cluster.
set -euo pipefail

if command -v pg_ctl >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
    exit 0
fi
echo "PostgreSQL server binaries not found: installing Debian's postgresql package" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "需要 PostgreSQL 服务器程序来运行测试：请安装 postgresql 软件包（sudo apt-get install postgresql）。" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null
