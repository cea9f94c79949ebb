"""Writing store files safely (atomic replacement, the umask respected) and checking them (checksums)."""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from pathlib import Path


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file so that readers (and a kill) see the old or the new content, never half of it.

    The file gets the mode every new file gets here (0666 less the umask), like the rest of the store.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def broken_name(path: Path) -> Path:
    """A free name ``NAME.broken-TIMESTAMP`` next to ``path``, for keeping something unreadable for inspection."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    return target


def temp_path(path: Path) -> Path:
    """A fresh temporary name next to ``path`` (``.NAME.RANDOM.tmp``), so leftovers can be recognised."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def temp_leftovers(path: Path) -> list[Path]:
    """Temporary files a killed writer of ``path`` may have left behind."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file directly in ``folder``, by file name."""
    return {p.name: file_sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


def checksum_problem(folder: Path, expected: dict[str, str]) -> str | None:
    """What differs between ``folder`` and the ``expected`` checksums, in a few words (None: it matches)."""
    if not folder.is_dir():
        return f"{folder.name} is missing"
    for name, digest in sorted(expected.items()):
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        try:
            actual = file_sha256(path)
        except OSError as exc:
            return f"{name} is unreadable ({exc.strerror or exc})"
        if actual != digest:
            return f"{name} has changed since it was written"
    return None
