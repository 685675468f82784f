"""What the publishing tests share: the `edition` binary and an output folder made with it,
holding a briefing whose title is a <script> tag (for chapters and escaping) and an article
in a copy that a test may edit."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EDITION = os.environ.get("EDITION", str(ROOT / ".build" / "debug" / "edition"))
FIXTURES = ROOT / "Tests" / "EditionCLITests" / "Fixtures"
HEADLINE = "Harbour <script>window.pwned = 1</script> & \"quotes\""


def edition(*arguments):
    subprocess.run([EDITION, *map(str, arguments), "--voices", str(ROOT / "Voices")], check=True, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def output():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="edition-publishing-"))
    out = folder / "out"
    article = folder / "ferry.txt"
    shutil.copy(FIXTURES / "example-article.txt", article)
    edition("briefing", FIXTURES / "example-article.txt", FIXTURES / "kyiv-independent-2023-11-17.txt",
            "--title", HEADLINE, "--date", "2024-01-05", "--format", "mp3,opus", "--output", out)
    edition("article", article, "--quiet", "--output", out)
    yield out
    shutil.rmtree(folder, ignore_errors=True)
