"""What must hold of an output folder after any run, finished, refused or killed: the
manifest parses; every file it, the feed, the playlist and the pages name is there (with its
sha256, for the manifest's); no temporary is left outside `.cache/`."""
import hashlib
import json
import pathlib
import re
import xml.etree.ElementTree as ET

TEMPORARY = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}|\.tmp$|\.partial$", re.I)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def problems(out):
    """Every way `out` falls short, as sentences; empty when it is consistent."""
    out = pathlib.Path(out)
    found = []
    manifest_path = out / "manifest.json"
    if not manifest_path.exists():
        episodes = []
    else:
        try:
            episodes = json.loads(manifest_path.read_bytes())["episodes"]
        except (ValueError, KeyError) as error:
            return [f"manifest.json does not parse: {error}"]
    named = set()
    for episode in episodes:
        for file in episode["files"]:
            path = out / file["path"]
            named.add(file["path"])
            if not path.is_file():
                found.append(f"{file['path']} is in the manifest but missing")
            elif path.stat().st_size != file["bytes"] or sha256(path) != file["sha256"]:
                found.append(f"{file['path']} does not match the manifest's size and sha256")
        for key in ("transcript", "wordTranscript"):
            if episode.get(key):
                named.add(episode[key])
                if not (out / episode[key]).is_file():
                    found.append(f"{episode[key]} ({key}) is missing")
    feed = out / "feed.xml"
    if feed.exists():
        try:
            root = ET.parse(feed).getroot()
        except ET.ParseError as error:
            found.append(f"feed.xml does not parse: {error}")
        else:
            for element in root.iter():
                url = element.get("url")
                if url and element.tag in ("enclosure", "{https://podcastindex.org/namespace/1.0}transcript",
                                            "{https://podcastindex.org/namespace/1.0}chapters"):
                    if not any(url.endswith("/" + path) for path in named) and not _exists_by_suffix(out, url):
                        found.append(f"feed.xml names {url}, which is not there")
    playlist = out / "playlist.m3u8"
    if playlist.exists():
        for line in playlist.read_text().splitlines():
            if line and not line.startswith("#") and "://" not in line and not (out / line).is_file():
                found.append(f"playlist.m3u8 names {line}, which is not there")
    for page in [out / "index.html", *out.glob("*/index.html"), *out.glob("*/embed.html")]:
        if page.exists():
            for link in re.findall(r'(?:src|href)="([^"#?:]+)"', page.read_text(errors="replace")):
                if not (page.parent / link).exists():
                    found.append(f"{page.relative_to(out)} links {link}, which is not there")
    for path in out.rglob("*"):
        relative = path.relative_to(out)
        if path.is_file() and relative.parts[0] != ".cache" and TEMPORARY.search(path.name):
            found.append(f"temporary {relative} left outside .cache/")
    return found


def _exists_by_suffix(out, url):
    """An address under the folder's base URL whose last two parts name a file in it."""
    parts = url.split("/")
    return len(parts) >= 2 and (out / parts[-2] / parts[-1]).is_file()


def snapshot(out):
    """Every file below `out` but the lock, with its bytes."""
    out = pathlib.Path(out)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".lock"}
