"""Language data, apart from logic, in the manner of spaCy's `lang/` folders.

`punctuation.py` holds what every language shares (bullets, list markers); each language
folder (`sv`, `da`, `nb`) holds its words: abbreviations, the cue tables that give places
their roles, the words around place names. Nothing here is compiled or registered: the
places finder reads these tables when it is built (`tnkg.extract.places.PlaceFinder`).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

# The languages of the texts: Swedish project pages, Danish and Norwegian Interreg pages.
LANGUAGES = ("sv", "da", "nb")
# Languages whose cue tables are read: the texts' own, and English, whose field labels and
# phrases Nordic pages borrow (`Lead Partner`).
CUE_LANGUAGES = (*LANGUAGES, "en")


def language_module(lang: str, part: str) -> ModuleType:
    """The module `part` of language `lang` (`language_module("da", "role_cues")`)."""
    if lang not in CUE_LANGUAGES:
        raise ValueError(f"no language data for {lang!r} (have {', '.join(CUE_LANGUAGES)})")
    return import_module(f"{__name__}.{lang}.{part}")
