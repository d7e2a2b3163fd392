"""The pre-scan's shortcuts give what the plain way gives, for any text.

Each shortcut (a screen of words before a regular expression, tokens read only around an
adjective's stem, a pattern opening with its letters, word frequencies read at build time)
must find exactly what the plain computation finds: outputs may not move by one character.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tnkg.extract.gazetteer import (
    FREQUENT_WORD_LANGUAGES,
    FREQUENT_WORD_ZIPF,
    NEAR_MISS_MIN_LENGTH,
)
from tnkg.extract.lang import CUE_LANGUAGES, language_module
from tnkg.extract.places import prescan
from tnkg.extract.places.screen import ScreenedPatterns
from tnkg.extract.places.words import PlaceWords

MARKERS = [p for lang in CUE_LANGUAGES
           for p in getattr(language_module(lang, "role_cues"), "TRANSNATIONAL_PAGE_MARKERS", ())]
# Pieces texts are made of: the markers' words in every case, the letters whose case-blind
# matching lower() does not follow (`İ`, `ı`, `ſ`), adjectives, nouns, marks and spaces.
PIECES = st.sampled_from([
    "Interreg", "INTERREG", "İnterreg", "ınterreg", "gränsöverskridande", "samarbete",
    "Gränsöverskridande", "projekt", "båda", "sidor", "om", "gränsen", "över", "riksgränsen",
    "norsk", "Norska", "svensk", "dansk", "finsk", "finländska", "partner", "partners",
    "projektägare", "sidan", "Botnia-Atlantica", "Kvarkenrådet", "på", "tværs", "af", "across",
    "the", "border", "borders", "cross-border", "cooperation", "prosjekteier", "begge",
    "sider", "av", "grensen", "Danish", "partneres", "ſide", "företag", "och", "fem", "2",
    "universitet", ":", ",", "-", "/", "(", ")", "en", "ett", "tyska", "NORSKA", "Partners",
])
TEXTS = st.lists(st.tuples(PIECES, st.sampled_from([" ", "  ", "\n", "\n\n", "", "\t"])),
                 max_size=14).map(lambda parts: "".join(p + gap for p, gap in parts))


@pytest.fixture(scope="module")
def screened() -> ScreenedPatterns:
    return ScreenedPatterns(MARKERS)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_screened_markers_match_where_the_combined_pattern_does(screened, text):
    assert screened.search_any(text) == bool(screened.combined.search(text))


@pytest.fixture(scope="module")
def words() -> PlaceWords:
    return PlaceWords.load()


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_adjectives_read_around_their_stems_as_in_the_whole_text(words, text):
    whole = prescan._qualifying(prescan._tokens(text, 0), None, words)
    assert prescan._partner_adjectives(text, words) == whole


LETTERS = st.text(alphabet="AaÅåÄäÖöEeéèüæøßØÆİıSsK -\n(),", max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=LETTERS)
def test_capitalised_words_are_found_as_with_the_look_behind_first(text):
    plain = re.compile(rf"(?<![\w-])[A-ZÅÄÖ][a-zåäöéèüæøß]{{{NEAR_MISS_MIN_LENGTH - 1},}}(?![\w-])")
    caps = re.compile(r"(?<![\w-])[A-ZÅÄÖÆØ]{5,}(?![\w-])")
    for pattern, fast in ((plain, prescan._CAPITALISED), (caps, prescan._ALL_CAPS)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_frequent_words_are_wordfreqs(finder):
    """The gazetteer's frequent words answer as wordfreq does for capitalised words: those
    around the threshold, with `ß`, and misspelt cities."""
    wordfreq = pytest.importorskip("wordfreq")
    frequent = finder.gazetteer.frequent_words
    listed = [w for lang in FREQUENT_WORD_LANGUAGES
              for w in wordfreq.top_n_list(lang, 60000)[40000:60000:50]]
    written = [w.capitalize() for w in listed if prescan._CAPITALISED.fullmatch(w.capitalize())]
    written += ["Warzawa", "Triple", "Straße", "Strasse", "Göteborgs", "Københavns", "Nürnberg"]
    assert len(written) > 200
    for word in written:
        expected = any(wordfreq.zipf_frequency(word, lang) >= FREQUENT_WORD_ZIPF
                       for lang in FREQUENT_WORD_LANGUAGES)
        assert (word.casefold() in frequent) == expected, word
