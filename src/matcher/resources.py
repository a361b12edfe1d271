"""Where the templates and data live, in a source checkout and in an installed wheel."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """The folder `name` ("templates" or "data"): inside the package when installed, else at the project root."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find the {name!r} folder of matcher")


def data_path(*parts: str) -> Path:
    """A file in the data folder."""
    return resource_dir("data").joinpath(*parts)


def instance_dir() -> str | None:
    """Where the instance folder (SQLite database) goes: $MATCHER_INSTANCE_PATH, else the checkout's
    `instance/`; None for an installed package, where Flask's default (`<prefix>/var/`) applies."""
    configured = os.environ.get("MATCHER_INSTANCE_PATH")
    if configured:
        return os.path.abspath(configured)
    checkout = _PACKAGE.parent.parent
    if (checkout / "pyproject.toml").is_file() and resource_dir("templates").parent == checkout:
        return str(checkout / "instance")
    return None
