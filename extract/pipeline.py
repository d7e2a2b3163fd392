"""Files -> records: finding input pages, reading them, parsing them, finding places.

`extract_paths` is what `tnkg extract` calls, and `iter_extract` (page by page) what
`tnkg build` calls. One bad file never stops the others: its error is collected with its
path and the rest go on. With `jobs > 1` pages are parsed in worker processes, each
building its places finder (gazetteer, language data, spaCy pipeline) once, and the records
come back in input order.
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from tnkg.errors import ExtractError
from tnkg.extract import tillvaxtverket
from tnkg.extract.esf_page import parse_page
from tnkg.extract.organisations import record_memberships
from tnkg.extract.record import ProjectRecord
from tnkg.extract.review import drop_excluded
from tnkg.extract.textio import decode_page, read_bytes, split_source_line

if TYPE_CHECKING:
    from tnkg.extract.places import PlaceFinder

# Suffixes read when a folder is given (a file given by name is always tried).
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".csv")


@dataclass(frozen=True, slots=True)
class ExtractResult:
    records: list[ProjectRecord] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


def iter_input_files(paths: Iterable[str | Path]) -> list[Path]:
    """The page files named by `paths`, in the order given, folders expanded.

    A folder contributes its `.txt`, `.html`, `.htm` and `.csv` files, recursively and
    sorted by name; hidden files and folders are skipped and a folder reached twice (a
    symlink loop) is read once. A path that is missing, or a folder without pages, is
    kept as it is, so that reading it reports the error for that path.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            pages = _pages_in(path, visited=set())
            found.extend(pages if pages else [path])
        else:
            found.append(path)
    unique = []
    for path in found:
        key = path.resolve() if path.exists() else path
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _pages_in(folder: Path, *, visited: set[tuple[int, int]]) -> list[Path]:
    try:
        stat = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return []
    if (stat.st_dev, stat.st_ino) in visited:
        return []
    visited.add((stat.st_dev, stat.st_ino))
    pages: list[Path] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            pages.extend(_pages_in(path, visited=visited))
        elif path.suffix.lower() in PAGE_SUFFIXES:
            pages.append(path)
    return pages


def default_corpus() -> list[Path]:
    """The bundled sample pages (package `tnkg.extract`, folder `corpus/esf-sample`)."""
    folder = resources.files("tnkg.extract") / "corpus" / "esf-sample"
    return sorted(Path(str(page)) for page in folder.iterdir() if page.name.endswith(".txt"))


def place_finder(spacy_model: str | None = None) -> PlaceFinder:
    """A new places finder (`spacy_model`: an installed spaCy pipeline, else a blank one).

    Imported when first needed: spaCy takes about a second to import, and a build whose
    pages are all in its cache, or a command that reads no page, never needs it.
    """
    from tnkg.extract.places import PlaceFinder

    return PlaceFinder(model=spacy_model)


def _read_page(data: bytes, path: Path, finder: PlaceFinder) -> list[ProjectRecord]:
    text = decode_page(data, path)
    # an export is known by its header row, whatever the file is called
    if tillvaxtverket.is_export(text):
        return tillvaxtverket.read_export(data, path, gazetteer=finder.gazetteer)
    address, text = split_source_line(text)
    return [replace(parse_page(text, str(path)), source_url=address)]


def _read_export(data: bytes, path: Path, finder: PlaceFinder) -> list[ProjectRecord]:
    return tillvaxtverket.read_export(data, path, gazetteer=finder.gazetteer)


# Suffix -> reader of the file's bytes; anything else is read as a page. A `.csv` file must
# be a project-bank export: another header is an error naming the missing columns.
READERS: dict[str, Callable[[bytes, Path, PlaceFinder], list[ProjectRecord]]] = {
    ".csv": _read_export
}


def extract_file(
    path: str | Path,
    *,
    finder: PlaceFinder | None = None,
    exclusions: frozenset = frozenset(),
) -> list[ProjectRecord]:
    """The records in one file (a page gives one; an export may give several).

    Sets `content_sha256` to the SHA-256 of the file's bytes, resolves the organisations
    (`memberships`) and fills `places` (less the ties `exclusions` names, see
    `tnkg.extract.review.read_exclusions`) with `finder`, the run's places finder (one is
    built, a few seconds, when none is given). Raises ExtractError naming the file when it
    cannot be read.
    """
    path = Path(path)
    if path.is_dir():
        # iter_input_files keeps a folder only when it holds no pages
        suffixes = ", ".join(PAGE_SUFFIXES)
        raise ExtractError(f"{path}: a folder with no pages in it (looked for {suffixes})")
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    finder = finder or place_finder()
    reader = READERS.get(path.suffix.lower(), _read_page)
    return [
        replace(
            rec,
            content_sha256=digest,
            memberships=record_memberships(rec),
            places=drop_excluded(finder.find_in_record(rec), exclusions),
        )
        for rec in reader(data, path, finder)
    ]


def extract_paths(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    spacy_model: str | None = None,
    exclusions: frozenset = frozenset(),
) -> ExtractResult:
    """Records of every page under `paths`, in input order, and errors for the bad files."""
    result = ExtractResult()
    for path, records, error in iter_extract(paths, jobs=jobs, spacy_model=spacy_model,
                                             exclusions=exclusions):
        if error is None:
            result.records.extend(records)
        else:
            result.errors.append((str(path), error))
    return result


def iter_extract(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    spacy_model: str | None = None,
    exclusions: frozenset = frozenset(),
) -> Iterator[tuple[Path, list[ProjectRecord], str | None]]:
    """(file, records, error or None) of every page under `paths`, in input order, each as
    soon as it is parsed: a caller that stores and lets go of the records holds one page's
    text at a time instead of the whole corpus. Closing the iterator stops the workers."""
    files = iter_input_files(paths)
    if jobs < 1:
        raise ExtractError(f"--jobs must be at least 1, not {jobs}")
    # built here first: a model that is not installed is one error, not a broken pool, and
    # forked workers inherit the finder
    _init_worker(spacy_model, exclusions)
    if jobs == 1 or len(files) <= 1:
        for path in files:
            yield path, *_extract_one(path)
        return
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(files)), initializer=_init_worker,
        initargs=(spacy_model, exclusions),
    ) as pool:
        try:
            for path, outcome in zip(
                files, pool.map(_extract_one, files, chunksize=4), strict=True
            ):
                yield path, *outcome
        except BaseException:
            # on Ctrl-C (or the caller closing us), stop at once: leaving the block would
            # wait for every queued page
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# The places finder of this worker process (and the exclusions it applies), built once per
# worker by `_init_worker`: the pool's initializer can hand a worker nothing else.
_worker: dict[str, object] = {}


def _init_worker(spacy_model: str | None, exclusions: frozenset = frozenset()) -> None:
    # raises ExtractError when a named model is not installed (nothing is downloaded)
    parent = multiprocessing.parent_process()
    if parent is not None:
        # A worker leaves Ctrl-C and SIGTERM to the main process, which stops the pool: a
        # terminal's Ctrl-C reaches every process of the group, and a worker dying on it
        # would print its own traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        end_with_parent(parent.pid)
    if _worker.get("model", ...) != spacy_model:
        _worker.update(finder=place_finder(spacy_model), model=spacy_model)
    _worker["exclusions"] = exclusions


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
PARENT_POLL_S = 1.0


def end_with_parent(parent_pid: int) -> None:
    """End this worker when the process that started it ends, however it ends: killed with
    SIGKILL (the out-of-memory killer, a cluster scheduler) it can clean up nothing, and an
    orphaned worker would go on parsing pages nobody reads.

    Linux kills the worker at once (PR_SET_PDEATHSIG); elsewhere, and should the kernel
    not, a daemon thread sees the parent gone within a second (it is re-parented).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the thread alone
        pass
    if os.getppid() != parent_pid:  # the parent ended before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="tnkg-parent-watch", daemon=True).start()


def _extract_one(path: Path) -> tuple[list[ProjectRecord], str | None]:
    # errors travel back as text: a worker must not die on one bad page
    try:
        return extract_file(path, finder=_worker["finder"],
                            exclusions=_worker["exclusions"]), None
    except ExtractError as error:
        return [], str(error)
