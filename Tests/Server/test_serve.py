"""`edition serve` end to end: the real binary on loopback, every row of the API, its
refusals, the published files, and jobs across a kill and a graceful stop."""
import json
import signal
import socket
import subprocess
import time
import urllib.request

from conftest import story

BRIDGE = story("Council approves new river bridge")


def duration(data, tmp_path):
    """Seconds of audio in `data`, as ffprobe reads it."""
    path = tmp_path / f"probe-{time.monotonic_ns()}.mp3"
    path.write_bytes(data)
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                           capture_output=True, text=True, check=True)
    return float(probe.stdout)


def test_an_article_posted_is_spoken_published_and_served(serve, tmp_path):
    server = serve()
    assert server.json("GET", "/healthz")[0] == 200
    status, headers, answer = server.post({"text": BRIDGE})
    assert status == 202, answer
    assert answer["status"] == "queued"
    assert headers["Location"] == f"/v1/jobs/{answer['id']}"
    job = server.wait(answer["id"])
    assert job["status"] == "done" and job["error"] is None, job

    status, _, episode = server.json("GET", f"/v1/episodes/{job['episode']}")
    assert status == 200
    assert episode["title"] == "Council approves new river bridge"
    assert episode["revision"] == 1
    [mp3] = episode["files"]
    assert mp3["format"] == "mp3" and mp3["path"].startswith(episode["id"] + "/")
    # The file at its address is the file the manifest describes, and it is speech of the
    # length the manifest says.
    status, headers, audio = server.request("GET", mp3["url"].split(server.base, 1)[1])
    assert status == 200 and headers["Content-Type"] == "audio/mpeg"
    assert len(audio) == mp3["bytes"]
    assert abs(duration(audio, tmp_path) - mp3["duration"]) < 0.1
    assert mp3["duration"] > 8
    status, headers, page = server.request("GET", episode["player"].split(server.base, 1)[1])
    assert status == 200 and b"Council approves new river bridge" in page
    listed = server.json("GET", "/v1/episodes")[2]["episodes"]
    assert [e["id"] for e in listed] == [episode["id"]]


def test_posting_the_same_article_again_after_an_edit_makes_its_next_revision(serve):
    server = serve()
    url = "https://news.example/bridge"
    first = server.wait(server.post({"text": BRIDGE, "url": url})[2]["id"])
    edited = story("Council approves new river bridge", "The city council approved the new river bridge on Monday after six years of debate.",
                   "Work will now start in the summer, not the spring, the council said in a statement on Tuesday.")
    second = server.wait(server.post({"text": edited, "url": url})[2]["id"])
    assert first["episode"] == second["episode"]
    episode = server.json("GET", f"/v1/episodes/{second['episode']}")[2]
    assert episode["revision"] == 2
    assert episode["source"] == url


def test_html_and_markdown_are_read_as_edition_article_reads_them(serve):
    server = serve()
    html = ("<html><head><title>Harbour reopens after storm</title></head><body><article><h1>Harbour reopens after storm</h1>"
            "<p>The harbour reopened on Tuesday after a storm closed it for three days, the port authority said.</p>"
            "<p>Ferries to the islands will run to the usual timetable from Wednesday morning, officials added.</p></article></body></html>")
    markdown = "# Library opens as warm space\n\nThe council opened the main library hall as a warm space on Tuesday for residents.\n"
    for body, title in [({"html": html}, "Harbour reopens after storm"), ({"markdown": markdown}, "Library opens as warm space")]:
        job = server.wait(server.post(body)[2]["id"])
        assert job["status"] == "done", job
        assert server.json("GET", f"/v1/episodes/{job['episode']}")[2]["title"] == title


def test_bad_input_is_refused_with_the_message_edition_article_gives(serve):
    server = serve()
    cases = [
        ({"raw": b"{not json"}, 400, "not valid JSON"),
        ({"body": {"voice": "natural"}}, 400, "one of url, html, text or markdown"),
        ({"body": {"text": BRIDGE, "html": "<p>x</p>"}}, 400, "not several"),
        ({"body": {"text": 42}}, 400, "text should be a string"),
        ({"body": {"url": "ftp://news.example/a.html"}}, 422, "only http and https addresses can be fetched, not ftp"),
        ({"body": {"text": BRIDGE, "voice": "nobody"}}, 422, "unknown voice 'nobody'"),
        ({"body": {"text": BRIDGE, "formats": ["mp3", "aiff"]}}, 422, "unknown format 'aiff'"),
        ({"body": {"text": BRIDGE, "language": "not a tag"}}, 422, "is not a language tag"),
        ({"body": {"text": BRIDGE, "bitrate": 65}}, 422, "is not an MP3 bitrate"),
        ({"body": {"text": ""}}, 422, "text: file is empty"),
        ({"body": {"html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"}}, 422, "no article text found in html"),
    ]
    for case, status, message in cases:
        got, headers, answer = server.json("POST", "/v1/articles", case.get("body"), raw=case.get("raw"))
        assert got == status, (case, answer)
        assert headers["Content-Type"] == "application/json"
        assert message in answer["error"], (case, answer)
    assert server.json("GET", "/v1/jobs/job-0000")[0] == 404
    assert server.json("GET", "/v1/episodes/nothing-here")[0] == 404
    # Nothing refused was journaled.
    assert list((server.output / ".jobs").glob("*.json")) == []


def test_changes_need_a_bearer_token_and_reads_do_not(serve, tmp_path):
    tokens = tmp_path / "tokens"
    tokens.write_text("first-secret-token\nsecond-secret-token\n")
    server = serve("--token-file", tokens)
    assert server.post({"text": BRIDGE})[0] == 401
    assert server.post({"text": BRIDGE}, {"Authorization": "Bearer wrong"})[0] == 401
    assert server.post({"text": BRIDGE}, {"Authorization": "Bearer first-secret-token-and-more"})[0] == 401
    assert server.json("DELETE", "/v1/episodes/x")[0] == 401
    status, _, answer = server.post({"text": BRIDGE}, {"Authorization": "Bearer second-secret-token"})
    assert status == 202
    job = server.wait(answer["id"])
    assert server.json("GET", "/v1/episodes")[0] == 200
    assert server.json("GET", f"/v1/episodes/{job['episode']}")[0] == 200
    assert server.request("GET", "/feed.xml")[0] == 200
    assert "secret" not in server.text()


def test_a_body_over_20_mib_is_refused_and_a_full_queue_answers_429(serve):
    server = serve("--queue-limit", "1")
    # As a browser or curl does: the answer is read as soon as it comes, the body unsent.
    host, port = server.base.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(b"POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           + f"Content-Length: {20 * 1024 * 1024 + 1}\r\n\r\n".encode() + b"x" * 65536)
        answer = connection.recv(65536).decode()
    assert answer.startswith("HTTP/1.1 413"), answer
    assert "over the 20971520-byte limit" in answer
    # The first job holds the one place while it runs; the next is refused until it is done.
    first = server.post({"text": BRIDGE})
    assert first[0] == 202
    status, headers, answer = server.post({"text": story("Harbour reopens after storm")})
    assert status == 429, answer
    assert int(headers["Retry-After"]) > 0
    server.wait(first[2]["id"])
    assert server.post({"text": story("Harbour reopens after storm")})[0] == 202


def test_published_files_are_served_with_ranges_and_validators_and_nothing_else(serve, tmp_path):
    server = serve()
    job = server.wait(server.post({"text": BRIDGE})[2]["id"])
    episode = server.json("GET", f"/v1/episodes/{job['episode']}")[2]
    path = "/" + episode["files"][0]["path"]
    whole = server.request("GET", path)[2]

    status, headers, part = server.request("GET", path, headers={"Range": "bytes=100-1123"})
    assert status == 206
    assert headers["Content-Range"] == f"bytes 100-1123/{len(whole)}"
    assert part == whole[100:1124]

    status, headers, _ = server.request("GET", path)
    etag = headers["ETag"]
    assert server.request("GET", path, headers={"If-None-Match": etag})[0] == 304
    status, headers, body = server.request("HEAD", path)
    assert status == 200 and body == b"" and int(headers["Content-Length"]) == len(whole)

    for name, kind in [("/", "text/html"), ("/feed.xml", "application/rss+xml"), ("/playlist.m3u8", "application/vnd.apple.mpegurl"),
                       ("/" + episode["transcript"]["path"], "text/vtt")]:
        status, headers, _ = server.request("GET", name)
        assert status == 200 and headers["Content-Type"].startswith(kind), (name, headers["Content-Type"])

    (tmp_path / "secret.txt").write_text("outside")
    (server.output / "outside").symlink_to(tmp_path)
    hidden = ["/manifest.json/../.lock", "/.lock", "/.jobs/", f"/.jobs/{job['id']}.json", "/.cache/", "/%2e%2e/secret.txt",
              "/%2E%2E/%2E%2E/etc/passwd", "/outside/secret.txt", "/.cache/tmp/"]
    for name in hidden:
        status, _, body = server.request("GET", name)
        assert status == 404, (name, status)
        assert b"outside" not in body


def test_deleting_an_episode_removes_its_files_and_republishes(serve):
    server = serve()
    keep = server.wait(server.post({"text": story("Harbour reopens after storm")})[2]["id"])["episode"]
    gone = server.wait(server.post({"text": BRIDGE})[2]["id"])["episode"]
    assert gone.encode() in server.request("GET", "/feed.xml")[2]
    assert server.request("DELETE", f"/v1/episodes/{gone}")[0] == 204
    assert server.json("GET", f"/v1/episodes/{gone}")[0] == 404
    assert not (server.output / gone).exists()
    assert server.request("GET", f"/{gone}/index.html")[0] == 404
    for name in ["/feed.xml", "/index.html", "/playlist.m3u8"]:
        body = server.request("GET", name)[2]
        assert gone.encode() not in body and keep.encode() in body, name
    manifest = json.loads((server.output / "manifest.json").read_text())
    assert [e["id"] for e in manifest["episodes"]] == [keep]
    assert server.request("DELETE", f"/v1/episodes/{gone}")[0] == 404


def test_the_openapi_document_names_every_route(serve):
    server = serve()
    status, _, document = server.json("GET", "/v1/openapi.json")
    assert status == 200 and document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/v1/articles", "/v1/briefings", "/v1/jobs/{id}", "/v1/episodes", "/v1/episodes/{id}",
                                      "/v1/openapi.json", "/healthz"}
    assert set(document["paths"]["/v1/episodes/{id}"]) == {"get", "delete"}


def test_jobs_accepted_before_a_sigkill_are_each_done_once_after_a_restart(serve, tmp_path):
    server = serve()
    titles = [f"Council approves bridge number {n}" for n in range(1, 5)]
    jobs = [server.post({"text": story(title)})[2]["id"] for title in titles]
    time.sleep(0.5)
    assert server.stop(signal.SIGKILL) == -signal.SIGKILL
    again = serve()
    finished = [again.wait(job) for job in jobs]
    assert all(job["status"] == "done" for job in finished), finished
    manifest = json.loads((again.output / "manifest.json").read_text())
    assert sorted(e["title"] for e in manifest["episodes"]) == sorted(titles)
    # Each made once: one revision, one history entry.
    assert all(e["revision"] == 1 and len(e.get("history") or [1]) == 1 for e in manifest["episodes"]), manifest
    assert len({job["episode"] for job in finished}) == len(titles)


def test_sigterm_finishes_the_running_job_and_exits_0(serve):
    server = serve()
    job = server.post({"text": BRIDGE})[2]["id"]
    deadline = time.monotonic() + 60
    while server.json("GET", f"/v1/jobs/{job}")[2]["status"] == "queued" and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.stop(signal.SIGTERM) == 0, server.text()
    record = json.loads((server.output / ".jobs" / f"{job}.json").read_text())
    assert record["status"] == "done", record
    # No longer listening.
    try:
        urllib.request.urlopen(server.base + "/healthz", timeout=2)
        raise AssertionError("still serving after SIGTERM")
    except OSError:
        pass


class Receiver:
    """A CMS's webhook endpoint on loopback: it fails its first delivery with a 500, then
    records each one with whether its signature is right."""

    def __init__(self, secret):
        import hashlib
        import hmac
        import http.server
        import threading
        events, attempts = [], []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                attempts.append(body)
                if len(attempts) == 1:
                    self.send_response(500)
                    self.end_headers()
                    return
                expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
                events.append((json.loads(body), hmac.compare_digest(self.headers["X-Edition-Signature"] or "", expected)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.events, self.attempts = events, attempts
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/edition"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count, timeout=60):
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.events


def test_webhooks_are_signed_retried_and_sent_for_published_and_deleted_episodes(serve, tmp_path):
    secret = b"a webhook secret, spaces and all"
    (tmp_path / "secret").write_bytes(secret + b"\n")
    receiver = Receiver(secret)
    server = serve("--webhook", receiver.url, "--webhook-secret-file", tmp_path / "secret")
    job = server.wait(server.post({"text": BRIDGE})[2]["id"])
    [(published, signed)] = receiver.wait(1)
    assert signed
    assert published["event"] == "episode.published"
    assert published["episode"]["id"] == job["episode"] and published["episode"]["revision"] == 1
    assert len(receiver.attempts) == 2, "the first delivery failed and was tried again"
    # An article posted again unchanged publishes nothing.
    assert server.wait(server.post({"text": BRIDGE})[2]["id"])["episode"] == job["episode"]
    assert server.request("DELETE", f"/v1/episodes/{job['episode']}")[0] == 204
    events = receiver.wait(2)
    assert [(e["event"], ok) for e, ok in events] == [("episode.published", True), ("episode.deleted", True)]
    assert secret.decode() not in server.text()


def test_a_briefing_is_made_from_inline_stories_and_addresses_checked_first(serve):
    server = serve()
    harbour = "# Harbour reopens after storm\n\nThe harbour reopened on Tuesday after a storm closed it for three days, the port authority said.\n"
    status, _, answer = server.json("POST", "/v1/briefings", {"title": "Town news", "date": "2024-01-05", "sources": [{"text": BRIDGE}, {"markdown": harbour}]})
    assert status == 202, answer
    job = server.wait(answer["id"])
    assert job["status"] == "done", job
    episode = server.json("GET", f"/v1/episodes/{job['episode']}")[2]
    assert episode["kind"] == "briefing"
    manifest = json.loads((server.output / "manifest.json").read_text())
    stories = next(e for e in manifest["episodes"] if e["id"] == episode["id"])["stories"]
    assert [s["title"] for s in stories] == ["Council approves new river bridge", "Harbour reopens after storm"]
    for body, status, message in [
        ({"sources": []}, 400, "at least one source"),
        ({"sources": [{"text": BRIDGE}, "ftp://news.example/a"]}, 422, "sources[1]: ftp://news.example/a: only http and https"),
        ({"sources": [{"text": BRIDGE}], "date": "05/01/2024"}, 422, "is not a date in the form YYYY-MM-DD"),
        ({"sources": [{"text": BRIDGE}], "profile": "evening"}, 422, "no briefing profile 'evening'"),
        ({"sources": "not a list"}, 400, "not a briefing request"),
    ]:
        got, _, answer = server.json("POST", "/v1/briefings", body)
        assert got == status and message in answer["error"], (body, answer)
