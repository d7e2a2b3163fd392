"""The pre-scan's shortcuts give what the plain way gives, for any text.

Each shortcut (a screen of words before a regular expression, tokens read only around an
adjective's stem, a pattern opening with its letters, word frequencies read at build time,
names looked up where a word starts instead of an automaton over the whole text)
must find exactly what the plain computation finds: outputs may not move by one character.
"""

from __future__ import annotations

import re

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tnkg.extract import tillvaxtverket
from tnkg.extract.data import tillvaxtverket_repairs as known
from tnkg.extract.gazetteer import (
    FREQUENT_WORD_LANGUAGES,
    FREQUENT_WORD_ZIPF,
    NEAR_MISS_MIN_LENGTH,
    Gazetteer,
)
from tnkg.extract.lang import CUE_LANGUAGES, language_module
from tnkg.extract.places import prescan
from tnkg.extract.places.matching import _joins_names, is_word_char, scan_names
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


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=f"ab1_ -\n{known.WORD_HYPHENS}", max_size=30))
def test_export_hyphens_are_found_as_with_the_look_behind_first(text):
    plain = re.compile(rf"(?<=\w)[{known.WORD_HYPHENS}](?=\w)")
    assert tillvaxtverket._WORD_HYPHEN.sub("", text) == plain.sub("", text)


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


def _scan_names_by_automaton(names, text):
    """The definition: every name found anywhere (Aho-Corasick), kept at whole words."""
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    found = []
    n = len(text)
    for last, name in automaton.iter(text):
        end = last + 1
        start = end - len(name)
        if (start > 0 and is_word_char(text[start - 1])
                and not (text[start - 1] == "-" and _joins_names(text, start - 1))):
            continue
        if end < n and is_word_char(text[end]):
            if text[end] == "-" and _joins_names(text, end):
                pass
            elif not (text[end] == "s" and (end + 1 == n or not is_word_char(text[end + 1]))):
                continue
            else:
                end += 1
        found.append((start, end, name))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0]), -len(m[2])))
    out, reach = [], -1
    for start, end, name in found:
        if start >= reach:
            out.append((start, end, name))
            reach = end
    return out


NAMES = ("Paris", "Pari", "New York", "York", "St.", "St. Gallen", "Østfold", "Fyrbodal",
         "Baden-Württemberg", "Baden", "Halle (Saale)", "Halle", "'s-Hertogenbosch", "Ås",
         "Oslo", "Oslos", "A", "Bo", "Bodø", "EU")
NAME_PIECES = st.sampled_from([*NAMES, "s", "-", " ", ".", "(", ")", "'", "ås", "x", "2", "_",
                               "Saale", "New", "St", "Gallen", "\n", "é", "İ", "ö", "EU-"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(NAME_PIECES, max_size=12))
def test_names_are_found_as_by_an_automaton_over_the_whole_text(pieces):
    text = "".join(pieces)
    gaz = Gazetteer(names={name: () for name in NAMES})
    assert scan_names(gaz, text) == _scan_names_by_automaton(NAMES, text)
