"""Dutch strings from data files for the gettext catalogue (`make translations`, babel.cfg).

pybabel reads code and templates only. A data file whose Dutch text the pages show (the meanings
in data/vocabulary/afkortingen.csv) names the column in babel.cfg, so its strings are extracted,
translated and kept like every other message id.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def csv_column(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extractor interface: each value of the column `options["column"]`, by line."""
    reader = csv.DictReader(fileobj.read().decode("utf-8").splitlines())
    for row in reader:
        value = row[options["column"]].strip()
        if value:
            yield reader.line_num, None, value, []
