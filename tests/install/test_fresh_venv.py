"""A newcomer's install: a fresh venv made with ``python -m venv`` keeps the pip it comes with (never upgraded),
``pip install .`` from a clean copy of the repository, then the installed ``assistant`` ingests the seeds and
one saved web page (HTML ingest needs lxml's html cleaner, which that pip does not find from jusText's
``lxml[html_clean]``) and answers with citations.

It installs from the package index, so it runs only when selected: ``-m install`` or ``ASSISTANT_INSTALL_TESTS=1``
(``.ci/run`` sets it)."""

from __future__ import annotations

import ensurepip
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import NETGUARD, netguard
from tests.install.test_wheel import ROOT, run, source_copy

pytestmark = pytest.mark.install

PAGE = ROOT / "tests" / "fixtures" / "html" / "000_baperanews.html"


def install_selected(config: pytest.Config) -> bool:
    expression = config.getoption("markexpr") or ""
    return os.environ.get("ASSISTANT_INSTALL_TESTS") == "1" or (
        "install" in expression and "not install" not in expression
    )


def clean_env(home: Path) -> dict[str, str]:
    """This environment without the project's and Python's variables (so nothing of this checkout leaks in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "PYTHON", "VIRTUAL_ENV"))}
    return env | {"HOME": str(home)}


@pytest.fixture(scope="module")
def fresh_venv(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not install_selected(request.config):
        pytest.skip("installs from the package index: select it with -m install (.ci/run does)")
    src = source_copy(tmp_path_factory.mktemp("src"))
    home = tmp_path_factory.mktemp("fresh") / "venv"
    run([sys.executable, "-m", "venv", str(home)], cwd=home.parent)
    python = home / "bin" / "python"
    pip = run([str(python), "-m", "pip", "--version"], cwd=home.parent, env=clean_env(home.parent))
    assert pip.startswith(f"pip {ensurepip.version()} "), pip  # the pip the venv came with
    # No network guard for pip: it downloads from the package index, as a newcomer's does.
    run([str(python), "-m", "pip", "install", "--quiet", "."], cwd=src, env=clean_env(home.parent), timeout=3600)
    return home


def test_a_fresh_venv_with_its_own_pip_installs_ingests_a_web_page_and_answers(
    fresh_venv: Path, tmp_path: Path, no_network: Path
) -> None:
    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    shutil.copy2(PAGE, work / PAGE.name)
    env = clean_env(tmp_path) | {
        "ASSISTANT_BACKEND": "extractive",
        "PYTHONPATH": str(NETGUARD),  # the network guard, and nothing of this checkout
        netguard.LOG_ENV: str(no_network),
    }
    assistant = str(fresh_venv / "bin" / "assistant")

    ingested = run([assistant, "ingest", "seeds", PAGE.name], work, env)
    assert "0 unchanged, 6 added" in ingested and "skipped" not in ingested, ingested
    data = json.loads(run([assistant, "ask", "Siapa ajudan Putin yang ikut dalam kunjungan?", "--json"], work, env))
    assert not data["refused"] and data["citations"], data
    articles = json.loads(run([assistant, "articles", "--json"], work, env))["articles"]
    page = [row for row in articles if row["file"].endswith(PAGE.name)]
    assert page and page[0]["outlet"] == "BaperaNews" and page[0]["chunks"] > 0, articles
