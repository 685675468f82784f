"""The podcast feed, read by a parser we did not write (feedparser) and checked against the
tags Apple requires of a channel and its items, and against the files it names."""
import json
import shutil
import xml.etree.ElementTree as ElementTree

import feedparser

from conftest import FIXTURES, edition

PODCAST = "{https://podcastindex.org/namespace/1.0}"


def items_by_guid(output):
    return {item.id: item for item in feedparser.parse(str(output / "feed.xml")).entries}


def test_channel_has_apples_required_tags(output):
    feed = feedparser.parse(str(output / "feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    channel = feed.feed
    for key in ("title", "link", "language", "subtitle", "author"):
        assert channel.get(key), key
    assert channel.image.href.startswith("https://")
    assert channel.tags and channel.tags[0].term
    # Apple now writes "true" or "false", which this feedparser does not map; read it as written.
    explicit = ElementTree.parse(output / "feed.xml").find("channel/{http://www.itunes.com/dtds/podcast-1.0.dtd}explicit")
    assert explicit is not None and explicit.text in ("true", "false")


def test_every_episode_is_an_item_with_its_real_enclosure(output):
    manifest = json.loads((output / "manifest.json").read_text())
    items = items_by_guid(output)
    assert set(items) == {e["id"] for e in manifest["episodes"]}, "articles and briefings in one feed"
    kinds = set()
    for episode in manifest["episodes"]:
        item = items[episode["id"]]
        kinds.add(episode["kind"])
        mp3 = next(f for f in episode["files"] if f["format"] == "mp3")
        enclosure = item.enclosures[0]
        assert enclosure.type == "audio/mpeg"
        assert enclosure.href.endswith(mp3["path"])
        assert int(enclosure.length) == (output / mp3["path"]).stat().st_size == mp3["bytes"]
        assert item.title == episode["title"]
        assert item.published_parsed is not None
        assert int(item.itunes_duration) == round(mp3["duration"])
    assert kinds == {"article", "briefing"}


def test_items_link_transcripts_and_chapters_that_exist(output):
    kinds = {e["id"]: e["kind"] for e in json.loads((output / "manifest.json").read_text())["episodes"]}
    tree = ElementTree.parse(output / "feed.xml")
    for item in tree.iter("item"):
        transcripts = {t.get("type"): t.get("url") for t in item.iter(PODCAST + "transcript")}
        assert set(transcripts) == {"text/vtt", "application/json"}
        base = tree.find("channel/link").text
        for url in transcripts.values():
            assert (output / url[len(base):]).is_file(), url
        chapters = [c.get("url") for c in item.iter(PODCAST + "chapters")]
        guid = item.find("guid").text
        if kinds[guid] == "briefing":
            assert len(chapters) == 1 and (output / chapters[0][len(base):]).is_file()
        else:
            assert chapters == []


def test_an_edit_keeps_the_guid_and_first_publication_date(output, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(output, copy)
    article = next(output.parent.glob("ferry.txt"))
    before = items_by_guid(copy)
    edited = tmp_path / "ferry.txt"
    edited.write_text(article.read_text().replace("Fares are unchanged.", "Fares rise by ten pence in March."))
    # The same article, saved again where it was, and remade.
    shutil.copy(edited, article)
    try:
        edition("article", article, "--quiet", "--output", copy)
    finally:
        shutil.copy(FIXTURES / "example-article.txt", article)
    after = items_by_guid(copy)
    assert set(after) == set(before)
    changed = [guid for guid in after if after[guid].enclosures[0].href != before[guid].enclosures[0].href]
    assert len(changed) == 1 and changed[0] in after
    assert "-r2.mp3" in after[changed[0]].enclosures[0].href
    assert after[changed[0]].published == before[changed[0]].published


def test_ready_for_podcast_directories_guid_owner_and_a_published_cover(output):
    import subprocess
    import uuid
    root = ElementTree.parse(output / "feed.xml").getroot().find("channel")
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    # Podcasting 2.0: the UUIDv5 of the feed's address without its scheme, in their namespace.
    expected = uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "example.com/podcast/feed.xml")
    assert root.find(PODCAST + "guid").text == str(expected)
    owner = root.find(itunes + "owner")
    assert owner.find(itunes + "name").text == "AudioEdition"
    assert owner.find(itunes + "email").text == "podcast@example.com"
    # The artwork the feed names is in the folder, a square JPEG of the size Apple asks for.
    href = root.find(itunes + "image").get("href")
    assert href == "https://example.com/podcast/cover.jpg"
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0",
                            output / "cover.jpg"], capture_output=True, text=True, check=True)
    codec, width, height = probe.stdout.strip().split(",")
    assert codec == "mjpeg" and width == height and 1400 <= int(width) <= 3000
