#!/usr/bin/env python3
"""The job queue's cost, on a throwaway PostgreSQL server (Tests/Queue/pgserver.py).

Throughput: 40 articles of about 500 words, as MP3, cold (a new output folder and cache
each run), through one plain `edition article` run with 2 speech workers, and through the
queue: `queue add`, then 1, 2 or 4 `queue work --until-empty` processes (2 speech workers
for one process, 1 each for more), timed from the add to the last worker's exit. Runs
alternate, plain then queue, ROUNDS times; the medians and their ratios are printed.

Latency: one article through an idle worker, from `queue add` until the manifest lists its
episode, beside `edition article` on the same article alone (both cold).

Usage: bench_queue.py EDITION [ROUNDS]
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

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "Queue"))
import pgserver  # noqa: E402

EDITION = os.path.abspath(sys.argv[1])
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
VOICES = str(ROOT / "Voices")
QUIET = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def plain(stories, out, workers=2):
    start = time.perf_counter()
    subprocess.run([EDITION, "article", *stories, "--output", out, "--format", "mp3", "--workers", str(workers), "--quiet",
                    "--voices", VOICES], check=True, **QUIET)
    return time.perf_counter() - start


def queued(server, name, stories, out, processes):
    url = server.database(name)
    workers = 2 if processes == 1 else 1
    start = time.perf_counter()
    subprocess.run([EDITION, "queue", "add", "article", *stories, "--queue", url, "--output", out, "--format", "mp3"], check=True, **QUIET)
    running = [subprocess.Popen([EDITION, "queue", "work", "--queue", url, "--until-empty", "--workers", str(workers), "--voices", VOICES],
                                **QUIET) for _ in range(processes)]
    codes = [p.wait() for p in running]
    seconds = time.perf_counter() - start
    assert codes == [0] * processes, codes
    done = server.psql("SELECT count(*) FROM edition_jobs WHERE state = 'done'", database=name)[0][0]
    assert int(done) == len(stories), done
    return seconds


def episodes(out):
    try:
        return json.loads((pathlib.Path(out) / "manifest.json").read_text())["episodes"]
    except (OSError, ValueError):
        return []


def main():
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="edition-bench-queue-"))
    server = pgserver.Server(port=55900)
    try:
        subprocess.run([sys.executable, ROOT / "Tests" / "Benchmarks" / "make_stories.py", scratch / "in", "40", "8", "11"],
                       check=True, cwd=ROOT, **QUIET)
        stories = sorted(str(p) for p in (scratch / "in").glob("story-*.txt"))
        words = sum(len(pathlib.Path(s).read_text().split()) for s in stories)
        print(f"queue throughput: 40 articles, {words} words, MP3, cold; medians of {ROUNDS} rounds, plain and queue alternating")
        plains, queues = [], {1: [], 2: [], 4: []}
        for round in range(ROUNDS):
            for processes in (1, 2, 4):
                out = scratch / "out"
                shutil.rmtree(out, ignore_errors=True)
                plains.append(plain(stories, out))
                shutil.rmtree(out, ignore_errors=True)
                queues[processes].append(queued(server, f"bench_{round}_{processes}", stories, out, processes))
                assert len(episodes(out)) == 40
        base = statistics.median(plains)
        print(f"  plain `edition article`, 2 workers: {base:6.2f} s ({len(plains)} runs)")
        for processes, times in queues.items():
            middle = statistics.median(times)
            print(f"  queue, {processes} `queue work` process{'es' if processes > 1 else ''}: {middle:6.2f} s   ratio to plain {middle / base:5.3f}")

        # Latency: an idle worker, then one article added.
        url = server.database("bench_latency")
        out = scratch / "latency"
        worker = subprocess.Popen([EDITION, "queue", "work", "--queue", url, "--workers", "2", "--voices", VOICES], **QUIET)
        latencies, alone = [], []
        try:
            time.sleep(1)
            for n, story in enumerate(stories[:ROUNDS * 2]):
                before = len(episodes(out))
                start = time.perf_counter()
                subprocess.run([EDITION, "queue", "add", "article", story, "--queue", url, "--output", out, "--format", "mp3"],
                               check=True, **QUIET)
                while len(episodes(out)) == before:
                    time.sleep(0.005)
                latencies.append(time.perf_counter() - start)
                single = scratch / f"alone-{n}"
                alone.append(plain([story], single))
        finally:
            worker.terminate()
            worker.wait()
        late, solo = statistics.median(latencies), statistics.median(alone)
        print(f"queue latency: one article (~{words // 40} words), `queue add` to its episode in the manifest, idle worker: "
              f"{late:5.2f} s; `edition article` alone: {solo:5.2f} s; ratio {late / solo:5.3f} (medians of {len(latencies)})")
    finally:
        server.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
