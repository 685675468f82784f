"""What the server tests share: `edition serve` started on a free loopback port over an
output folder of its own, and a small HTTP client that speaks to it."""
import json
import os
import pathlib
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EDITION = os.path.abspath(os.environ.get("EDITION", str(ROOT / ".build" / "debug" / "edition")))
VOICES = ROOT / "Voices"


def story(title, *paragraphs):
    """Page text: a headline, then paragraphs of the length a story has."""
    body = paragraphs or (f"The council met on Monday to discuss {title.lower()}, and officials said a decision would follow within weeks.",
                          "Residents who spoke at the meeting said they hoped the works would bring few delays to the town centre.")
    return "\n\n".join([title, *body]) + "\n"


class Server:
    """One `edition serve` process; its output (stdout and stderr) in a log file."""

    def __init__(self, output, *options):
        self.output = pathlib.Path(output)
        self.log = self.output.parent / f"serve-{time.monotonic_ns()}.log"
        self.file = open(self.log, "w")
        self.process = subprocess.Popen(
            [EDITION, "serve", "--output", self.output, "--listen", "127.0.0.1:0", "--voices", VOICES,
             "--voice", "newsreader", "--format", "mp3", "--workers", "1", *map(str, options)],
            stdout=self.file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        self.base = None
        while self.base is None:
            assert self.process.poll() is None, self.text()
            assert time.monotonic() < deadline, "server did not start: " + self.text()
            for line in self.text().splitlines():
                if "serving" in line and "http://" in line:
                    self.base = line.split("on ", 1)[1].strip().rstrip("/")
            time.sleep(0.05)

    def text(self):
        return self.log.read_text(errors="replace")

    def request(self, method, path, body=None, headers=None, raw=None):
        """(status, headers, body bytes); a JSON body is decoded when the answer is JSON."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def json(self, method, path, body=None, headers=None, raw=None):
        status, headers, content = self.request(method, path, body, headers, raw)
        return status, headers, (json.loads(content) if content else None)

    def post(self, article, headers=None):
        return self.json("POST", "/v1/articles", article, headers)

    def wait(self, job, timeout=180):
        """The job once it is done or failed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, _, answer = self.json("GET", f"/v1/jobs/{job}")
            assert status == 200, answer
            if answer["status"] in ("done", "failed"):
                return answer
            time.sleep(0.2)
        raise AssertionError(f"job {job} not finished: " + self.text())

    def stop(self, sig=signal.SIGTERM, timeout=120):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        self.file.close()
        return code


@pytest.fixture
def serve(tmp_path):
    """Starts servers over `tmp_path/out` (or a folder given); all are stopped after the test."""
    started = []

    def start(*options, output=None):
        server = Server(output or tmp_path / "out", *options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop(signal.SIGKILL)
