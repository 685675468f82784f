#!/usr/bin/env python3
"""The neural voice against Piper's own command, on the same voice and the same spoken text.

    python3 Tests/Benchmarks/bench_neural.py ./.build/release/edition [WORDS]

Piper (`piper-tts`, GPL) is installed into this benchmark's own virtual environment
(.build/bench-piper-venv), never as a dependency. Prints, as medians of RUNS (3) runs taken
alternately, pair by pair:
- a ~1,000-word article to WAV with `edition article --voice natural` (cold cache, 1 and 2
  workers) and with `piper -m en_US-joe-medium.onnx` on the same spoken text, and the ratios;
- the real-time factor (seconds of audio per second of wall time) of each;
- the peak memory of the whole run, every process of it summed (the run and its workers),
  sampled from /proc every 20 ms.
Figures, not pass/fail: the machine is shared and noisy.
"""
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ROOT / ".build/release/edition")
WORDS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
RUNS = int(os.environ.get("RUNS", "3"))
MODELS = os.environ.get("EDITION_MODELS", "/usr/local/share/audioedition/models")
MODEL = os.path.join(MODELS, "en_US-joe-medium.onnx")
VENV = ROOT / ".build/bench-piper-venv"


def piper_command():
    piper = VENV / "bin/piper"
    if not piper.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin/pip"), "install", "-q", "--disable-pip-version-check", "piper-tts"], check=True)
    return str(piper)


def article(path):
    """About WORDS words of the reader fixtures' story paragraphs."""
    paragraphs = [p for f in sorted((ROOT / "Tests/AudioEditionTests/Fixtures/pages").glob("*.expected.json"))
                  for p in json.loads(f.read_text())["paragraphs"] if len(p.split()) > 12]
    lines, words, i = ["A benchmark article read by the natural voice"], 8, 0
    while words < WORDS:
        lines.append(paragraphs[i % len(paragraphs)])
        words += len(paragraphs[i % len(paragraphs)].split())
        i += 1
    path.write_text("\n\n".join(lines) + "\n")
    return words


def tree_rss(pid):
    """Resident memory of a process and all its descendants, in bytes."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        stack.extend(children.get(current, []))
    return total


def timed(command, stdin=None):
    """(wall seconds, peak summed RSS in bytes) of one run."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.PIPE if stdin else None,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin:
        process.stdin.write(stdin.encode())
        process.stdin.close()
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    wall = time.monotonic() - start
    if process.returncode != 0:
        sys.exit(f"{command[0]} failed: {process.stderr.read().decode()[-2000:]}")
    return wall, peak


def seconds_of(wav):
    with wave.open(str(wav)) as w:
        return w.getnframes() / w.getframerate()


def main():
    if not os.path.exists(MODEL):
        sys.exit(f"{MODEL} is not installed: run `make voices`")
    piper = piper_command()
    work = pathlib.Path(tempfile.mkdtemp())
    try:
        source = work / "article.txt"
        words = article(source)
        spoken = subprocess.run([BIN, "normalise", str(source)], check=True, capture_output=True, text=True).stdout
        # Piper reads a line a paragraph; our spoken text has one paragraph a line already.
        spoken = "\n".join(line for line in spoken.splitlines() if line.strip())
        cases = {
            "edition, 1 worker": lambda: [BIN, "article", str(source), "--output", str(work / "out1"), "--format", "wav",
                                          "--voice", "natural", "--workers", "1", "--quiet"],
            "edition, 2 workers": lambda: [BIN, "article", str(source), "--output", str(work / "out2"), "--format", "wav",
                                           "--voice", "natural", "--workers", "2", "--quiet"],
            "piper": lambda: [piper, "-m", MODEL, "-f", str(work / "piper.wav")],
        }
        results = {name: [] for name in cases}
        for _ in range(RUNS):
            for name, command in cases.items():
                shutil.rmtree(work / {"edition, 1 worker": "out1", "edition, 2 workers": "out2"}.get(name, "none"), ignore_errors=True)
                results[name].append(timed(command(), stdin=spoken if name == "piper" else None))
        audio = {
            "edition, 1 worker": seconds_of(next((work / "out1").glob("*/*.wav"))),
            "edition, 2 workers": seconds_of(next((work / "out2").glob("*/*.wav"))),
            "piper": seconds_of(work / "piper.wav"),
        }
        print(f"== a {words}-word article to WAV, the same voice (en_US-joe-medium) and spoken text, cold cache, "
              f"medians of {RUNS} runs taken in turn")
        piper_wall = statistics.median(w for w, _ in results["piper"])
        one_wall = statistics.median(w for w, _ in results["edition, 1 worker"])
        for name in cases:
            wall = statistics.median(w for w, _ in results[name])
            peak = max(p for _, p in results[name]) / 2**20
            ratios = [a[0] / b[0] for a, b in zip(results[name], results["piper"])]
            print(f"{name:20s} {wall:7.2f} s  {audio[name]:6.1f} s of audio  {audio[name] / wall:5.1f}x real time  "
                  f"peak {peak:6.1f} MiB (all processes)  vs piper {statistics.median(ratios):.2f}")
        print(f"2 workers / 1 worker: {statistics.median(w for w, _ in results['edition, 2 workers']) / one_wall:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
