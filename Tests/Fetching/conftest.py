"""The fetching tests' fixtures: a news site on 127.0.0.1 that they start themselves
(newsroom.py), and an output folder."""
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest

from fetching import Site


@pytest.fixture(scope="session")
def site():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="edition-site-"))
    server = subprocess.Popen([sys.executable, str(pathlib.Path(__file__).with_name("newsroom.py")), str(folder)],
                              stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    assert line.startswith("PORT "), line
    yield Site(folder, int(line.split()[1]))
    server.kill()
    server.wait()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def out(tmp_path):
    return tmp_path / "out"
