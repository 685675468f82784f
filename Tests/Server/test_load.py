"""A load check with wrk (Debian), bounded in time: the episode's JSON and a 64 KiB range of
its MP3 under 64 connections answer every request with a 2xx; POSTs past the queue's limit
are 429s, and every job accepted is done, once. `make bench` (Tests/Benchmarks/bench_serve.py)
runs longer and prints the figures beside python's http.server and nginx."""
import json
import re
import subprocess

from conftest import story

SECONDS = "2"


def wrk(url, *headers):
    run = subprocess.run(["wrk", "-t2", "-c64", f"-d{SECONDS}s", "--latency", *[a for h in headers for a in ("-H", h)], url],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    requests = int(re.search(r"(\d+) requests in", run.stdout).group(1))
    return requests, run.stdout


def test_64_connections_get_every_answer_and_a_full_queue_loses_no_job(serve):
    server = serve("--queue-limit", "4")
    job = server.wait(server.post({"text": story("Council approves new river bridge")})[2]["id"])
    episode = server.json("GET", f"/v1/episodes/{job['episode']}")[2]
    mp3 = "/" + episode["files"][0]["path"]

    requests, report = wrk(f"{server.base}/v1/episodes/{episode['id']}")
    assert requests > 100, report
    assert "Non-2xx" not in report and "Socket errors" not in report, report
    requests, report = wrk(server.base + mp3, "Range: bytes=0-65535")
    assert requests > 100, report
    assert "Non-2xx" not in report and "Socket errors" not in report, report

    # Distinct articles, posted faster than they are made: the queue fills, and refuses.
    accepted, refused = [], 0
    for n in range(12):
        status, headers, answer = server.post({"text": story(f"Council approves bridge number {n}")})
        if status == 202:
            accepted.append(answer["id"])
        else:
            assert status == 429 and int(headers["Retry-After"]) > 0, answer
            refused += 1
    assert refused > 0 and len(accepted) >= 4
    finished = [server.wait(job) for job in accepted]
    assert all(job["status"] == "done" for job in finished), finished
    manifest = json.loads((server.output / "manifest.json").read_text())
    made = {e["id"]: e for e in manifest["episodes"]}
    assert len({job["episode"] for job in finished}) == len(accepted)
    assert all(made[job["episode"]]["revision"] == 1 for job in finished)
