#!/usr/bin/env bash
# The test suite runs the store, sync, merge and report tests against a throwaway PostgreSQL server
# (tests/pgserver.py) started from the installed binaries. Install Debian's postgresql package when
# no server binaries are found; the tests only use the binaries, never the system's own cluster.
set -euo pipefail

if command -v pg_ctl >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
    exit 0
fi
"$(dirname "$0")/apt-install.sh" "测试需要 PostgreSQL 服务器程序" postgresql
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null
