"""The job queue against a real PostgreSQL server: workers that share articles, die, are
stopped, and outlive a restart of the server; the output they publish together must hold
every episode exactly once, with its files."""
import json
import re
import signal
import subprocess
import time

from conftest import Worker, add, edition, jobs, pgserver, stories, until
import outputcheck


def published(out):
    """The manifest's episodes, after checking the folder is consistent and measuring each
    file's audio with ffprobe against the duration the manifest gives."""
    assert outputcheck.problems(out) == []
    episodes = json.loads((out / "manifest.json").read_text())["episodes"]
    for episode in episodes:
        for file in episode["files"]:
            probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", out / file["path"]],
                                   capture_output=True, text=True, check=True)
            seconds = float(probe.stdout)
            assert seconds > 5 and abs(seconds - file["duration"]) < 0.1, (file["path"], seconds, file["duration"])
    return episodes


def status(url):
    result = edition("queue", "status", "--queue", url, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def counts(url):
    return {k: v for k, v in status(url).items() if k != "failures"}


def test_three_workers_share_twelve_articles_and_the_jobs_of_one_killed_are_taken_over(server, queue, tmp_path):
    paths = stories(tmp_path / "in", 12)
    out = tmp_path / "out"
    ids = add(queue, paths, out)
    workers = [Worker(queue, tmp_path / f"worker{n}.log", "--until-empty", "--lease", "4", "--workers", "1") for n in range(3)]

    def holder():
        running = {worker for state, _, worker, _ in jobs(server, queue).values() if state == "running"}
        return next((w for w in workers if w.name in running), None)

    victim = until(holder, 120, step=0.05)
    victim.kill()
    orphans = [id for id, (state, _, worker, _) in jobs(server, queue).items() if state == "running" and worker == victim.name]
    assert orphans, "the worker was killed between jobs"
    survivors = [w for w in workers if w is not victim]
    for worker in survivors:
        assert worker.wait() == 0, worker.text()

    final = jobs(server, queue)
    assert {state for state, *_ in final.values()} == {"done"}
    for id in orphans:
        _, attempts, worker, _ = final[id]
        assert attempts == 2 and worker != victim.name
    logs = "".join(w.text() for w in workers)
    for id in ids:
        assert len(re.findall(rf"^edition: job {id}: done,", logs, re.M)) == 1, id
    for id in orphans:
        assert re.search(rf"job {id} \(article .*\): started, attempt 2 of 3", logs)
    episodes = published(out)
    assert len(episodes) == 12 and len({e["id"] for e in episodes}) == 12
    assert sorted(e["source"]["path"] for e in episodes) == sorted(map(str, paths))
    assert counts(queue) == {"queued": 0, "running": 0, "done": 12, "failed": 0}


def test_a_bad_article_ends_failed_with_the_readers_message_and_the_others_complete(server, queue, tmp_path):
    paths = stories(tmp_path / "in", 3)
    bad = tmp_path / "in" / "scripts.html"
    bad.write_text("<html><head><title>t</title></head><body><script>run()</script></body></html>")
    out = tmp_path / "out"
    ids = add(queue, [*paths, bad], out, "--retries", "1")
    # A fresh run every two jobs, as a long-running worker starts one every 200.
    worker = Worker(queue, tmp_path / "worker.log", "--until-empty", "--workers", "2", "--jobs-per-run", "2")
    assert worker.wait() == 0, worker.text()

    reader = edition("read", bad)
    assert reader.returncode != 0
    now = status(queue)
    assert {k: now[k] for k in ("queued", "running", "done", "failed")} == {"queued": 0, "running": 0, "done": 3, "failed": 1}
    [failure] = now["failures"]
    assert failure["id"] == ids[-1] and failure["attempts"] == 2 and failure["sources"] == [str(bad)]
    assert failure["message"] == f"no article text found in {bad}" and failure["message"] in reader.stderr
    assert "to be tried again (attempt 2 of 2)" in worker.text()
    text = edition("queue", "status", "--queue", queue).stdout
    assert text.startswith("queued 0, running 0, done 3, failed 1\n")
    assert f"job {ids[-1]} (article {bad}) failed after 2 attempts: no article text found in {bad}" in text
    assert len(published(out)) == 3


def test_the_workers_reconnect_when_postgresql_restarts_mid_run(server, queue, tmp_path):
    paths = stories(tmp_path / "in", 8, seed=3)
    out = tmp_path / "out"
    add(queue, paths, out)
    workers = [Worker(queue, tmp_path / f"worker{n}.log", "--until-empty", "--lease", "10", "--workers", "1") for n in range(2)]
    until(lambda: any(state == "done" for state, *_ in jobs(server, queue).values()), 180)
    before = sum(state == "done" for state, *_ in jobs(server, queue).values())
    server.restart()
    for worker in workers:
        assert worker.wait() == 0, worker.text()
    assert before < 8, "the run ended before the restart"
    logs = "".join(w.text() for w in workers)
    assert "lost the queue's database" in logs and "connected to the queue again" in logs
    assert counts(queue) == {"queued": 0, "running": 0, "done": 8, "failed": 0}
    episodes = published(out)
    assert len(episodes) == 8 and len({e["id"] for e in episodes}) == 8


def test_sigterm_finishes_the_jobs_held_and_a_second_gives_them_back(server, queue, tmp_path):
    paths = stories(tmp_path / "in", 6, seed=4)
    out = tmp_path / "out"
    add(queue, paths, out)

    def running(worker):
        return [id for id, (state, _, name, _) in jobs(server, queue).items() if state == "running" and name == worker.name]

    first = Worker(queue, tmp_path / "first.log", "--workers", "1")
    held = until(lambda: running(first), 120, step=0.05)
    first.process.send_signal(signal.SIGTERM)
    assert first.wait(120) == 0, first.text()
    after = jobs(server, queue)
    assert all(after[id][0] == "done" for id in held)
    assert {state for state, *_ in after.values()} <= {"done", "queued"}
    assert all(attempts == 0 for state, attempts, *_ in after.values() if state == "queued")
    assert "stopping: finishing the jobs held" in first.text()

    second = Worker(queue, tmp_path / "second.log", "--workers", "1")
    taken = until(lambda: running(second), 120, step=0.05)
    second.process.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    second.process.send_signal(signal.SIGTERM)
    assert second.wait(60) == 0, second.text()
    after = jobs(server, queue)
    assert {state for state, *_ in after.values()} <= {"done", "queued"}
    given = [id for id in taken if after[id][0] == "queued"]
    assert all(after[id][1] == 0 for id in given)
    for id in given:
        assert f"job {id}: given back to the queue" in second.text()

    last = Worker(queue, tmp_path / "last.log", "--until-empty", "--workers", "2")
    assert last.wait() == 0, last.text()
    assert counts(queue) == {"queued": 0, "running": 0, "done": 6, "failed": 0}
    assert len(published(out)) == 6


def test_publishing_waits_for_the_folders_advisory_lock_and_the_lease_is_renewed_meanwhile(server, queue, tmp_path):
    [path] = stories(tmp_path / "in", 1, seed=5)
    out = tmp_path / "out"
    [id] = add(queue, [path], out)
    # Another machine, publishing into the same folder: it holds the folder's lock.
    holder = subprocess.Popen([pgserver._bin("psql"), queue, "-XAtq"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    holder.stdin.write(f"SELECT pg_advisory_lock(hashtextextended('edition-output:{out}', 0));\nSELECT 'held';\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == ""
    assert holder.stdout.readline().strip() == "held"

    worker = Worker(queue, tmp_path / "worker.log", "--until-empty", "--lease", "2", "--workers", "1")
    # Spoken and assembled, it waits to publish: past several leases, still its job.
    until(lambda: list(out.glob("*/*.wav")), 120)
    time.sleep(5)
    assert not (out / "manifest.json").exists()
    assert jobs(server, queue)[id][:3] == ("running", 1, worker.name)
    holder.stdin.write("SELECT pg_advisory_unlock_all();\n")
    holder.stdin.close()
    holder.wait(30)
    assert worker.wait(120) == 0, worker.text()
    assert jobs(server, queue)[id][:2] == ("done", 1)
    assert len(published(out)) == 1


def test_article_and_briefing_jobs_with_different_settings_in_one_queue(server, queue, tmp_path):
    paths = stories(tmp_path / "in", 5, seed=6)
    out = tmp_path / "out"
    first = add(queue, paths[:2], out)
    result = edition("queue", "add", "briefing", tmp_path / "in", "--queue", queue, "--output", out, "--format", "wav",
                     "--max-stories", "3", "--date", "2026-12-03", "--title", "Queue Briefing")
    assert result.returncode == 0, result.stderr
    [briefing] = map(int, result.stdout.split())
    last = add(queue, paths[2:], out, "--voice", "quotes")
    worker = Worker(queue, tmp_path / "worker.log", "--until-empty", "--workers", "2")
    assert worker.wait() == 0, worker.text()
    assert counts(queue) == {"queued": 0, "running": 0, "done": 6, "failed": 0}
    episodes = {e["id"]: e for e in published(out)}
    assert len(episodes) == 6
    made = episodes["queue-briefing-2026-12-03"]
    assert made["kind"] == "briefing" and len(made["stories"]) == 3 and made["chapters"]
    voices = {e["source"]["path"]: e["voice"]["name"] for e in episodes.values() if e["kind"] == "article"}
    assert [voices[str(p)] for p in paths[2:]] == ["quotes"] * 3
    assert f"job {briefing}: done, queue-briefing-2026-12-03" in worker.text()
    assert all(f"job {id}: done" in worker.text() for id in first + last)


def test_a_job_whose_output_folder_is_broken_fails_and_the_worker_goes_on(server, queue, tmp_path):
    paths = stories(tmp_path / "in", 2, seed=7)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{")
    [bad] = add(queue, paths[:1], broken, "--retries", "0")
    [good] = add(queue, paths[1:], tmp_path / "out")
    worker = Worker(queue, tmp_path / "worker.log", "--until-empty", "--workers", "1")
    assert worker.wait(120) == 0, worker.text()
    now = status(queue)
    assert (now["done"], now["failed"]) == (1, 1)
    [failure] = now["failures"]
    assert failure["id"] == bad and "manifest.json: not a readable manifest" in failure["message"]
    assert (broken / "manifest.json").read_text() == "{"
    assert len(published(tmp_path / "out")) == 1
    assert f"job {good}: done" in worker.text()
