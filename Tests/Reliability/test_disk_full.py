"""A full disk. The output folder sits on a small tmpfs where the machine lets us mount one
(root here and in CI); elsewhere every file the run writes is capped with `ulimit -f` (with
SIGXFSZ ignored, so a write past it fails with EFBIG as a full disk's fails with ENOSPC).

Either way: a good episode is made, the next run meets the full disk and fails with a clear
message, the folder stays as it was (manifest byte-identical, consistent, no temporary outside
`.cache/`), and once there is room the same run completes."""
import os
import resource
import signal
import subprocess

import pytest

from conftest import FIXTURES, run
from outputcheck import problems, snapshot

SMALL = FIXTURES / "example-article.txt"
LONG = FIXTURES / "kyiv-independent-2023-11-17.txt"


def mount_tmpfs(folder, megabytes):
    folder.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)], capture_output=True)
    return result.returncode == 0


def fill(folder, leave_kilobytes):
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with open(folder / "filler", "wb") as file:
        file.truncate(0)
        remaining = max(0, free - leave_kilobytes * 1024)
        chunk = b"\0" * (1 << 20)
        while remaining > 0:
            remaining -= file.write(chunk[: min(len(chunk), remaining)])
    return folder / "filler"


def capped(kilobytes):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (kilobytes * 1024, kilobytes * 1024))
    return limit


def check_refused(result, out, before, reason):
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode == 1, stderr
    assert "Program crashed" not in stderr and "Fatal error" not in stderr, stderr
    assert reason in stderr, stderr
    assert f"1 failed ({LONG})" in stderr, stderr
    # The last good state stays: the manifest as it was, and everything it names.
    assert (out / "manifest.json").read_bytes() == before["manifest.json"]
    assert problems(out) == []
    after = snapshot(out)
    assert {name: data for name, data in after.items() if not name.startswith(".cache/")} == \
        {name: data for name, data in before.items() if not name.startswith(".cache/")}


def test_a_full_disk_fails_cleanly_and_a_later_run_completes(tmp_path):
    small = tmp_path / "small"
    if not mount_tmpfs(small, 32):
        pytest.skip("no tmpfs can be mounted here; the file size limit below stands in for it")
    try:
        out = small / "out"
        assert run(["article", SMALL, "--output", out, "--format", "wav", "--quiet"]).returncode == 0
        before = snapshot(out)
        filler = fill(small, leave_kilobytes=400)
        result = run(["article", LONG, "--output", out, "--format", "wav,mp3"])
        check_refused(result, out, before, "No space left on device")
        filler.unlink()
        again = run(["article", LONG, "--output", out, "--format", "wav,mp3", "--quiet"])
        assert again.returncode == 0, again.stderr.decode()
        assert problems(out) == [] and snapshot(out).keys() > before.keys()
    finally:
        subprocess.run(["umount", "-l", str(small)])


def test_a_file_size_limit_is_a_clear_error_too(tmp_path):
    """The stand-in for a full disk, run everywhere: writes fail with EFBIG past 1 MB."""
    out = tmp_path / "out"
    assert run(["article", SMALL, "--output", out, "--format", "wav", "--quiet"]).returncode == 0
    before = snapshot(out)
    result = run(["article", LONG, "--output", out, "--format", "wav,mp3"], preexec_fn=capped(1024))
    check_refused(result, out, before, "File too large")
    again = run(["article", LONG, "--output", out, "--format", "wav,mp3", "--quiet"])
    assert again.returncode == 0, again.stderr.decode()
    assert problems(out) == []
