"""Disk faults said as what they are: a full disk, a read-only file system, a folder this user may not write.

Writers (the index store, ingest's lock and commit, batch output, the chat database) turn an ``OSError``,
an SQLite error or a Chroma error caused by the disk into one line that names the disk, the path and what
to do, instead of a traceback or advice to rebuild an index that is fine. ``fault_message`` reads the
error itself; ``folder_fault`` asks the file system (for errors that do not say why, as Chroma's often
do not); ``check_room`` refuses a write before it would fill the disk, so what is already written stays
readable.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import StoreError

FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
READ_ONLY = frozenset({errno.EROFS})
DENIED = frozenset({errno.EACCES, errno.EPERM})
LOW_SPACE = 8 << 20
"""Free bytes under which a disk counts as full when a write failed without saying why (Chroma's often do
not), and the headroom ``check_room`` keeps free so that what is already written can still be opened."""

_FULL_WORDS = ("no space left", "disk is full", "database or disk is full", "os error 28", "disk quota")
_READ_ONLY_WORDS = ("read-only file system", "os error 30")
_DENIED_WORDS = ("permission denied", "os error 13", "operation not permitted", "readonly database")
"""SQLite's "attempt to write a readonly database" is either: ``fault_message`` asks the disk which."""


class DiskError(StoreError):
    """The disk refuses a write (full, read-only, not this user's); the message says which and what to do."""


@dataclass(frozen=True)
class Place:
    """What is written where, and what to tell the user: ``fix`` makes it writable, ``then`` retries."""

    path: Path
    what: str
    fix: str
    then: str


def _kind_of_errno(number: int | None) -> str | None:
    if number in FULL:
        return "full"
    if number in READ_ONLY:
        return "read-only"
    if number in DENIED:
        return "denied"
    return None


def error_kind(exc: BaseException) -> str | None:
    """ "full", "read-only" or "denied" when ``exc`` (or an error it came from) says the disk refused; else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = _kind_of_errno(current.errno) if isinstance(current, OSError) else None
        text = str(current).lower()
        for words, named in ((_FULL_WORDS, "full"), (_READ_ONLY_WORDS, "read-only"), (_DENIED_WORDS, "denied")):
            if kind is None and any(w in text for w in words):
                kind = named
        if kind is not None:
            return kind
        current = current.__cause__ or current.__context__
    return None


def _existing(path: Path) -> Path:
    """``path`` or its nearest folder that exists."""
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def mount_of(path: Path) -> tuple[str, str]:
    """(file system type, mount point) of the disk holding ``path`` ("", "") when unknown."""
    where = str(_existing(path).resolve())
    best = ("", "")
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                point = fields[1].replace("\\040", " ")
                inside = where == point or where.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best[1]):
                    best = (fields[2], point)
    except OSError:
        pass
    return best


def free_bytes(path: Path) -> int | None:
    """Bytes this user may still write on the disk holding ``path`` (None when unknown)."""
    try:
        stat = os.statvfs(_existing(path))
    except OSError:
        return None
    return stat.f_bavail * stat.f_frsize


def _size(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{n // 1024} KB"


def full_message(place: Place, needed: int | None = None) -> str:
    """ "no space left on the disk of PATH (tmpfs at /mnt, 312 KB free): free space, then ..."."""
    kind, point = mount_of(place.path)
    free = free_bytes(place.path)
    details = [f"{kind} at {point}" if point else ""]
    details.append(f"{_size(free)} free" if free is not None else "")
    if needed:
        details[-1] += (
            f", the next write needs about {_size(needed)} and {_size(LOW_SPACE)} stay free so it can be read"
        )
    shown = ", ".join(d for d in details if d)
    return f"no space left on the disk of {place.what} {place.path}{f' ({shown})' if shown else ''}: free space, then {place.then}"


def message(kind: str, place: Place, detail: str = "") -> str:
    """The one line for a disk fault of ``kind`` ("full", "read-only", "denied") at ``place``."""
    if kind == "full":
        return full_message(place)
    if kind == "read-only":
        _, point = mount_of(place.path)
        on = f" (mounted read-only at {point})" if point and Path(point) != place.path.absolute() else ""
        return f"{place.what} {place.path} is on a read-only file system{on}: {place.fix}"
    why = f" ({detail})" if detail else ""
    return f"no permission to write {place.what} {place.path}{why}: {place.fix}"


def folder_fault(path: Path) -> str | None:
    """Whether the disk holding ``path`` refuses writes right now: "read-only", "denied", "full" or None."""
    folder = _existing(path)
    try:
        stat = os.statvfs(folder)
    except OSError:
        return None
    if stat.f_flag & os.ST_RDONLY:
        return "read-only"
    if not os.access(folder, os.W_OK):
        return "denied"
    if stat.f_bavail * stat.f_frsize < LOW_SPACE:
        return "full"
    return None


def fault_message(exc: BaseException, place: Place, ask_disk: bool = False) -> str | None:
    """One line when ``exc`` is a disk fault at ``place`` (else None). ``ask_disk``: an error that does not say
    why (Chroma's "failed to apply logs") counts as the disk's fault when the disk is read-only or full."""
    kind = error_kind(exc)
    if kind is None and ask_disk:
        kind = folder_fault(place.path)
    if kind is None:
        return None
    if kind == "denied" and folder_fault(place.path) == "read-only":
        kind = "read-only"
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else ""
    return message(kind, place, detail)


@contextmanager
def disk_faults(place: Place) -> Iterator[None]:
    """Turn an OSError of a full, read-only or forbidden disk inside the block into one DiskError line."""
    try:
        yield
    except DiskError:
        raise
    except OSError as exc:
        line = fault_message(exc, place)
        if line is None:
            raise
        raise DiskError(line) from exc


def check_room(place: Place, needed: int) -> None:
    """Refuse (DiskError) a write of about ``needed`` bytes that would leave less than LOW_SPACE free."""
    free = free_bytes(place.path)
    if free is not None and free < needed + LOW_SPACE:
        raise DiskError(full_message(place, needed))
