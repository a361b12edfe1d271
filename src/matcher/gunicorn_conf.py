"""gunicorn's configuration for matcher in production (`matcher serve`, docs/deploy.md).

    gunicorn -c python:matcher.gunicorn_conf 'matcher:create_app()'

Settings come from the environment, so one unit file serves every host. The access log keeps
what the log inventory (docs/privacy.md) allows and nothing else: a resident's answers travel
in query strings and in the Referer of the next page, so neither is ever written.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import os
import re
from typing import Any

from gunicorn.glogging import Logger


def _number(name: str, default: int, low: int, high: int) -> int:
    """A whole number from the environment; a malformed one stops the start, not a guess."""
    given = os.environ.get(name, str(default))
    if not given.isdigit() or not low <= int(given) <= high:
        raise RuntimeError(f"{name} must be a whole number from {low} to {high}, not {given!r}")
    return int(given)


bind = os.environ.get("MATCHER_BIND", "127.0.0.1:8000").split(",")
# The ranking works on the CPU: one worker per core. A worker holds its own index of the
# catalogue (tens of MB at 10,000 activities), so more workers cost memory, not just CPU.
workers = _number("MATCHER_WORKERS", os.cpu_count() or 2, 1, 64)
# One request at a time per worker (gunicorn's sync workers). nginx in front reads slow clients
# and opens a new connection for each request, so threads would only take turns with the GIL:
# with two per worker a search's p95 under load was 26-38 ms, with one 19-21 ms
# (docs/performance.md). MATCHER_THREADS above 1 (threads in each worker) lets a worker answer
# while another request waits for a database far away, at that cost.
threads = _number("MATCHER_THREADS", 1, 1, 32)
worker_class = "sync" if threads == 1 else "gthread"
# A request that takes this long is stuck: the worker is killed and replaced.
timeout = _number("MATCHER_TIMEOUT_SECONDS", 30, 5, 600)
# On a restart or `kill -HUP` (graceful reload), running requests get this long to finish.
graceful_timeout = _number("MATCHER_GRACEFUL_TIMEOUT_SECONDS", 30, 1, 600)
keepalive = 5  # with threads: how long an idle connection stays open
# Requests are read by gunicorn_h1c's parser in C (a dependency): its parser in Python took about
# 2.5 % of a worker's time per search (docs/performance.md). "fast", not "auto": without it the start fails.
http_parser = "fast"
# Each worker builds its own app (and checks the schema), so a reload picks up new code.
preload_app = False
accesslog = os.environ.get("MATCHER_ACCESS_LOG", "-")
errorlog = os.environ.get("MATCHER_ERROR_LOG", "-")
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
# Request counts and durations for all workers together, if a statsd server is given.
statsd_host = os.environ.get("MATCHER_STATSD_HOST") or None
statsd_prefix = "matcher"
proc_name = "matcher"
# Signals (HUP reloads, TERM stops) are the way to manage it; no control socket besides.
control_socket_disable = True


# Behind a proxy every request comes from the same few addresses: parsing one took 4 µs.
@functools.lru_cache(maxsize=1024)
def private_address(address: str) -> str:
    """An IPv4 address with its last part zeroed, an IPv6 address cut to its /48 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "-"
    bits = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{bits}", strict=False).network_address)


_QUERY = re.compile(r"\?\S*")
# "Invalid request from ip=198.51.100.23: ...": a client's address in gunicorn's error lines.
_CLIENT = re.compile(r"(?<=ip=)([0-9A-Fa-f.:]+?)(?=:?\s|$)")


class _NoQueryStrings(logging.Filter):
    """gunicorn's own error lines name the request's address and the full URL: drop both."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub(a) for a in record.args)
        record.msg = _scrub(record.msg)
        return True


def _scrub(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return _CLIENT.sub(lambda m: private_address(m.group(1)), _QUERY.sub("", value))


class PrivateLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, with only the atoms the log inventory allows (any other is '-')."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        # Only these, worked out as gunicorn does. Its own atoms() also copies every header and
        # environment variable, only to be dropped: a line took 35 µs, now 12 (with the cache
        # of private_address), 1.5 % of a search's time in a worker.
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        sent = getattr(resp, "sent", None)
        seconds, micro = request_time.seconds, request_time.microseconds
        method, path = environ.get("REQUEST_METHOD", "-"), environ.get("PATH_INFO", "-")
        protocol = environ.get("SERVER_PROTOCOL", "-")
        return {
            "h": private_address(str(environ.get("REMOTE_ADDR", ""))),
            "l": "-",
            "t": self.now(),
            "r": f"{method} {path} {protocol}",
            "s": status,
            "m": method,
            "U": path,
            "H": protocol,
            "b": "-" if sent is None else str(sent),
            "B": sent,
            "T": seconds,
            "D": seconds * 1_000_000 + micro,
            "M": seconds * 1000 + micro // 1000,
            "L": f"{seconds}.{micro:06d}",
            "p": f"<{os.getpid()}>",
        }

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self.error_log.addFilter(_NoQueryStrings())


logger_class = PrivateLogger
