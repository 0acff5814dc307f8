"""A throwaway PostgreSQL server for tests and benches, started from the installed binaries.

The server lives in a temporary folder, listens only on a private Unix socket (no TCP port that
could clash with another server), trusts local connections and runs without fsync: it holds
test data for one run and is deleted afterwards. PostgreSQL refuses to run as root, so under root
(CI containers) the server runs as the ``postgres`` system user Debian's package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "fangpin"


class PostgresUnavailable(RuntimeError):
    pass


def find_binaries() -> Path:
    """The bin folder of the newest installed PostgreSQL (Debian keeps it off PATH)."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(os.path.realpath(on_path)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if not candidates:
        raise PostgresUnavailable("PostgreSQL is not installed (no pg_ctl found); .ci/run installs Debian's "
                                  "postgresql package")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    # Only the socket file's name uses the port number, but keep it distinct from real servers.
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    def __init__(self) -> None:
        self.bin = find_binaries()
        self.root = Path(tempfile.mkdtemp(prefix="fangpin-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.port = _free_port()
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError as error:
                raise PostgresUnavailable("running as root needs the 'postgres' user to start PostgreSQL") from error
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._run_as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        completed = subprocess.run([*self._run_as, *args], capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(args[:2])} failed: {completed.stderr or completed.stdout}")

    def start(self) -> PostgresServer:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "--auth=trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")
        options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@/{database}?host={self.socket_dir}&port={self.port}"

    def execute(self, statement: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user=USER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(statement)

    def create_database(self, name: str, template: str | None = None) -> str:
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def stop(self) -> None:
        with contextlib.suppress(PostgresUnavailable):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
