"""Real disk faults for tests: a small tmpfs (a disk that fills up) and a read-only bind mount, where this
process may mount (root with CAP_SYS_ADMIN); the tests patch the fault in where it may not."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.store.chroma import release

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)  # still open in this process: detach it


@functools.cache
def can_mount() -> bool:
    """Whether this process may mount a tmpfs (root with the capability to mount)."""
    if not AS_ROOT or shutil.which("mount") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        if not _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", folder):
            return False
        _umount(Path(folder))
    return True


@contextmanager
def tmpfs(path: Path, size: int) -> Iterator[Path]:
    """A tmpfs of ``size`` bytes mounted on ``path`` (created) for the block."""
    path.mkdir(parents=True, exist_ok=True)
    assert _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)), f"cannot mount a tmpfs on {path}"
    try:
        yield path
    finally:
        release(path / "chroma")
        _umount(path)


def resize(path: Path, size: int) -> None:
    """Give the tmpfs on ``path`` another size (more room: "space was freed")."""
    assert _mount("-o", f"remount,size={size}", str(path)), f"cannot resize the tmpfs on {path}"


@contextmanager
def read_only_view(source: Path, path: Path) -> Iterator[Path]:
    """``source`` seen read-only at ``path`` (a read-only bind mount) for the block."""
    path.mkdir(parents=True, exist_ok=True)
    assert _mount("--bind", str(source), str(path)), f"cannot bind {source} on {path}"
    try:
        assert _mount("-o", "remount,bind,ro", str(path)), f"cannot make {path} read-only"
        yield path
    finally:
        release(path / "chroma")
        _umount(path)


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
