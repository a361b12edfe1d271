"""The index as a file: read back the same, and only for its own catalogue version and key."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher import vocabulary
from matcher.ranking import stored
from matcher.ranking.index import CatalogueIndex, build_index, text_vocabulary
from tests.conftest import EVAL_CATALOGUE
from tests.ranking.conftest import ask, load_records


@pytest.fixture(scope="module")
def index() -> CatalogueIndex:
    return build_index(load_records(EVAL_CATALOGUE), 7, vocabulary.stop_words())


def test_it_reads_back_the_index_it_wrote(index: CatalogueIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.npz"
    stored.save(index, path, "key")
    back = stored.load(path, "key", 7, text_vocabulary())
    assert back is not None
    assert back.records == index.records
    for profile in (
        {"interests": ["koken"], "wishes": "samen eten, liefst overdag"},
        {"interests": ["schilderren"], "location": {"wijk": "Assendorp"}, "max_km": 3},
        {"wishes": "iets met breien of haken", "required": ["kleine_groep"]},
    ):
        assert ask(back, **profile).to_dict() == ask(index, **profile).to_dict()


def test_it_trusts_no_file_of_another_version_or_catalogue(
    index: CatalogueIndex, tmp_path: Path
) -> None:
    path = tmp_path / "index.npz"
    stored.save(index, path, "key")
    assert stored.load(path, "key", 8, text_vocabulary()) is None
    assert stored.load(path, "another database", 7, text_vocabulary()) is None
    assert stored.load(tmp_path / "none.npz", "key", 7, text_vocabulary()) is None


def test_it_trusts_no_damaged_file(index: CatalogueIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.npz"
    stored.save(index, path, "key")
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    assert stored.load(path, "key", 7, text_vocabulary()) is None
    # A matrix whose indices point past its shape, written with a pickle-free np.savez.
    with np.load(_saved(index, tmp_path)) as parts:
        arrays = {name: parts[name] for name in parts.files}
    arrays["spellings.indices"] = arrays["spellings.indices"] + 10**6
    np.savez(path, **arrays)
    assert stored.load(path, "key", 7, text_vocabulary()) is None


def _saved(index: CatalogueIndex, folder: Path) -> Path:
    path = folder / "good.npz"
    stored.save(index, path, "key")
    return path
