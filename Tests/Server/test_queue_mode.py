"""`edition serve --queue URL` on a throwaway PostgreSQL server, as `Tests/Queue` starts one:
the server only accepts, answers and serves; an `edition queue work` process does the jobs."""
import json
import os
import subprocess
import sys

import pytest

from conftest import EDITION, ROOT, VOICES, story

sys.path.insert(0, str(ROOT / "Tests" / "Queue"))
import pgserver  # noqa: E402


@pytest.fixture(scope="module")
def postgres():
    server = pgserver.Server(port=56400 + os.getpid() % 500)
    yield server
    server.close()


def test_the_server_queues_jobs_that_queue_workers_do(serve, postgres, tmp_path):
    url = postgres.database("serve_queue")
    server = serve("--queue", url)
    canonical = "https://news.example/bridge"
    first = server.post({"text": story("Council approves new river bridge"), "url": canonical})
    harbour = "# Harbour reopens after storm\n\nThe harbour reopened on Tuesday after a storm closed it for three days, the port authority said.\n"
    second = server.post({"markdown": harbour})
    briefing = server.json("POST", "/v1/briefings", {"title": "Town news", "date": "2024-01-05",
                                                     "sources": [{"text": story("Library opens as warm space")}, {"markdown": harbour}]})
    assert first[0] == 202 and second[0] == 202 and briefing[0] == 202
    ids = [first[2]["id"], second[2]["id"], briefing[2]["id"]]
    # Nobody works the queue yet: the jobs wait there, not in a journal of the server's.
    for job in ids:
        assert server.json("GET", f"/v1/jobs/{job}")[2] == {"id": job, "status": "queued", "episode": None, "error": None}
    assert list((server.output / ".jobs").glob("*.json")) == []
    assert server.json("GET", "/v1/jobs/999999")[0] == 404

    work = subprocess.run([EDITION, "queue", "work", "--queue", url, "--voices", VOICES, "--until-empty", "--workers", "1"],
                          capture_output=True, text=True, timeout=300)
    assert work.returncode == 0, work.stdout + work.stderr
    done = [server.json("GET", f"/v1/jobs/{job}")[2] for job in ids]
    assert [job["status"] for job in done] == ["done", "done", "done"], done
    assert server.json("GET", f"/v1/episodes/{done[2]['episode']}")[2]["kind"] == "briefing"
    bridge = server.json("GET", f"/v1/episodes/{done[0]['episode']}")[2]
    assert bridge["title"] == "Council approves new river bridge"
    assert bridge["source"] == canonical
    assert bridge["voice"] == "newsreader", "the server's voice, carried in the job"
    assert [f["format"] for f in bridge["files"]] == ["mp3"]
    assert server.request("GET", "/" + bridge["files"][0]["path"])[0] == 200

    # A deletion takes the lock the workers' publications take.
    assert server.request("DELETE", f"/v1/episodes/{bridge['id']}")[0] == 204
    manifest = json.loads((server.output / "manifest.json").read_text())
    assert sorted(e["id"] for e in manifest["episodes"]) == sorted([done[1]["episode"], done[2]["episode"]])


def test_a_full_queue_answers_429(serve, postgres):
    server = serve("--queue", postgres.database("serve_queue_full"), "--queue-limit", "2")
    statuses = [server.post({"text": story(f"Council approves bridge number {n}")})[0] for n in range(3)]
    assert statuses == [202, 202, 429]
