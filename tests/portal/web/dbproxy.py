"""Faults: the database going away mid-run and coming back (the tests are in
test_views.py, the 503 page is ``portal.web.views.server_error``).

The application reaches PostgreSQL through a small TCP proxy in these tests.
Cutting the proxy drops every open connection and refuses new ones, as a
database restart or a network failure would; opening it again must be
enough for the portal to recover, without a restart."""

import contextlib
import io
import json
import socket
import threading
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults


class Proxy:
    def __init__(self, host, port):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.sockets = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.up = False
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
            self.sockets.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


class Response:
    def __init__(self, status, headers, body):
        self.status_code = int(status.split()[0])
        self.headers = dict(headers)
        self.content = body

    def __getitem__(self, name):
        return self.headers[name]

    def json(self):
        return json.loads(self.content)


class WSGIClient:
    """Calls the real WSGI application, as gunicorn does: unlike Django's test
    client, this keeps Django's per-request connection handling (closing
    broken connections at the start and end of a request) switched on."""

    cookies = ""

    def request(self, method, url, data=None):
        from portal.wsgi import application

        path, _, query = url.partition("?")
        body = urlencode(data or {}, doseq=True).encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": self.cookies,
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        }
        setup_testing_defaults(environ)
        started = {}
        result = application(environ, lambda status, headers: started.update(s=status, h=headers))
        try:
            content = b"".join(result)
        finally:
            result.close()
        for name, value in started["h"]:
            if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.cookies = value.split(";")[0]
        return Response(started["s"], started["h"], content)

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, data):
        return self.request("POST", url, data)
