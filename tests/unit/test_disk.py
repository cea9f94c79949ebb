"""Which disk fault an error stands for, and its one line (assistant.disk)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

import assistant.disk
from assistant.disk import LOW_SPACE, DiskError, Place, check_room, error_kind, fault_message


def place(tmp_path: Path) -> Place:
    return Place(tmp_path, "the index", "make it writable", "run `assistant ingest` again")


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "full"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), "full"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
        (PermissionError(errno.EACCES, "Permission denied"), "denied"),
        (sqlite3.OperationalError("database or disk is full"), "full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "denied"),
        (RuntimeError("error returned from database: (code: 8) attempt to write a readonly database"), "denied"),
        (RuntimeError("IO error: No space left on device (os error 28)"), "full"),
        (ValueError("Failed to apply logs to the metadata segment"), None),
        (OSError(errno.ENOENT, "No such file or directory"), None),
    ],
)
def test_the_kind_of_fault_is_read_from_the_error(error: BaseException, kind: str | None) -> None:
    assert error_kind(error) == kind


def test_a_cause_further_down_the_chain_counts() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("could not write the BM25 index") from inner
    except RuntimeError as outer:
        assert error_kind(outer) == "full"


def test_each_fault_is_one_line_that_says_what_to_do(tmp_path: Path) -> None:
    where = place(tmp_path)
    full = fault_message(OSError(errno.ENOSPC, "No space left on device"), where)
    denied = fault_message(PermissionError(errno.EACCES, "Permission denied"), where)
    assert full is not None and full.startswith(f"no space left on the disk of the index {tmp_path}")
    assert full.endswith("free space, then run `assistant ingest` again")
    assert denied == f"no permission to write the index {tmp_path} (Permission denied): make it writable"
    assert fault_message(ValueError("Failed to apply logs"), where) is None


def test_an_error_that_does_not_say_why_is_the_disks_when_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unclear = ValueError("Error in compaction: Failed to apply logs to the metadata segment")
    assert fault_message(unclear, place(tmp_path), ask_disk=True) is None  # a disk with room: not the disk
    monkeypatch.setattr(assistant.disk.os, "statvfs", lambda _path: _Full())
    line = fault_message(unclear, place(tmp_path), ask_disk=True)
    assert line is not None and line.startswith("no space left")


def test_a_write_that_would_leave_too_little_room_is_refused_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_room(place(tmp_path), 1 << 20)  # this disk has room
    monkeypatch.setattr(assistant.disk, "free_bytes", lambda _path: LOW_SPACE + (2 << 20))
    check_room(place(tmp_path), 1 << 20)
    with pytest.raises(DiskError, match="no space left on the disk of the index"):
        check_room(place(tmp_path), 3 << 20)


class _Full:
    f_flag = 0
    f_bavail = 0
    f_frsize = 4096
