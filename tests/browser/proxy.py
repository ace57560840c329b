"""A small reverse proxy for the browser tests: the guide served under a path prefix.

``proxy_handler(upstream, prefix, strip=True)`` makes a request handler class that answers only
under ``prefix`` (anything else is a 404, recorded in ``outside``) and forwards the request to
``upstream`` with the prefix removed, as JupyterHub's proxy or a web server's location does,
or, with ``strip=False``, unchanged, as a proxy without path rewriting does.
"""

from __future__ import annotations

import http.client
import urllib.parse
from http.server import BaseHTTPRequestHandler

#: Hop-by-hop and length headers the proxy sets itself.
_OWN = ("transfer-encoding", "connection", "content-length")


class _PrefixProxy(BaseHTTPRequestHandler):
    upstream = ""
    prefix = ""
    strip = True
    outside: list[str] = []

    def _forward(self) -> None:
        if not self.path.startswith(self.prefix + "/"):
            self.outside.append(self.path)
            self.send_error(404, "outside the prefix")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        target = urllib.parse.urlsplit(self.upstream)
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        path = self.path[len(self.prefix) :] if self.strip else self.path
        conn.request(self.command, path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in _OWN:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = _forward

    def log_message(self, *args: object) -> None:  # quiet
        pass


def proxy_handler(upstream: str, prefix: str, *, strip: bool = True) -> type[_PrefixProxy]:
    """A handler class forwarding ``prefix/…`` to ``upstream``; its ``outside`` lists misses."""
    attrs = {"upstream": upstream, "prefix": prefix, "strip": strip, "outside": []}
    return type("Proxy", (_PrefixProxy,), attrs)
