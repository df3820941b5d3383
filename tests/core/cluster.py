"""A real PostgreSQL primary, its streaming replica and PgBouncer in transaction mode, started for a test module.

Built from Debian's `postgresql` and `pgbouncer` packages (installed with apt-get when missing and the tests run as
root). PostgreSQL and PgBouncer refuse to run as root: as root, they run as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import free_port, stop_process

DATABASE = "rapport"


class ClusterUnavailable(RuntimeError):
    """What the cluster needs cannot be found or installed here."""


def _binaries() -> tuple[Path, str]:
    """PostgreSQL's server programs (the newest installed major version) and PgBouncer."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"), key=lambda p: int(p.split("/")[4]))
    pgbouncer = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if os.path.exists("/usr/sbin/pgbouncer") else None)
    missing = [name for name, have in (("postgresql", found), ("pgbouncer", pgbouncer)) if not have]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False, env=env, capture_output=True)
        return _binaries_found()
    if missing:
        raise ClusterUnavailable(f"apt-get install {' '.join(missing)}")
    return Path(found[-1]).parent, str(pgbouncer)


def _binaries_found() -> tuple[Path, str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"), key=lambda p: int(p.split("/")[4]))
    pgbouncer = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not found or not os.path.exists(pgbouncer):
        raise ClusterUnavailable("apt-get install postgresql pgbouncer (it failed here)")
    return Path(found[-1]).parent, pgbouncer


def unavailable(reason: str) -> None:
    """A developer's laptop may skip; CI must not (AGENTS: a test that cannot start its component fails in CI)."""
    message = f"a PostgreSQL replica and PgBouncer are needed: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _wait_port(port: int, what: str, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise RuntimeError(f"{what} did not listen on {port} in {timeout} s:\n{tail}")


@dataclass
class Cluster:
    """The primary, the replica and PgBouncer, with URLs for the test database `rapport` on each."""

    base: Path
    bin: Path
    pgbouncer_bin: str
    primary_port: int = field(default_factory=free_port)
    replica_port: int = field(default_factory=free_port)
    bouncer_port: int = field(default_factory=free_port)
    bouncer: subprocess.Popen[bytes] | None = None

    def url(self, port: int, database: str = DATABASE) -> str:
        return f"postgresql://postgres@127.0.0.1:{port}/{database}"

    @property
    def primary(self) -> str:
        return self.url(self.primary_port)

    @property
    def replica(self) -> str:
        return self.url(self.replica_port)

    @property
    def pooler(self) -> str:
        """The primary through PgBouncer."""
        return self.url(self.bouncer_port)

    @property
    def pooled_replica(self) -> str:
        """The replica through PgBouncer."""
        return self.url(self.bouncer_port, "rapport_replica")

    def _as_owner(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *args: str) -> None:
        done = subprocess.run([*self._as_owner(), *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        primary, replica = self.base / "primary", self.base / "replica"
        self.run(str(self.bin / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C")  # fmt: skip
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                "\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.base}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
                "fsync = off\nfull_page_writes = off\nshared_buffers = 32MB\nmax_connections = 60\n"
                "jit = off\n"  # what a pooled deployment sets on its database (docs/operations.md)
            )
        self.run(str(self.bin / "pg_ctl"), "-D", str(primary), "-l", str(self.base / "primary.log"), "-w",
                 "-o", f"-p {self.primary_port}", "start")  # fmt: skip
        self.run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
                 DATABASE)  # fmt: skip
        self.run(str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
                 "-D", str(replica), "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        self.run(str(self.bin / "pg_ctl"), "-D", str(replica), "-l", str(self.base / "replica.log"), "-w",
                 "-o", f"-p {self.replica_port}", "start")  # fmt: skip
        (self.base / "userlist.txt").write_text('"postgres" ""\n')
        ini = self.base / "pgbouncer.ini"
        ini.write_text(
            "[databases]\n"
            f"{DATABASE} = host=127.0.0.1 port={self.primary_port} dbname={DATABASE}\n"
            f"rapport_replica = host=127.0.0.1 port={self.replica_port} dbname={DATABASE}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.bouncer_port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {self.base / 'userlist.txt'}\n"
            # Transaction mode with few server connections: every client shares them, as in production.
            "pool_mode = transaction\ndefault_pool_size = 2\nmax_client_conn = 400\n"
            "admin_users = postgres\nignore_startup_parameters = extra_float_digits\n"
            # What docs/operations.md asks for: DISCARD ALL after every transaction, so that the statements each
            # transaction prepared under names of its own do not pile up on the shared server connections.
            "server_reset_query_always = 1\n"
            f"logfile = {self.base / 'pgbouncer.log'}\n"
        )
        self._chown()
        self.bouncer = subprocess.Popen(
            [*self._as_owner(), self.pgbouncer_bin, str(ini)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_port(self.bouncer_port, "PgBouncer", self.base / "pgbouncer.log")

    def _chown(self) -> None:
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.base, *self.base.iterdir()):
                if path.is_file() or path == self.base:
                    os.chown(path, owner.pw_uid, owner.pw_gid)

    def bouncer_stats(self) -> dict[str, int]:
        """PgBouncer's totals for the primary's database (its admin console speaks the simple protocol only)."""
        done = subprocess.run(
            [
                str(self.bin / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.bouncer_port),
                "-U",
                "postgres",
                "-At",
                "-F",
                "\t",
                "-c",
                "SHOW STATS",
                "pgbouncer",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        header = ["database", "total_xact_count", "total_query_count"]
        for line in done.stdout.splitlines():
            cells = line.split("\t")
            if cells and cells[0] == DATABASE:
                return dict(zip(header[1:], (int(cells[1]), int(cells[2])), strict=True))
        return {"total_xact_count": 0, "total_query_count": 0}

    def stop(self) -> None:
        if self.bouncer is not None:
            stop_process(self.bouncer)
        for name in ("replica", "primary"):
            if (self.base / name / "postmaster.pid").exists():
                subprocess.run(
                    [
                        *self._as_owner(),
                        str(self.bin / "pg_ctl"),
                        "-D",
                        str(self.base / name),
                        "-m",
                        "immediate",
                        "-w",
                        "stop",
                    ],
                    capture_output=True,
                    check=False,
                )
        shutil.rmtree(self.base, ignore_errors=True)


def start_cluster() -> Cluster:
    """A started cluster (the caller stops it); fails or skips, as `unavailable` says, when it cannot start."""
    try:
        binaries, pgbouncer = _binaries()
    except ClusterUnavailable as missing:
        unavailable(str(missing))
        raise
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root needs the `postgres` system user (Debian's postgresql package makes it)")
    base = Path(tempfile.mkdtemp(prefix="rapport-cluster-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(base, binaries, pgbouncer)
    try:
        cluster.start()
    except Exception:
        cluster.stop()
        raise
    return cluster
