#!/usr/bin/python3
"""HTTP forward proxy for the Debian acceptance tests.

Containers and build steps in those tests may reach only the bridge the test made. This
proxy listens there and forwards GET requests to the Debian mirror hosts that this
machine's apt configuration names. It rejects every other host, port and method.

    mirror-proxy.py --listen ADDRESS [--port PORT] [--netns PATH]

It binds its socket first and then, with --netns, moves into the network namespace at
PATH (for example the test's /proc/PID/fd/N of the host's namespace), so the listening
socket stays in the test's private namespace while connections to the mirror leave from
the host's. Once listening it prints "listening on ADDRESS:PORT" on stdout.
"""

import argparse
import ctypes
import glob
import http.client
import http.server
import os
import sys
import urllib.parse

CLONE_NEWNET = 0x40000000
# Request headers that describe one hop and are not forwarded to the mirror.
HOP_HEADERS = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te",
               "trailer", "transfer-encoding", "upgrade"}


def mirror_hosts():
    """Returns the host names of the http:// URIs in /etc/apt/sources.list(.d)."""
    uris = []
    for path in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*")):
        if not (path.endswith(".list") or path.endswith(".sources")):
            continue
        try:
            with open(path, encoding="utf-8") as sources:
                lines = sources.read().splitlines()
        except OSError:
            continue
        for line in lines:
            words = line.split("#", 1)[0].split()
            if path.endswith(".sources") and words[:1] == ["URIs:"]:
                uris += words[1:]
            elif path.endswith(".list") and words[:1] == ["deb"]:
                uris += [word for word in words[1:] if "://" in word][:1]
    return {urllib.parse.urlsplit(uri).hostname for uri in uris if uri.startswith("http://")}


def enter_network_namespace(path):
    libc = ctypes.CDLL(None, use_errno=True)
    descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        if libc.setns(descriptor, CLONE_NEWNET) != 0:
            error = ctypes.get_errno()
            raise OSError(error, f"setns {path}: {os.strerror(error)}")
    finally:
        os.close(descriptor)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    allowed_hosts = set()

    def reject(self, status, reason):
        body = (reason + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http" or url.hostname not in self.allowed_hosts or \
                url.port not in (None, 80):
            self.reject(403, f"the proxy forwards only to {sorted(self.allowed_hosts)}")
            return
        target = url.path + ("?" + url.query if url.query else "")
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() not in HOP_HEADERS}
        upstream = http.client.HTTPConnection(url.hostname, 80, timeout=60)
        try:
            upstream.request("GET", target, headers=headers)
            response = upstream.getresponse()
            self.relay(response)
        except OSError as error:
            self.log_message("forward %s failed: %s", self.path, error)
            self.close_connection = True
        finally:
            upstream.close()

    def relay(self, response):
        length = response.getheader("Content-Length")
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_HEADERS:
                self.send_header(name, value)
        if length is None:
            # Without a length, the end of the body is the end of the connection.
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        while True:
            chunk = response.read(65536)
            if not chunk:
                break
            self.wfile.write(chunk)

    def reject_method(self):
        self.reject(405, "the proxy forwards only GET requests")

    do_HEAD = do_POST = do_PUT = do_DELETE = do_CONNECT = do_OPTIONS = reject_method


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True, help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks one")
    parser.add_argument("--netns", help="network namespace to forward from")
    options = parser.parse_args()

    ProxyHandler.allowed_hosts = mirror_hosts()
    if not ProxyHandler.allowed_hosts:
        sys.exit("mirror-proxy.py: no http:// mirror in /etc/apt/sources.list(.d)")
    server = http.server.ThreadingHTTPServer((options.listen, options.port), ProxyHandler)
    server.daemon_threads = True
    if options.netns:
        # Threads started from here on inherit the namespace, so every forward uses it.
        enter_network_namespace(options.netns)
    address, port = server.server_address[:2]
    print(f"listening on {address}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
