"""Read the Docs: the configuration is valid and the book builds the way RTD builds it.

The schema is Read the Docs' own v2 schema (readthedocs/readthedocs.org,
``readthedocs/rtd_tests/fixtures/spec/v2/schema.json``), copied into fixtures.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from conftest import ROOT, convert, copy_book

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "readthedocs-schema-v2.json").read_text())


def test_configuration_is_valid_v2() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(config, SCHEMA)
    assert config["sphinx"] == {"configuration": "conf.py", "fail_on_warning": True}
    assert sorted(config["formats"]) == ["epub", "pdf"]
    assert config["python"]["install"] == [{"requirements": "requirements.txt"}]
    assert (
        config["build"]["tools"]["python"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    )


def test_builds_the_way_read_the_docs_builds(tmp_path: Path) -> None:
    book = copy_book(tmp_path / "checkout")
    for generated in ("posts", "sources"):
        shutil.copytree(ROOT / generated, book / generated)
    # RTD builds the committed posts/ and sources/, which must be current.
    assert convert(book, "--check") == 0
    # Tool caches in a working copy (pytest writes one) are not part of the book.
    (book / ".pytest_cache").mkdir()
    (book / ".pytest_cache" / "README.md").write_text(
        "# pytest cache directory\n", encoding="utf-8"
    )
    output = tmp_path / "rtd" / "html"
    command = [
        sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html",
        "-d", "_build/doctrees", "-D", "language=en", ".", str(output),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=book, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr
    assert (output / "index.html").exists()
