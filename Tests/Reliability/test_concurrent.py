"""Two `edition article` runs at once on one output folder and one cache: the second waits for
the first's lock, both succeed, and the manifest lists the episodes of both."""
import json
import subprocess

from conftest import EDITION, FIXTURES, VOICES
from outputcheck import problems


def test_two_runs_on_one_folder_both_succeed(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    runs = [subprocess.Popen([EDITION, "article", str(FIXTURES / name), "--output", str(out), "--cache", str(cache),
                              "--format", "wav,mp3", "--voices", str(VOICES), "--quiet", "--wait", "300"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for name in ("example-article.txt", "guardian-style-ferry.txt")]
    results = [(process.wait(timeout=600), *process.communicate()) for process in runs]
    for status, stdout, stderr in results:
        assert status == 0, stderr.decode()
        assert b": revision 1," in stdout
    episodes = json.loads((out / "manifest.json").read_bytes())["episodes"]
    made = sorted(line.split(b":")[0].decode() for _, stdout, _ in results for line in stdout.splitlines())
    assert sorted(episode["id"] for episode in episodes) == made
    assert problems(out) == []
