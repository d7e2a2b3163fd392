"""Punctuation that every language of the pages shares: bullets and list markers.

One definition, read by the page parser (`esf_page`), the sentence splitter (`sentences`) and
the places finder (a list item inherits the cue of the line that opens its list).
"""

from __future__ import annotations

# Characters that open a bullet entry (after optional leading spaces).
BULLETS: tuple[str, ...] = ("•", "·", "▪", "◦", "‣", "-", "–", "—", "*")
# Of those, the ones that also separate entries inside one line (a flattened list); hyphens
# do not, names contain them (`Upplands-Väsby`, `Förvaltningen - Stockholms stad`).
INLINE_BULLETS: tuple[str, ...] = ("•", "·", "▪", "◦", "‣")


def list_item_pattern() -> str:
    """A regex source matching the start of a list item: a bullet, `1.`, `2)`, `a)`.

    A numbered or lettered marker counts only before a space or a capital, so that `1.5`
    or `a.` inside a word starts nothing.
    """
    bullets = "".join(sorted({b for b in BULLETS if len(b) == 1}))
    return (
        r"^\s*(?:[" + bullets.replace("-", r"\-") + r"]"
        r"|\d{1,2}[.)](?=\s|[A-ZÅÄÖÆØ])|[a-h][.)](?=\s|[A-ZÅÄÖÆØ]))\s*"
    )
