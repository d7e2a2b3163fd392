"""Sentence boundaries that hold on Swedish project pages.

The pages break lines at headings, bullets and list items, sometimes wrap a sentence over
two lines, glue a heading to the end of the previous sentence (`...till arbete.Syfte`)
and use abbreviations with and without periods (`bl.a.`, `bl a`, `t.ex.`, `s.k.`, `sk.`,
`m.m.`, `dvs.`, `ek. förening`, `etc.`). `split_sentences` gives character spans, cheap
enough to run over every page before spaCy sees anything; the `tnkg_sentences` spaCy
component sets the same boundaries on a `Doc`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# Lower-cased words that end with a period without ending the sentence.
ABBREVIATIONS = frozenset(
    {
        "bl.a",
        "bl",
        "t.ex",
        "t",
        "ex",
        "s.k",
        "sk",
        "m.m",
        "mm",
        "dvs",
        "d.v.s",
        "ek",
        "etc",
        "m.fl",
        "mfl",
        "fl",
        "ca",
        "cirka",
        "nr",
        "resp",
        "jfr",
        "inkl",
        "exkl",
        "osv",
        "o.s.v",
        "kl",
        "tel",
        "st",
        "dr",
        "prof",
        "fr.o.m",
        "t.o.m",
        "p.g.a",
        "pga",
        "f.d",
        "fd",
        "s",
        "ang",
        "avd",
        "forts",
        "obs",
        "vs",
        "kap",
        "mr",
        "mrs",
        "ms",
        "e.g",
        "i.e",
        "t.ex.",
    }
)

_BULLET = re.compile(r"^\s*(?:[•·▪◦*\-–—]|\d{1,2}[.)](?=\s|[A-ZÅÄÖ])|[a-h][.)](?=\s|[A-ZÅÄÖ]))")
# A sentence end inside a line: . ! ? (and closing quotes) before space and an upper-case
# letter, digit, quote or bullet; or a period glued to a capitalised word (`arbete.Syfte`).
_END = re.compile(
    r"(?P<mark>[.!?]+[\"”’)]*)(?P<gap>\s+)(?=[\"“”'(•\-–]?[A-ZÅÄÖÉÜ0-9])"
    r"|(?<=[a-zåäöé])(?P<glued>\.)(?=[A-ZÅÄÖ][a-zåäö])"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# What comes before a period when it closes a list marker (`1.`, `b.`), not a sentence.
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}|[a-hA-H])$")


def _ends_with_abbreviation(text: str) -> bool:
    match = _WORD_BEFORE.search(text)
    return bool(match) and match.group(1).lower().rstrip(".") in ABBREVIATIONS


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Spans of logical lines: a wrapped line (next line starts small) joins the previous."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n", text):
        end = match.start()
        line = text[start:end]
        nxt = text[match.end() : match.end() + 2]
        wrapped = (
            line.strip()
            and not line.rstrip().endswith((".", ":", "!", "?", ";"))
            and not _BULLET.match(line)
            and nxt[:1].islower()
        )
        if wrapped:
            continue  # the sentence goes on on the next line
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences of a text, blank ones left out.

    >>> t = "Vi samarbetar bl.a. med Riga. Våra partners är:\\n• Tallinn"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Vi samarbetar bl.a. med Riga.', 'Våra partners är:', '• Tallinn']
    """
    out: list[tuple[int, int]] = []
    for line_start, line_end in _line_spans(text):
        start = line_start
        for match in _END.finditer(text, line_start, line_end):
            if _LIST_MARKER.match(text[start : match.start()]):
                continue
            if match.group("glued"):
                cut, nxt = match.end(), match.end()
            else:
                if _ends_with_abbreviation(text[start : match.start()] + "."):
                    continue
                cut, nxt = match.end("mark"), match.end()
            out.append((start, cut))
            start = nxt
        out.append((start, line_end))
    return [_strip(text, s, e) for s, e in out if text[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


if not Doc.has_extension("tnkg_sent_starts"):
    Doc.set_extension("tnkg_sent_starts", default=None)


@Language.component("tnkg_sentences")
def set_sentence_starts(doc: Doc) -> Doc:
    """Mark sentence starts by `split_sentences`, before any parser or sentencizer."""
    starts = {s for s, _ in split_sentences(doc.text)}
    marked = set()
    for token in doc:
        # Only the starts are set (each assignment costs a pass over the doc); spaCy reads
        # the tokens left unset as inside a sentence.
        if token.i == 0 or token.idx in starts:
            token.is_sent_start = True
            marked.add(token.i)
        elif token.i == 1:
            token.is_sent_start = False  # marks the doc as segmented even if one sentence
    doc._.tnkg_sent_starts = frozenset(marked)
    return doc


def sentence_starts(doc: Doc) -> frozenset[int]:
    """Token indices that start a sentence: as `tnkg_sentences` set them, without walking
    `doc.sents` (which builds every token again); from `doc.sents` for another doc."""
    if doc._.tnkg_sent_starts is not None:
        return doc._.tnkg_sent_starts
    return frozenset(sent.start for sent in doc.sents)
