"""Sentence boundaries that hold on Swedish, Danish and Norwegian project pages.

The pages break lines at headings, bullets and list items, sometimes wrap a sentence over
two lines, glue a heading to the end of the previous sentence (`...till arbete.Syfte`)
and use abbreviations with and without periods (`bl.a.`, `bl a`, `t.ex.`, `s.k.`, `sk.`,
`m.m.`, `dvs.`, `ek. förening`, `f.eks.`). `SentenceSplitter.split` gives character spans,
cheap enough to run over every page before spaCy sees anything; the `tnkg_sentences` spaCy
component (`tnkg.extract.places.components`) sets the same boundaries on a `Doc`.

The splitter reads its words from `tnkg.extract.lang` (abbreviations of every language, the
bullets of `lang.punctuation`) and compiles its patterns when it is made, once per run.
"""

from __future__ import annotations

import re

from tnkg.extract.data.page_headings import INLINE_FIELD_LABELS
from tnkg.extract.lang import LANGUAGES, language_module
from tnkg.extract.lang.punctuation import list_item_pattern

# A sentence end inside a line: . ! ? (and closing quotes) before space and an upper-case
# letter, digit, quote or bullet; or a period glued to a capitalised word (`arbete.Syfte`).
_END = (
    r"(?P<mark>[.!?]+[\"”’)]*)(?P<gap>\s+)(?=[\"“”'(•\-–]?[A-ZÅÄÖÆØÉÜ0-9])"
    r"|(?<=[a-zåäöæøé])(?P<glued>\.)(?=[A-ZÅÄÖÆØ][a-zåäöæø])"
)
# A field's label inside running text starts a new sentence (`... i Inre Skandinavien
# Projektägare svensk och norsk: Compare Karlstad ... Beviljat EU-stöd: 600 000 SEK`).
_LABEL = r"(?<=\S)(?P<label>\s+)(?=(?:{labels})\b[^:\n.]{{0,30}}:\s)"
_WORD_BEFORE = r"([\w.]+)$"
# What comes before a period when it closes a list marker (`1.`, `b.`), not a sentence.
_LIST_MARKER = r"^\s*(?:\d{1,2}|[a-hA-H])$"


class SentenceSplitter:
    """Splits texts into sentences.

    >>> splitter = SentenceSplitter()
    >>> t = "Vi samarbetar bl.a. med Riga. Våra partners är:\\n• Tallinn"
    >>> [t[s:e] for s, e in splitter.split(t)]
    ['Vi samarbetar bl.a. med Riga.', 'Våra partners är:', '• Tallinn']
    """

    def __init__(self) -> None:
        self.abbreviations = frozenset(
            word
            for lang in LANGUAGES
            for word in language_module(lang, "abbreviations").ABBREVIATIONS
        )
        labels = "|".join(re.escape(label) for label in INLINE_FIELD_LABELS)
        self._end = re.compile(_END + "|" + _LABEL.format(labels=labels))
        self._word_before = re.compile(_WORD_BEFORE)
        self._list_marker = re.compile(_LIST_MARKER)
        self._list_item = re.compile(list_item_pattern())

    def is_list_item(self, text: str) -> bool:
        """Whether `text` starts with a bullet or a list marker (`•`, `1.`, `b)`)."""
        return self._list_item.match(text) is not None

    def _ends_with_abbreviation(self, text: str) -> bool:
        match = self._word_before.search(text)
        return bool(match) and match.group(1).lower().rstrip(".") in self.abbreviations

    def _line_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of logical lines: a wrapped line (next line starts small) joins the previous."""
        spans: list[tuple[int, int]] = []
        start = 0
        pos = text.find("\n")
        while pos >= 0:
            line = text[start:pos]
            nxt = text[pos + 1 : pos + 3]
            wrapped = (
                line.strip()
                and not line.rstrip().endswith((".", ":", "!", "?", ";"))
                and not self.is_list_item(line)
                and nxt[:1].islower()
            )
            if not wrapped:
                spans.append((start, pos))
                start = pos + 1
            pos = text.find("\n", pos + 1)
        spans.append((start, len(text)))
        return spans

    def split(self, text: str) -> list[tuple[int, int]]:
        """Character spans (start, end) of the sentences of a text, blank ones left out."""
        out: list[tuple[int, int]] = []
        for line_start, line_end in self._line_spans(text):
            start = line_start
            for match in self._end.finditer(text, line_start, line_end):
                if self._list_marker.match(text[start : match.start()]):
                    continue
                if match.group("glued"):
                    cut, nxt = match.end(), match.end()
                elif match.group("label"):
                    cut, nxt = match.start(), match.end()
                else:
                    if self._ends_with_abbreviation(text[start : match.start()] + "."):
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
