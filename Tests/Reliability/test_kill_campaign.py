"""A short kill campaign (KILLS, default 10); `make bench` runs 100 (`kill_campaign.py`)."""
import os

from conftest import EDITION
from kill_campaign import Campaign


def test_kills_at_random_moments_leave_a_consistent_folder(tmp_path):
    kills = int(os.environ.get("KILLS", "10"))
    counts, failures = Campaign(EDITION, tmp_path, seed=int(os.environ.get("KILL_SEED", "7"))).campaign(kills, say=lambda line: None)
    assert failures == []
    # The moments are spread over whole runs: most land before the run is over.
    assert counts["kills"] >= kills // 2, counts
