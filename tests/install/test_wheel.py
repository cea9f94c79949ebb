"""The wheel works on its own: built with `python -m build`, installed into a fresh venv outside the
repository, `assistant ingest` and `assistant ask` run from another working directory (the prompts and
the stylesheet ship inside the wheel)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def source_copy(dest: Path) -> Path:
    """The files a clean clone has (tracked, or new and not ignored), symlinks kept as symlinks."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, files.decode().split("\0")):
        src, dst = ROOT / name, dest / name
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working tree, not yet committed
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, dst)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = source_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("dist")
    # No isolation: the build backend (setuptools) comes from this environment, so nothing is downloaded.
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)], cwd=src)
    (found,) = out.glob("news_assistant-*.whl")
    return found


def test_wheel_holds_the_prompts_and_the_stylesheet(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {p.name for p in (ROOT / "prompts").iterdir() if p.suffix in (".md", ".toml")}
    assert prompts and {f"assistant/bundled_prompts/{p}" for p in prompts} <= names
    assert "assistant/tui/app.tcss" in names and "assistant/glossary_en_id.txt" in names
    assert not any(n.startswith(("tests/", "bench/", "seeds/")) for n in names)


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed; its dependencies come from this environment's
    site-packages (a path entry, so this environment's editable install of the project is not seen)."""
    home = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", str(home)], cwd=home)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(home), "platbase": str(home)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    python = home / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)], cwd=home)
    return home


def test_installed_wheel_ingests_and_answers_from_another_directory(venv: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "PYTHON"))}
    env |= {"ASSISTANT_BACKEND": "extractive", "HOME": str(tmp_path)}
    python, assistant = venv / "bin" / "python", venv / "bin" / "assistant"

    where = run(
        [str(python), "-c", "import assistant.prompts as p; print(p.__file__); print(p.BUNDLED_DIR)"], work, env
    )
    module, prompts = where.split()
    assert Path(module).is_relative_to(venv) and Path(prompts).is_relative_to(venv)

    ingested = run([str(assistant), "ingest"], work, env)
    assert "0 unchanged, 5 added" in ingested, ingested
    answer = run([str(assistant), "ask", "Siapa ajudan Putin yang ikut dalam kunjungan?", "--json"], work, env)
    data = json.loads(answer)
    assert not data["refused"] and data["citations"], data
    assert all((work / "seeds" / c["file"]).is_file() for c in data["citations"])
    assert (work / "store" / "index.sqlite3").is_file()  # the index went to the working directory
