"""A throwaway PostgreSQL server for the queue's tests and benchmark: `initdb` into a
temporary folder, then `pg_ctl` listening on a Unix socket there and on no TCP port. As root
(CI), the server runs as the `postgres` user, which PostgreSQL insists on."""
import glob
import os
import pathlib
import shutil
import subprocess
import tempfile


def _bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found or not found[-1]:
        raise RuntimeError(f"{name} not found: install the postgresql package")
    return found[-1]


class Server:
    def __init__(self, port=55432):
        self.port = port
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="edition-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.folder, "postgres")
            self.folder.chmod(0o755)
        self._as_owner([_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"])
        self.start()

    def _as_owner(self, command):
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def _ctl(self, *arguments):
        self._as_owner([_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *arguments])

    def start(self):
        self._ctl("-o", f"-k {self.folder} -c listen_addresses='' -p {self.port} -c fsync=off", "start")

    def restart(self):
        self._ctl("-m", "fast", "restart")

    def stop(self):
        self._ctl("-m", "fast", "stop")

    def url(self, database="postgres"):
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"

    def psql(self, sql, database="postgres"):
        """Runs SQL; returns the rows, each a list of text values."""
        result = subprocess.run([_bin("psql"), self.url(database), "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                check=True, capture_output=True, text=True, timeout=60)
        return [line.split("\t") for line in result.stdout.splitlines()]

    def database(self, name):
        """A new, empty database; its URL."""
        self.psql(f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
