"""What the reliability tests share: the `edition` binary, a run with a time limit (a hang is
a failure, not a stuck CI), and an output folder made once with a real episode in it."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EDITION = os.path.abspath(os.environ.get("EDITION", str(ROOT / ".build" / "debug" / "edition")))
FIXTURES = ROOT / "Tests" / "EditionCLITests" / "Fixtures"
VOICES = ROOT / "Voices"


def run(arguments, timeout=180, voices=True, **options):
    """`edition ARGUMENTS` (bytes or str), with `--voices` unless told not to."""
    command = [os.fsencode(EDITION), *[a if isinstance(a, bytes) else os.fsencode(str(a)) for a in arguments]]
    if voices:
        command += [b"--voices", os.fsencode(str(VOICES))]
    if "input" not in options:
        options.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(command, capture_output=True, timeout=timeout, **options)


@pytest.fixture(scope="session")
def made():
    """An output folder holding one finished article episode, to copy."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="edition-reliability-"))
    result = run(["article", FIXTURES / "example-article.txt", "--output", folder / "out", "--format", "wav,mp3", "--quiet"])
    assert result.returncode == 0, result.stderr.decode()
    yield folder / "out"
    shutil.rmtree(folder, ignore_errors=True)
