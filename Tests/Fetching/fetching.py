"""What the fetching tests share: the `edition` binary, a way to see that a failed run
changed nothing, and pages to serve."""
import contextlib
import hashlib
import json
import os
import pathlib
import subprocess
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
EDITION = os.environ.get("EDITION", str(ROOT / ".build" / "debug" / "edition"))


def run(*arguments, check=False, timeout=120):
    """Runs edition; returns the completed process with text stdout and stderr."""
    voices = ["--voices", str(ROOT / "Voices")] if arguments[0] in ("article", "briefing", "regenerate", "watch") else []
    done = subprocess.run([EDITION, *map(str, arguments), *voices],
                          capture_output=True, text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def snapshot(folder):
    """Every file under the folder, but the lock, by its bytes' hash."""
    folder = pathlib.Path(folder)
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


def manifest(folder):
    return json.loads((pathlib.Path(folder) / "manifest.json").read_text())


class Site:
    def __init__(self, folder, port):
        self.folder, self.port = folder, port
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path):
        return f"{self.base}/{path.lstrip('/')}"

    def write(self, name, text, content_type=None):
        (self.folder / name).write_text(text, encoding="utf-8")
        if content_type:
            (self.folder / (name + ".type")).write_text(content_type)

    def post(self, path):
        urllib.request.urlopen(urllib.request.Request(self.url(path), method="POST"), timeout=5).read()

    @contextlib.contextmanager
    def failing(self, name):
        """/pages/NAME answers 500 inside the block."""
        self.post(f"_fail/{name}")
        try:
            yield
        finally:
            self.post("_heal")

    def log(self):
        return json.loads(urllib.request.urlopen(self.url("_log"), timeout=5).read())

    def clear(self):
        self.post("_clear")


def page(title, *paragraphs, lang="en"):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Coast News</title></head>'
            f'<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><article><h1>{title}</h1>{body}</article>'
            f'<footer>Copyright Coast News</footer></body></html>\n')


FERRY = page("Harbour ferry returns after winter repairs",
             "The harbour ferry returned to service on Monday after three months of winter repairs at the shipyard.",
             "Passengers queued from early morning, and the first crossing left the pier at seven o'clock sharp.",
             "The operator said the new engines would cut fuel use by a fifth and make the crossing quieter.")
