"""Names into keys: a written name cleaned, and its URL-safe slug (one slug for every key).

Organisation keys (extract/organisations.py), ESF region and region IRIs (kg/iri.py) all
take their readable part from `slugify`, so the same name gives the same slug wherever
it is keyed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Letters that NFKD does not split into a base letter and an accent.
_TRANSLITERATION = str.maketrans(
    {"å": "a", "ä": "a", "ö": "o", "æ": "ae", "ø": "o", "ð": "d", "þ": "th", "ł": "l", "đ": "d"}
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def clean_name(name: str) -> str:
    """The name NFC-normalised, without control or zero-width characters, spaces collapsed.

    >>> clean_name(" Falu\\u200b  Kommun ")
    'Falu Kommun'
    """
    text = unicodedata.normalize("NFC", name)
    if text.isprintable():  # fast path: no control, format or unusual space characters
        return " ".join(text.split())
    # Cc/Cf are control and format characters (zero-width space, BOM, soft hyphen ...);
    # whitespace controls become spaces so that words stay apart.
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    return " ".join(text.split())


def slugify(name: str) -> str:
    """The URL-safe slug of a name, only `[a-z0-9-]` and never empty.

    The cleaned name case-folded, å/ä/ö as a/a/o, æ/ø as ae/o, other accents dropped, every
    run of anything else one `-`. A name with no letter or digit left (`""`, `北京`) gets
    `x-` and 12 hex digits of the SHA-256 of its cleaned, case-folded form.

    >>> slugify("Övre  Norrland"), slugify("Østfold fylke"), slugify("北京")
    ('ovre-norrland', 'ostfold-fylke', 'x-68c77e155132')
    """
    cleaned = clean_name(name)
    text = cleaned.casefold().translate(_TRANSLITERATION)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    slug = _NOT_SLUG.sub("-", text).strip("-")
    if slug:
        return slug
    return "x-" + hashlib.sha256(cleaned.casefold().encode("utf-8")).hexdigest()[:12]


def name_key(name: str) -> str:
    """The form two written names share when they differ only in case, accents (å/ä/ö, ø
    and æ included) and spacing; unlike a slug it keeps punctuation, so `GB" }` is no `GB`.

    >>> name_key("  Linköpings  KOMMUN"), name_key("Tromsø"), name_key("Côte d'Ivoire")
    ('linkopings kommun', 'tromso', "cote d'ivoire")
    """
    text = clean_name(name).casefold().translate(_TRANSLITERATION)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
