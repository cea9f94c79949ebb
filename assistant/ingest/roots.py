"""Where articles are found, and what each one is called (its id).

Identity: an article is known by its path, never by its bare file name.

- The declared roots are ``seeds_dir`` and then ``article_roots`` (settings). A file under ``seeds_dir`` is
  known by its path relative to it (``000_f3b0780ee10127ff.txt``, ``2024/a.md``); a file under another
  declared root by that root's folder name and its path inside it (``wires/a.md``; when two declared roots
  have the same folder name, enough parent folders to tell them apart: ``x/wires/a.md``). The first
  declared root that holds a file names it.
- A file outside every declared root is known by its absolute path (``/home/me/clips/a.md``).
- Should two files still get the same id (a subfolder of seeds_dir named like another root), the file of
  the earlier root keeps it and the other is known by its absolute path.

Ids do not depend on which paths a run names, so ``ingest A B`` and a later ``ingest A`` agree; the id is
the ``file`` that search results and citations show.

Scanning: the paths a run names are resolved (links, ``..``). Inside a folder, hidden entries are ignored,
links to files are followed, links to folders are not, and an unreadable subfolder is reported while what
was indexed from it is kept. A named path that does not exist or cannot be read is an error and nothing
changes, except a missing ``.txt``/``.md`` file in a folder that exists: that article is gone.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest.loader import ARTICLE_SUFFIXES, DUPLICATE, LINK, MISSING, NOT_ARTICLE, UNREADABLE, Skipped
from assistant.settings import Settings
from assistant.store import StoreError


class RootError(StoreError):
    """A path named for ingest cannot be scanned; nothing was changed."""


@dataclass(frozen=True)
class DeclaredRoot:
    path: Path
    """Resolved, absolute."""
    label: str
    """What ids under it start with ("" for seeds_dir)."""


def declared_roots(settings: Settings) -> list[DeclaredRoot]:
    """seeds_dir, then article_roots, resolved, each with the label its articles' ids start with."""
    paths: list[Path] = []
    for given in [settings.seeds_dir, *settings.article_roots]:
        real = Path(os.path.realpath(Path(given).expanduser()))
        if real not in paths:
            paths.append(real)
    return [DeclaredRoot(p, "" if i == 0 else _label(p, paths[1:])) for i, p in enumerate(paths)]


def _label(path: Path, others: Sequence[Path]) -> str:
    """The shortest tail of ``path`` that no other root ends with."""
    parts = [p for p in path.parts if p != path.anchor]
    for n in range(1, len(parts) + 1):
        if not any(o != path and o.parts[-n:] == tuple(parts[-n:]) for o in others):
            return "/".join(parts[-n:])
    return path.as_posix()


def within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both absolute and normalised, as ``str(Path)`` gives them):
    ``Path.parents`` without making a Path of every parent, for scans of many files."""
    return path == folder or path.startswith(folder if folder.endswith(os.sep) else folder + os.sep)


def natural_id(path: Path, roots: Sequence[DeclaredRoot]) -> tuple[str, int]:
    """The id of the article at absolute ``path``, and the rank of the root naming it (len(roots): none)."""
    name = str(path)
    for rank, root in enumerate(roots):
        folder = str(root.path)
        if name != folder and within(name, folder):
            rel = name[len(folder.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
            return (f"{root.label}/{rel}" if root.label else rel), rank
    return path.as_posix(), len(roots)


def assign_ids(paths: Iterable[Path], roots: Sequence[DeclaredRoot]) -> dict[Path, str]:
    """Unique ids for ``paths``: on a clash the file of the earlier root keeps the id, the others their absolute path."""
    claims: dict[str, list[tuple[int, str, Path]]] = {}
    for path in dict.fromkeys(paths):
        doc_id, rank = natural_id(path, roots)
        claims.setdefault(doc_id, []).append((rank, str(path), path))
    ids: dict[Path, str] = {}
    for doc_id, claimants in claims.items():
        claimants.sort()
        ids[claimants[0][2]] = doc_id
        for _, _, path in claimants[1:]:
            ids[path] = path.as_posix()
    return ids


@dataclass
class Scan:
    """What scanning the named paths found."""

    files: list[Path] = field(default_factory=list)
    """Article files, absolute, each once."""
    skipped: list[Skipped] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)
    """Folders listed and files named, absolute: an indexed article under one of them that was not found is gone."""
    unreadable: list[Path] = field(default_factory=list)
    """Subfolders that could not be listed: what was indexed under them is kept."""
    links: set[Path] = field(default_factory=set)
    """Files of ``files`` found through a link in a folder (the others are found by their real path)."""

    def covers(self, path: Path | str) -> bool:
        """Whether this scan would have found an article at ``path`` (so its absence means it is gone)."""
        name = str(path)
        inside = any(within(name, str(r)) for r in self.roots)
        return inside and not any(within(name, str(d)) for d in self.unreadable)


def list_folder(path: Path) -> list[os.DirEntry[str]]:
    """The entries of one folder (OSError when it cannot be listed)."""
    with os.scandir(path) as entries:
        return list(entries)


def scan_roots(named: Sequence[Path]) -> Scan:
    """Expand the named files and folders into article files; RootError when one cannot be scanned."""
    scan = Scan()
    for given in named:
        _scan_named(Path(given).expanduser(), scan)
    unique: dict[str, Path] = {}
    files: list[Path] = []
    for path in scan.files:
        target = os.path.realpath(path) if path in scan.links else str(path)  # a walk lists folders by real path
        if target in unique:
            if unique[target] != path:
                scan.skipped.append(Skipped(path, f"the same file as {unique[target]}", DUPLICATE))
            continue
        unique[target] = path
        files.append(path)
    scan.files = files
    return scan


def _scan_named(named: Path, scan: Scan) -> None:
    path = Path(os.path.abspath(named))
    unchanged = "nothing was changed"
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise RootError(
                f"{named} is a link to something that does not exist: fix the link or name its target; {unchanged}"
            ) from None
        if path.suffix.lower() in ARTICLE_SUFFIXES and path.parent.is_dir():
            scan.roots.append(Path(os.path.realpath(path)))  # an article file that is gone from a folder that is there
            scan.skipped.append(Skipped(named, "no such file or folder", MISSING))
            return
        raise RootError(
            f"{named} does not exist: check the path (or mount its disk) and run again; {unchanged}"
        ) from None
    except OSError as exc:  # a link loop, a parent folder without permission, ...
        raise RootError(
            f"cannot open {named} ({exc.strerror or exc}): check the path and its permissions; {unchanged}"
        ) from exc
    real = Path(os.path.realpath(path))
    if stat.S_ISDIR(mode):
        _walk(real, scan, root_name=named)
        scan.roots.append(real)
    elif not stat.S_ISREG(mode):
        scan.skipped.append(Skipped(named, "not a regular file or folder", NOT_ARTICLE))
    elif real.suffix.lower() in ARTICLE_SUFFIXES:
        scan.files.append(real)
        scan.roots.append(real)
    else:
        scan.skipped.append(Skipped(named, f"not a .txt or .md file ({real.suffix or 'no suffix'})", NOT_ARTICLE))


def _walk(folder: Path, scan: Scan, root_name: Path | None = None) -> None:
    try:
        entries = list_folder(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if root_name is not None:
            raise RootError(
                f"cannot read the folder {root_name} ({reason}): fix its permissions and run again; nothing was changed"
            ) from exc
        scan.unreadable.append(folder)
        scan.skipped.append(
            Skipped(folder, f"unreadable folder ({reason}); what was indexed from it is kept", UNREADABLE)
        )
        return
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        try:
            if entry.is_symlink() and os.path.isdir(child):
                scan.skipped.append(Skipped(child, "a link to a folder (links to folders are not followed)", LINK))
            elif entry.is_dir(follow_symlinks=False):
                _walk(child, scan)
            elif child.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            elif entry.is_symlink() and not os.path.exists(child):
                scan.skipped.append(Skipped(child, "a link to something that does not exist", LINK))
            elif entry.is_file():
                scan.files.append(child)
                if entry.is_symlink():
                    scan.links.add(child)
        except OSError as exc:
            scan.unreadable.append(child)
            scan.skipped.append(Skipped(child, f"unreadable ({exc.strerror or exc})", UNREADABLE))
