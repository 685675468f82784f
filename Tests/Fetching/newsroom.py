#!/usr/bin/env python3
"""A news site on 127.0.0.1 for the fetching tests: serves the files of FOLDER and the
awkward answers real sites give. Prints "PORT n" once it listens.

  /pages/NAME      the file, with an ETag and Last-Modified; answers If-None-Match and
                   If-Modified-Since with 304. The file's extension picks its content type,
                   and NAME.type beside it overrides that; NAME.lang beside it is sent as
                   Content-Language.
  /plain/NAME      the file with neither validator.
  /gzip/NAME       the file gzip-encoded, when the client accepts gzip.
  /redirect/N/NAME N redirects, then /pages/NAME.
  /loop            redirects for ever.
  /slow            waits 30 s before answering.
  /endless         an endless text body.
  /status/CODE     that status, with a short page.
  /private/NAME    401 without "Authorization: Bearer letmein", the file with it.

Control: POST /_fail/PATH makes /pages/PATH answer 500 until POST /_heal; GET /_log is the
list of [method, path, status] answered so far; POST /_clear empties it.
Usage: newsroom.py FOLDER
"""
import gzip
import hashlib
import json
import pathlib
import sys
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FOLDER = pathlib.Path(sys.argv[1])
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/rss+xml", ".atom": "application/atom+xml",
         ".json": "application/json", ".md": "text/markdown", ".txt": "text/plain; charset=utf-8", ".png": "image/png"}
LOG, FAILING, LOCK = [], set(), threading.RLock()


class Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=(), log=True):
        if log:
            with LOCK:
                LOG.append([self.command, self.path, status])
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def file(self, name, validators=True, encoding=None):
        path = FOLDER / name
        if not path.is_file() or ".." in name:
            return self.answer(404, b"<h1>Not found</h1>", [("Content-Type", "text/html")])
        with LOCK:
            if name in FAILING:
                return self.answer(500, b"<h1>Internal error</h1>", [("Content-Type", "text/html")])
        body = path.read_bytes()
        kind = (FOLDER / (name + ".type")).read_text().strip() if (FOLDER / (name + ".type")).exists() else TYPES.get(path.suffix, "text/plain")
        headers = [("Content-Type", kind)]
        if (FOLDER / (name + ".lang")).exists():
            headers.append(("Content-Language", (FOLDER / (name + ".lang")).read_text().strip()))
        if validators:
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            modified = int(path.stat().st_mtime)
            headers += [("ETag", etag), ("Last-Modified", formatdate(modified, usegmt=True))]
            match = self.headers.get("If-None-Match")
            since = self.headers.get("If-Modified-Since")
            if match == etag or (match is None and since and parsedate_to_datetime(since).timestamp() >= modified):
                return self.answer(304, b"", headers[1:])
        if encoding == "gzip" and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        self.answer(200, body, headers)

    def do_GET(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        route, rest = parts[0], "/".join(parts[1:])
        if route == "pages":
            self.file(rest)
        elif route == "plain":
            self.file(rest, validators=False)
        elif route == "gzip":
            self.file(rest, encoding="gzip")
        elif route == "redirect":
            hops, name = int(parts[1]), "/".join(parts[2:])
            target = f"/redirect/{hops - 1}/{name}" if hops > 1 else f"/pages/{name}"
            self.answer(302, b"", [("Location", target)])
        elif route == "loop":
            self.answer(302, b"", [("Location", "/loop")])
        elif route == "slow":
            # Logged as it arrives: the answer comes 30 s later, while another test runs.
            with LOCK:
                LOG.append([self.command, self.path, 200])
            time.sleep(30)
            self.answer(200, b"<p>late</p>", [("Content-Type", "text/html")], log=False)
        elif route == "endless":
            with LOCK:
                LOG.append([self.command, self.path, 200])
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            line = b"All work and no play makes a very long article indeed. " * 1000
            try:
                while True:
                    self.wfile.write(line)
            except OSError:
                pass
            self.close_connection = True
        elif route == "status":
            self.answer(int(parts[1]), b"<h1>Status</h1>", [("Content-Type", "text/html")])
        elif route == "private":
            if self.headers.get("Authorization") != "Bearer letmein":
                return self.answer(401, b"<h1>Sign in</h1>", [("Content-Type", "text/html")])
            self.file(rest)
        elif route == "_log":
            with LOCK:
                body = json.dumps(LOG).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.answer(404, b"<h1>Not found</h1>", [("Content-Type", "text/html")])

    def do_POST(self):
        parts = self.path.strip("/").split("/")
        with LOCK:
            if parts[0] == "_fail":
                FAILING.add("/".join(parts[1:]))
            elif parts[0] == "_heal":
                FAILING.clear()
            elif parts[0] == "_clear":
                LOG.clear()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
server.daemon_threads = True
print(f"PORT {server.server_address[1]}", flush=True)
server.serve_forever()
