"""An installed wheel carries the top-level templates and data and finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_an_installed_wheel_finds_its_templates_and_data(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("matcher-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "matcher/templates/base.html" in names
    assert "matcher/data/geo/postcodes.csv" in names
    assert "matcher/migrations/versions/0001_catalogue.py" in names
    probe = (
        "from matcher.resources import resource_dir; from matcher import geo;"
        "print(resource_dir('templates')); print(len(geo.postcodes()))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert output[0] == str(site / "matcher" / "templates")
    assert int(output[1]) > 20
