"""The OpenAPI document exercised by schemathesis against the running server, bounded in
examples: no 5xx, every answer's status, headers and body as the document says, 405 for a
method a path does not take, and schema-violating requests refused. A schema-valid request
may still be refused with 422 (an article with no words), so that one check is left out."""
import os
import subprocess
import sys

from conftest import story


def test_schemathesis_finds_no_5xx_and_every_answer_matches_the_document(serve, tmp_path):
    tokens = tmp_path / "tokens"
    tokens.write_text("schemathesis-token\n")
    server = serve("--token-file", tokens)
    # One episode, so the reads have something to find.
    server.wait(server.post({"text": story("Council approves new river bridge")}, {"Authorization": "Bearer schemathesis-token"})[2]["id"])
    examples = os.environ.get("SCHEMATHESIS_EXAMPLES", "25")
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", server.base + "/v1/openapi.json",
         "--header", "Authorization: Bearer schemathesis-token", "--max-examples", examples,
         "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--generation-deterministic",
         "--request-timeout", "30", "--no-color"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "passed" in run.stdout
    assert server.process.poll() is None, "the server stopped: " + server.text()[-3000:]
