"""Finding and reading article files: UTF-8 first, a fallback for other encodings, skips with reasons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})
FALLBACK_ENCODINGS = ("utf-16", "cp1252", "latin-1")


@dataclass(frozen=True)
class ArticleFile:
    """An article file as read from disk."""

    path: Path
    """Absolute path."""
    name: str
    """Path relative to the folder it was found in (the file name for a file given directly)."""
    text: str
    encoding: str


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}"


def find_articles(paths: Iterable[Path]) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Expand files and folders into (absolute path, display name) pairs of .txt/.md files, sorted."""
    found: dict[Path, str] = {}
    skipped: list[Skipped] = []
    for given in paths:
        path = given.expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES and not _hidden(child, path):
                    found.setdefault(child.resolve(), child.relative_to(path).as_posix())
        elif path.is_file():
            if path.suffix.lower() in ARTICLE_SUFFIXES:
                found.setdefault(path.resolve(), path.name)
            else:
                skipped.append(Skipped(path, f"not a .txt or .md file ({path.suffix or 'no suffix'})"))
        else:
            skipped.append(Skipped(path, "no such file or folder"))
    return sorted(found.items(), key=lambda kv: kv[1]), skipped


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def decode(data: bytes) -> tuple[str, str] | None:
    """Decode article bytes; None when the data looks binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS[1:]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_text(text):
            return text, encoding
    return None


def _mostly_text(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample) < 0.01


def read_article(path: Path, name: str) -> ArticleFile | Skipped:
    """Read one article, or say in one line why it was skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(path, f"unreadable ({exc.strerror or exc})")
    decoded = decode(data)
    if decoded is None:
        return Skipped(path, "binary or undecodable content")
    text, encoding = decoded
    if not text.strip():
        return Skipped(path, "empty file")
    return ArticleFile(path=path, name=name, text=text, encoding=encoding)
