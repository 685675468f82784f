#!/usr/bin/env python3
"""`edition serve` under load, beside the same file served by python's http.server and by
nginx (Debian), all on loopback in one run, with wrk (Debian): requests per second and p99
latency at 64 connections for an episode's JSON (while the server has jobs running), p99 for a
64 KiB range of its MP3, and the server's memory idle and at its peak.

    python3 Tests/Benchmarks/bench_serve.py EDITION [SECONDS]

The bar (issue 33): p99 <= 20 ms for the episode JSON at 64 connections, jobs running.
"""
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "Tests" / "EditionCLITests" / "Fixtures" / "example-article.txt"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {port}")


def call(method, url, body=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def wrk(url, seconds, *headers):
    args = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", *[a for h in headers for a in ("-H", h)], url]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = "Non-2xx" in out or "Socket errors" in out
    return rps, p99, errors


def rss(pid, field):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    edition = os.path.abspath(sys.argv[1])
    seconds = sys.argv[2] if len(sys.argv) > 2 else "10"
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-serve-"))
    processes = []
    try:
        port = free_port()
        server = subprocess.Popen([edition, "serve", "--output", work / "out", "--listen", f"127.0.0.1:{port}",
                                   "--voices", ROOT / "Voices", "--voice", "newsreader", "--format", "mp3"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(server)
        wait_port(port)
        base = f"http://127.0.0.1:{port}"
        story = EXAMPLE.read_text()
        job = call("POST", base + "/v1/articles", {"text": story})["id"]
        while (state := call("GET", f"{base}/v1/jobs/{job}"))["status"] not in ("done", "failed"):
            time.sleep(0.2)
        episode_id = state["episode"]
        episode = call("GET", f"{base}/v1/episodes/{episode_id}")
        time.sleep(1)
        idle = rss(server.pid, "VmRSS")

        # The same JSON and MP3 as static files for the peers.
        static = work / "static"
        static.mkdir()
        with urllib.request.urlopen(f"{base}/v1/episodes/{episode_id}") as response:
            (static / "episode.json").write_bytes(response.read())
        shutil.copy(work / "out" / episode["files"][0]["path"], static / "episode.mp3")
        os.chmod(work, 0o755)

        python_port = free_port()
        processes.append(subprocess.Popen([sys.executable, "-m", "http.server", str(python_port), "--bind", "127.0.0.1",
                                           "--directory", static], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        nginx_port = free_port()
        conf = work / "nginx.conf"
        conf.write_text(f"""user root; worker_processes 2; daemon off; pid {work}/nginx.pid; error_log {work}/nginx.log;
events {{ worker_connections 1024; }}
http {{ access_log off; types {{ application/json json; audio/mpeg mp3; }}
  server {{ listen 127.0.0.1:{nginx_port}; root {static}; }} }}
""")
        processes.append(subprocess.Popen(["nginx", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_port(python_port)
        wait_port(nginx_port)

        # Jobs running while the JSON is asked for: stories of their own, nothing cached.
        subprocess.run([sys.executable, ROOT / "Tests" / "Benchmarks" / "make_stories.py", work / "stories", "8", "15", "7"],
                       check=True, cwd=ROOT)
        jobs = [call("POST", base + "/v1/articles", {"text": path.read_text()})["id"] for path in sorted((work / "stories").glob("*.txt"))]
        time.sleep(0.5)
        measured = wrk(f"{base}/v1/episodes/{episode_id}", seconds)
        pending = sum(call("GET", f"{base}/v1/jobs/{job}")["status"] in ("queued", "running") for job in jobs)
        rows = [
            ("edition serve, jobs running", measured),
            ("python3 -m http.server", wrk(f"http://127.0.0.1:{python_port}/episode.json", seconds)),
            ("nginx", wrk(f"http://127.0.0.1:{nginx_port}/episode.json", seconds)),
        ]
        mp3 = "/" + episode["files"][0]["path"]
        ranges = [
            ("edition serve", wrk(base + mp3, seconds, "Range: bytes=0-65535")),
            ("nginx", wrk(f"http://127.0.0.1:{nginx_port}/episode.mp3", seconds, "Range: bytes=0-65535")),
        ]
        peak = rss(server.pid, "VmHWM")

        print(f"GET /v1/episodes/{{id}} ({len(json.dumps(episode))} bytes), 64 connections, {seconds} s each:")
        edition_rps, edition_p99 = rows[0][1][0], rows[0][1][1]
        for name, (rps, p99, errors) in rows:
            print(f"  {name:30} {rps:10.0f} req/s  p99 {p99:7.2f} ms  (edition / this: {edition_rps / rps:.2f}x the rate, "
                  f"{edition_p99 / p99:.2f}x the p99){'  ERRORS' if errors else ''}")
        print("64 KiB range of the MP3, 64 connections:")
        for name, (rps, p99, errors) in ranges:
            print(f"  {name:30} {rps:10.0f} req/s  p99 {p99:7.2f} ms{'  ERRORS' if errors else ''}")
        print(f"jobs still queued or running when the JSON's measurement ended: {pending} of {len(jobs)}")
        print(f"edition serve memory: idle {idle:.1f} MB, peak {peak:.1f} MB (VmRSS, VmHWM)")
        print(f"bar: p99 <= 20 ms for the episode JSON with jobs running: {'met' if edition_p99 <= 20 else 'NOT met'} ({edition_p99:.2f} ms)")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
