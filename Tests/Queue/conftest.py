"""What the queue tests share: a throwaway PostgreSQL server for the session, a fresh
database for each test, short articles, and `edition queue work` processes to start and
watch."""
import os
import pathlib
import random
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "Reliability"))
sys.path.insert(0, str(ROOT / "Tests" / "Queue"))
import pgserver  # noqa: E402

EDITION = os.path.abspath(os.environ.get("EDITION", str(ROOT / ".build" / "debug" / "edition")))
VOICES = ROOT / "Voices"


@pytest.fixture(scope="session")
def server():
    server = pgserver.Server(port=55400 + os.getpid() % 500)
    yield server
    server.close()


@pytest.fixture
def queue(server, request):
    """The URL of an empty database for this test's queue."""
    return server.database(request.node.name.replace("[", "_").replace("]", "").lower()[:60])


def edition(*arguments, timeout=300):
    return subprocess.run([EDITION, *map(str, arguments)], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def stories(folder, count, seed=1):
    """`count` articles of two short paragraphs, each its own text."""
    subprocess.run([sys.executable, ROOT / "Tests" / "Benchmarks" / "make_stories.py", folder, str(count), "2", str(seed)],
                   check=True, cwd=ROOT, capture_output=True)
    return sorted(pathlib.Path(folder).glob("story-*.txt"))


def add(url, paths, output, *options):
    result = edition("queue", "add", "article", *paths, "--queue", url, "--output", output, "--format", "wav", *options)
    assert result.returncode == 0, result.stderr
    ids = [int(line) for line in result.stdout.split()]
    assert len(ids) == len(paths)
    return ids


class Worker:
    """One `edition queue work` process, its stderr in a file."""

    def __init__(self, url, log, *options):
        self.log = pathlib.Path(log)
        self.file = open(self.log, "w")
        self.process = subprocess.Popen([EDITION, "queue", "work", "--queue", url, "--voices", VOICES, *map(str, options)],
                                        stdout=self.file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

    @property
    def name(self):
        return f"{os.uname().nodename}:{self.process.pid}"

    def wait(self, timeout=300):
        code = self.process.wait(timeout=timeout)
        self.file.close()
        return code

    def text(self):
        return self.log.read_text()

    def kill(self):
        """SIGKILL, to the worker and its speech workers, as a machine that dies."""
        os.killpg(self.process.pid, 9)
        self.process.wait()
        self.file.close()


def jobs(server, url):
    """Every job: id -> (state, attempts, worker, message)."""
    rows = server.psql("SELECT id, state, attempts, coalesce(worker, ''), coalesce(message, '') FROM edition_jobs ORDER BY id",
                       database=url.split("/")[3].split("?")[0])
    return {int(r[0]): (r[1], int(r[2]), r[3], r[4]) for r in rows}


def until(condition, timeout, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s")
