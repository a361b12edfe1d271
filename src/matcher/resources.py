"""Where the templates and data live, in a source checkout and in an installed wheel."""

from __future__ import annotations

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
