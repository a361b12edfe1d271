"""Two hosts on one database: real `matcher serve` processes (gunicorn with matcher's
configuration), one changed through the web, the other answering with the change at once.

Runs on every configured database (SQLite in a temporary file, and PostgreSQL in a schema of its
own when DATABASE_URL points at one). Also checks what gunicorn's access log keeps.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from matcher import create_app
from tests.conftest import EVAL_CATALOGUE, Person, fresh_code, make_person

ENTRY, OWNER = "taalcafe-binnenstad", "Stichting Taal Verbindt Zwolle"
MATCHER = Path(sys.executable).parent / "matcher"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Host:
    """One app server: its address and a browser-like client with its own cookies."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def __post_init__(self) -> None:
        jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(jar)

    def get(self, path: str, **headers: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.url + path, headers=headers))

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(self.url + path, data=data, method="POST"))

    def post_json(self, path: str, body: object) -> tuple[int, str]:
        data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
        return self._open(urllib.request.Request(self.url + path, data=data, headers=headers))

    def json(self, path: str) -> Any:
        status, body = self.get(path)
        assert status == 200, body[:300]
        return json.loads(body)

    def token(self, path: str) -> str:
        found = CSRF.search(self.get(path)[1])
        assert found, f"no form on {path}"
        return found.group(1)

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(database_url: str, folder: Path, name: str, settings: dict[str, str]) -> Host:
    port = _free_port()
    log = folder / f"{name}-access.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MATCHER_SECRET_KEY": "een-gedeelde-sleutel-van-minstens-32-tekens",
        "MATCHER_WORKERS": "1",
        "MATCHER_ACCESS_LOG": str(log),
        **settings,
    }
    process = subprocess.Popen(
        [MATCHER, "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    host = Host(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if host.get("/healthz")[0] == 200:
                return host
        except OSError:
            pass
        assert process.poll() is None, f"{name} stopped with {process.returncode}"
        time.sleep(0.3)
    raise AssertionError(f"{name} did not answer in time")


@pytest.fixture
def prepared(database_url: str) -> Iterator[tuple[str, Person]]:
    """The database with the evaluation catalogue and an account of the entry's organisation."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret"})
    assert app.test_cli_runner().invoke(args=["import", str(EVAL_CATALOGUE)]).exit_code == 0
    person = make_person(app, "aanbieder", organisation=OWNER)
    yield database_url, person
    app.extensions["matcher.engine"].dispose()


@pytest.fixture
def start(prepared: tuple[str, Person], tmp_path: Path) -> Iterator[Any]:
    """Starts hosts on the prepared database; all stopped after the test."""
    started: list[Host] = []

    def start_one(name: str, **settings: str) -> Host:
        started.append(_start(prepared[0], tmp_path, name, settings))
        return started[-1]

    try:
        yield start_one
    finally:
        for host in started:
            host.process.send_signal(signal.SIGTERM)
        for host in started:
            host.process.wait(timeout=60)


def _listed(host: Host) -> dict[str, Any]:
    """The entry as the host's index has it (the list comes from the index, not the table)."""
    listing = host.json("/api/v1/activities?per_page=100")["activities"]
    return next(entry for entry in listing if entry["id"] == ENTRY)


def _log_in(host: Host, person: Person, app_url: str) -> None:
    form = {"email": person.email, "password": person.password}
    assert host.post("/login", {**form, "csrf_token": host.token("/login")})[0] == 200
    app = create_app({"DATABASE_URL": app_url, "SECRET_KEY": "test-secret"})
    code = fresh_code(app, person)
    app.extensions["matcher.engine"].dispose()
    status, page = host.post("/login/code", {"code": code, "csrf_token": host.token("/login/code")})
    assert status == 200 and 'action="/logout"' in page


def test_a_change_through_one_host_is_answered_by_the_other_at_once(
    start: Any, prepared: tuple[str, Person]
) -> None:
    a, b = start("a"), start("b")
    before = _listed(b)  # b builds its index of the catalogue as it is now
    health = b.json("/healthz")
    version = health["catalogue"]["version"]
    assert health["index"]["version"] == version

    _log_in(a, prepared[1], prepared[0])
    token = a.token("/aanbieder/activiteiten")
    status, _page = a.post(f"/aanbieder/activiteiten/{ENTRY}/klopt", {"csrf_token": token})
    assert status == 200

    after = _listed(b)  # the first request after the change
    assert after["last_verified"] != before["last_verified"]
    assert after["last_verified"] == a.json(f"/api/v1/activities/{ENTRY}")["last_verified"]
    health = b.json("/healthz")
    assert health["catalogue"]["version"] == version + 1
    assert health["index"]["version"] == version + 1 and health["index"]["current"]


def test_the_access_log_keeps_no_query_string_referer_or_full_address(start: Any) -> None:
    a = start("a")
    secret = "prikkelarm-kanarie"
    a.get(f"/resultaten?interesse=koken&wens={secret}", Referer=f"{a.url}/zoeken?wens={secret}")
    a.process.send_signal(signal.SIGTERM)  # gunicorn writes its log out as it stops
    a.process.wait(timeout=60)
    log = a.log.read_text()
    assert '"GET /resultaten HTTP/1.1" 200' in log
    assert secret not in log and "?" not in log
    assert "127.0.0.0 " in log and "127.0.0.1" not in log


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A Redis server of this test's own on a free port, keeping nothing on disk."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: `make test` installs Debian's redis-server")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        with socket.socket() as probe:
            deadline = time.monotonic() + 10
            while probe.connect_ex(("127.0.0.1", port)) != 0:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_two_hosts_share_one_rate_limit_in_redis(start: Any, redis_url: str) -> None:
    shared = {
        "MATCHER_RATELIMIT_STORAGE_URI": redis_url,
        "MATCHER_RATELIMIT_SEARCH": "2 per minute",
    }
    a, b = start("a", **shared), start("b", **shared)

    def search(host: Host) -> int:
        return host.post_json("/api/v1/match", {"interests": ["koken"]})[0]

    assert [search(a), search(a)] == [200, 200]
    # In each worker's own memory b would still have two searches left for this address.
    assert search(b) == 429


def test_a_graceful_reload_replaces_the_worker_and_keeps_answering(start: Any) -> None:
    token = "reload-" + "t" * 32
    a = start("a", MATCHER_METRICS_TOKEN=token)

    def worker() -> str:
        status, body = a.get("/metrics", Authorization=f"Bearer {token}")
        assert status == 200
        found = re.search(r'pid="(\d+)"', body)
        assert found
        return found.group(1)

    first = worker()
    a.process.send_signal(signal.SIGHUP)  # systemctl reload
    deadline = time.monotonic() + 60
    while worker() == first:
        assert a.get("/healthz")[0] == 200
        assert time.monotonic() < deadline, "the worker was not replaced"
        time.sleep(0.2)
    assert a.process.poll() is None and a.get("/healthz")[0] == 200


SMUGGLED = {
    "a control character in a header": (b"X-A: a\x01b\r\n", 400),
    "Content-Length and chunked at once": (
        b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n",
        400,
    ),
    "two lengths": (b"Content-Length: 4\r\nContent-Length: 5\r\n", 400),
    "a folded header": (b"X-A: a\r\n b\r\n", 400),
    "a space before the colon": (b"Host : x\r\n", 400),
    "200 headers": (b"X-A: b\r\n" * 200, 431),
}
_REASONS = {400: b"Bad Request", 431: b"Request Header Fields Too Large"}


def _raw(host: Host, request: bytes) -> bytes:
    address = urllib.parse.urlsplit(host.url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(request)
        return connection.recv(100).split(b"\r\n", 1)[0]


def test_its_http_parser_refuses_what_could_smuggle_a_request(start: Any) -> None:
    """gunicorn_h1c's parser in C (gunicorn_conf: http_parser "fast") refuses what gunicorn's
    parser in Python refuses, and the worker keeps answering."""
    a = start("a")
    for name, (headers, status) in SMUGGLED.items():
        request = b"POST /api/v1/match HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n"
        assert _raw(a, request) == b"HTTP/1.1 %d " % status + _REASONS[status], name
    assert _raw(a, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n").startswith(
        b"HTTP/1.1 414 "
    )
    assert _raw(a, b"GET /healthz HTTP/1.1\nHost: x\n\n").startswith(b"HTTP/1.1 400 ")
    assert a.get("/healthz")[0] == 200
