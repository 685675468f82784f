"""SIGKILL `edition article`, `briefing` and `regenerate` at random moments, and check the
output folder after every kill: the manifest parses, every file the manifest, feed, playlist
and pages name is there with its sha256, no temporary is left outside `.cache/`, and a rerun
completes and leaves the folder as consistent.

    python3 Tests/Reliability/kill_campaign.py EDITION [KILLS] [SEED]

`make bench` runs 100 kills; the tests run 10 (`test_kill_campaign.py`)."""
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from outputcheck import problems  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "EditionCLITests" / "Fixtures"
VOICES = ROOT / "Voices"


class Campaign:
    def __init__(self, edition, folder, seed):
        self.edition = str(edition)
        self.folder = pathlib.Path(folder)
        self.out = self.folder / "out"
        self.random = random.Random(seed)
        self.edits = 0
        self.articles = []
        for name in ("example-article.txt", "guardian-style-ferry.txt"):
            shutil.copy(FIXTURES / name, self.folder / name)
            self.articles.append(self.folder / name)
        self.durations = {}

    def command(self, operation):
        common = ["--output", str(self.out), "--voices", str(VOICES), "--workers", "2"]
        if operation == "article":
            return [self.edition, "article", *map(str, self.articles), "--format", "mp3,flac", "--quiet", *common]
        if operation == "briefing":
            return [self.edition, "briefing", *map(str, self.articles), "--format", "mp3", "--date", "2024-01-05", *common]
        return [self.edition, "regenerate", *common]

    def edit(self):
        """A new sentence in one article, so the next run has work to do."""
        self.edits += 1
        article = self.random.choice(self.articles)
        with open(article, "a") as file:
            file.write(f"\nCorrection {self.edits}: the council met again on day {self.edits} to agree the plan.\n")

    def run(self, operation, kill_after=None):
        """Runs one operation to the end, or kills it after `kill_after` seconds; returns
        (exit status, seconds, stderr)."""
        started = time.monotonic()
        process = subprocess.Popen(self.command(operation), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        if kill_after is not None:
            try:
                process.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
        stderr = process.communicate(timeout=600)[1].decode(errors="replace")
        return process.returncode, time.monotonic() - started, stderr

    def campaign(self, kills, say=print):
        counts = {"kills": 0, "finished before the kill": 0, "inconsistent after a kill": 0, "reruns failed": 0, "inconsistent after a rerun": 0}
        failures = []
        # Each operation once to fill the cache, then timed as the campaign will run it: after
        # an edit, with the rest in the cache.
        for operation in ("article", "briefing", "regenerate") * 2:
            self.edit()
            status, seconds, stderr = self.run(operation)
            if status != 0:
                failures.append(f"unkilled {operation} failed: {stderr}")
            self.durations[operation] = max(seconds, 0.2)
        for number in range(kills):
            operation = ("article", "briefing", "regenerate")[number % 3]
            self.edit()
            moment = self.random.uniform(0, self.durations[operation])
            killed = self.run(operation, kill_after=moment)[0] == -signal.SIGKILL
            if killed:
                counts["kills"] += 1
            else:
                counts["finished before the kill"] += 1
            found = problems(self.out)
            consistent = not found
            if found:
                counts["inconsistent after a kill"] += 1
                failures.append(f"kill {number} ({operation} at {moment:.2f} s): {found}")
            status, _, stderr = self.run(operation)
            if status != 0:
                counts["reruns failed"] += 1
                failures.append(f"rerun {number} ({operation}): exit {status}: {stderr}")
            found = problems(self.out)
            if found:
                counts["inconsistent after a rerun"] += 1
                failures.append(f"rerun {number} ({operation}): {found}")
            say(f"{number + 1:3d}/{kills} {operation:10s} killed at {moment:5.2f} s of {self.durations[operation]:5.2f}: "
                f"{'killed' if killed else 'had finished'}, {'consistent' if consistent else 'INCONSISTENT'}, rerun {'ok' if status == 0 and not found else 'FAILED'}")
        return counts, failures


def main():
    edition = sys.argv[1]
    kills = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    folder = tempfile.mkdtemp(prefix="edition-kills-")
    try:
        counts, failures = Campaign(edition, folder, seed).campaign(kills)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("kill campaign: " + ", ".join(f"{value} {key}" for key, value in counts.items()))
    for failure in failures:
        print("  " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
