"""The project's error hierarchy.

Library code raises these; only the CLI prints them, as one line on stderr
with a documented exit code (docs/exit-codes.md).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable


class TnkgError(Exception):
    """Root of every error tnkg raises on purpose."""


class ExtractError(TnkgError):
    """A page could not be read or parsed into a record."""


class BuildError(TnkgError):
    """The graph could not be built or written."""


class StoreError(TnkgError):
    """The built graph's store is missing or could not be opened."""


class QueryError(TnkgError):
    """A query, its parameters or its results were unusable."""


def did_you_mean(word: str, choices: Iterable[str], *, key: Callable[[str], str] = str.casefold,
                 n: int = 3) -> str:
    """` (did you mean A or B?)` naming up to `n` of `choices` closest to a mistyped `word`
    (compared by `key`, e.g. a slug that ignores case and accents), or `` when none is close.

    >>> did_you_mean("partner-citys-ranked", ["partner-cities-ranked", "project-overview"])
    ' (did you mean partner-cities-ranked?)'
    """
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(key(choice), choice)
    found = difflib.get_close_matches(key(word), list(by_key), n=n, cutoff=0.75)
    return f" (did you mean {' or '.join(by_key[k] for k in found)}?)" if found else ""
