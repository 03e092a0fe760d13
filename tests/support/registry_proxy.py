#!/usr/bin/env python3
"""A loopback HTTP proxy in front of a test's docker-registry, for the registry tests.

It passes every request to the upstream registry and can change the responses:
  --token-user/--token-password  require bearer tokens, issued by its own /token endpoint
                                 (the token server) for basic credentials, one scope per
                                 repository and action, checked on every request;
  --redirect-blobs               answer GET of a blob with 307 to the upstream registry;
  --truncate-blob DIGEST         send only --truncate-after bytes of that blob's first GET,
                                 announcing the full length, then close the connection;
  --manifest TAG FILE            serve FILE as the manifest of TAG in every repository;
  --fail-patch N                 answer the Nth PATCH (counting from 1) with 500 after reading
                                 its body, without passing it on;
  --cut-patch N                  pass on only half of the Nth PATCH's body, then close both
                                 connections without a response.
  --stall-uploads SECONDS        hold each blob upload PATCH and PUT for SECONDS before
                                 passing it on, so that a push is still running when a
                                 test interrupts it.
  --deny-manifests               answer every manifest request with 403 and the error code
                                 DENIED, as a registry does for a repository the client may
                                 not read.
Each request is appended to --log as "METHOD PATH RANGE AUTH", RANGE and AUTH being the
Range header and the Authorization scheme, or "-". The port it listens on (127.0.0.1 only)
goes to --port-file once it accepts connections.
"""

import argparse
import base64
import http.client
import http.server
import json
import os
import re
import secrets
import socket
import threading
import time
import urllib.parse

SERVICE = "berth-test-registry"


def parse_arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True, help="host:port of the registry")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--token-user")
    parser.add_argument("--token-password")
    parser.add_argument("--redirect-blobs", action="store_true")
    parser.add_argument("--truncate-blob")
    parser.add_argument("--truncate-after", type=int, default=1024)
    parser.add_argument("--manifest", nargs=2, action="append", default=[],
                        metavar=("TAG", "FILE"))
    parser.add_argument("--fail-patch", type=int, default=0)
    parser.add_argument("--cut-patch", type=int, default=0)
    parser.add_argument("--stall-uploads", type=float, default=0)
    parser.add_argument("--deny-manifests", action="store_true")
    return parser.parse_args()


ARGS = parse_arguments()
LOCK = threading.Lock()
TOKENS = {}  # token -> set of (repository, action)
TRUNCATED = set()  # digests whose one truncated response was sent
PATCHES = [0]  # PATCH requests so far


def record(line):
    with LOCK:
        with open(ARGS.log, "a", encoding="utf-8") as log:
            log.write(line + "\n")


def required_access(method, path, query):
    """The (repository, action) pairs a request needs, or [] for /v2/ itself."""
    match = re.match(r"^/v2/(.+)/(manifests|blobs|tags)/", path)
    if not match:
        return []
    repository = match.group(1)
    if method in ("GET", "HEAD"):
        return [(repository, "pull")]
    access = [(repository, "pull"), (repository, "push")]
    source = query.get("from", [None])[0]
    if query.get("mount") and source:
        access.append((source, "pull"))
    return access


def scope_text(access):
    by_repository = {}
    for repository, action in access:
        by_repository.setdefault(repository, []).append(action)
    return " ".join(f"repository:{name}:{','.join(actions)}"
                    for name, actions in by_repository.items())


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        pass

    def send_json(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def issue_token(self, query):
        expected = f"{ARGS.token_user}:{ARGS.token_password}".encode()
        authorization = self.headers.get("Authorization", "")
        if (not authorization.startswith("Basic ")
                or base64.b64decode(authorization[6:]) != expected):
            self.send_json(401, {"errors": [{"code": "UNAUTHORIZED",
                                             "message": "invalid username or password"}]})
            return
        granted = set()
        for scope in query.get("scope", []):
            for item in scope.split(" "):
                parts = item.split(":")
                if len(parts) == 3 and parts[0] == "repository":
                    granted.update((parts[1], action) for action in parts[2].split(","))
        token = secrets.token_hex(16)
        with LOCK:
            TOKENS[token] = granted
        self.send_json(200, {"token": token, "access_token": token, "expires_in": 300})

    def authorized(self, access):
        authorization = self.headers.get("Authorization", "")
        if not authorization.startswith("Bearer "):
            return False
        with LOCK:
            granted = TOKENS.get(authorization[7:])
        return granted is not None and all(item in granted for item in access)

    def challenge(self, access):
        realm = f"http://127.0.0.1:{self.server.server_port}/token"
        value = f'Bearer realm="{realm}",service="{SERVICE}"'
        if access:
            value += f',scope="{scope_text(access)}"'
        self.send_json(401, {"errors": [{"code": "UNAUTHORIZED",
                                         "message": "authentication required"}]},
                       [("WWW-Authenticate", value)])

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        auth = self.headers.get("Authorization", "-").split(" ")[0]
        record(f"{self.command} {self.path} {self.headers.get('Range', '-')} {auth}")
        if url.path == "/token" and ARGS.token_user:
            self.issue_token(query)
            return
        if ARGS.token_user:
            access = required_access(self.command, url.path, query)
            if not self.authorized(access):
                self.challenge(access)
                return
        if ARGS.deny_manifests and "/manifests/" in url.path:
            self.send_json(403, {"errors": [{"code": "DENIED",
                                             "message": "requested access to the resource "
                                                        "is denied"}]})
            return
        for tag, path in ARGS.manifest:
            if self.command in ("GET", "HEAD") and url.path.endswith("/manifests/" + tag):
                with open(path, "rb") as manifest:
                    data = manifest.read()
                self.send_response(200)
                self.send_header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command == "GET":
                    self.wfile.write(data)
                return
        if self.command == "PATCH":
            with LOCK:
                PATCHES[0] += 1
                number = PATCHES[0]
            if number == ARGS.fail_patch:
                self.fail_patch()
                return
            if number == ARGS.cut_patch:
                self.cut_patch()
                return
        if (ARGS.stall_uploads and self.command in ("PATCH", "PUT")
                and "/blobs/uploads/" in url.path):
            time.sleep(ARGS.stall_uploads)
        is_blob = re.match(r"^/v2/.+/blobs/sha256:[0-9a-f]{64}$", url.path) is not None
        if ARGS.redirect_blobs and is_blob and self.command == "GET":
            self.send_response(307)
            self.send_header("Location", f"http://{ARGS.upstream}{self.path}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.forward(url, is_blob)

    def fail_patch(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        self.rfile.read(length)
        self.send_json(500, {"errors": [{"code": "UNKNOWN",
                                         "message": "chunk rejected by registry_proxy.py"}]})

    def cut_patch(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length)
        upstream = http.client.HTTPConnection(ARGS.upstream, timeout=60)
        upstream.putrequest("PATCH", self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            if name.lower() not in ("authorization", "connection"):
                upstream.putheader(name, value)
        upstream.endheaders()
        upstream.send(body[:length // 2])
        # Ends the body early and waits until the registry has handled the short request,
        # so that the client's next request finds what the registry kept of it.
        upstream.sock.shutdown(socket.SHUT_WR)
        try:
            upstream.getresponse().read()
        except (http.client.HTTPException, OSError):
            pass
        upstream.close()
        self.close_connection = True

    def forward(self, url, is_blob):
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length) if length > 0 else None
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() not in ("authorization", "connection", "content-length")}
        upstream = http.client.HTTPConnection(ARGS.upstream, timeout=60)
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()

        digest = url.path.rsplit("/", 1)[-1]
        truncate = False
        if is_blob and self.command == "GET" and digest == ARGS.truncate_blob:
            with LOCK:
                truncate = digest not in TRUNCATED
                TRUNCATED.add(digest)

        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("connection", "transfer-encoding"):
                self.send_header(name, value)
        self.end_headers()

        sent = 0
        while self.command != "HEAD":
            chunk = answer.read(65536)
            if not chunk:
                break
            if truncate and sent + len(chunk) > ARGS.truncate_after:
                self.wfile.write(chunk[:ARGS.truncate_after - sent])
                self.wfile.flush()
                self.close_connection = True
                break
            self.wfile.write(chunk)
            sent += len(chunk)
        upstream.close()

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(ARGS.port_file + ".tmp", "w", encoding="utf-8") as port_file:
        port_file.write(str(server.server_port))
    # Renamed, so the test never reads a half-written file.
    os.rename(ARGS.port_file + ".tmp", ARGS.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
