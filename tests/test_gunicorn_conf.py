"""gunicorn's configuration: settings from the environment, and logs that keep nothing private."""

from __future__ import annotations

import importlib
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger, SafeAtoms

from matcher import gunicorn_conf


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("", "-"),
        ("unix:/run/gunicorn.sock", "-"),
    ],
)
def test_it_keeps_only_the_network_of_an_address(address: str, kept: str) -> None:
    assert gunicorn_conf.private_address(address) == kept


def test_it_reads_its_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHER_WORKERS", "3")
    monkeypatch.setenv("MATCHER_BIND", "127.0.0.1:8001,127.0.0.1:8002")
    conf = importlib.reload(gunicorn_conf)
    assert (conf.workers, conf.bind) == (3, ["127.0.0.1:8001", "127.0.0.1:8002"])
    assert (conf.timeout, conf.graceful_timeout, conf.preload_app) == (30, 30, False)
    assert (conf.worker_class, conf.threads) == ("sync", 1)
    monkeypatch.setenv("MATCHER_THREADS", "4")
    conf = importlib.reload(gunicorn_conf)
    assert (conf.worker_class, conf.threads) == ("gthread", 4)
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)


@pytest.mark.parametrize(("name", "value"), [("MATCHER_WORKERS", "veel"), ("MATCHER_THREADS", "0")])
def test_a_malformed_setting_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=name):
        importlib.reload(gunicorn_conf)
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)


def _filtered(message: str, args: tuple[str, ...] | None) -> str:
    record = logging.LogRecord("gunicorn.error", logging.ERROR, __file__, 1, message, args, None)
    gunicorn_conf._NoQueryStrings().filter(record)
    return record.getMessage()


def test_error_lines_lose_query_strings_and_client_addresses() -> None:
    # The two kinds of line gunicorn writes about a request (gunicorn/workers/base.py).
    failed = _filtered("Error handling request %s %s", ("GET", "/resultaten?wens=rustig"))
    assert failed == "Error handling request GET /resultaten"
    invalid = _filtered("Invalid request from ip=198.51.100.23: bad header", None)
    assert invalid == "Invalid request from ip=198.51.100.0: bad header"


def test_access_lines_hold_gunicorns_own_atoms_but_never_the_private_ones() -> None:
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/resultaten?wens=rustig",
        "PATH_INFO": "/resultaten",
        "QUERY_STRING": "wens=rustig",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "198.51.100.23",
        "HTTP_REFERER": "https://matcher.example/zoeken?wens=rustig",
        "HTTP_USER_AGENT": "Firefox",
    }
    resp = SimpleNamespace(status="200 OK", sent=5199, headers=[("Content-Length", "5199")])
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    took = timedelta(seconds=1, microseconds=2345)
    ours = gunicorn_conf.PrivateLogger(Config()).atoms(resp, req, environ, took)
    theirs = Logger(Config()).atoms(resp, req, environ, took)
    # What is kept is what gunicorn itself writes, but the time (written a moment later).
    assert {k: v for k, v in ours.items() if k not in "hrt"} == {
        k: theirs[k] for k in ours if k not in "hrt"
    }
    assert (ours["h"], ours["r"]) == ("198.51.100.0", "GET /resultaten HTTP/1.1")
    # As gunicorn writes a line: its format, %-style, with the atoms it has; '-' for the others.
    line = "%(h)s %(r)s %(q)s %(f)s %(a)s %({referer}i)s %(u)s %(M)s" % SafeAtoms(ours)  # noqa: UP031
    assert line == "198.51.100.0 GET /resultaten HTTP/1.1 - - - - - 1002"
