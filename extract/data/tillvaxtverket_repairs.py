"""What tnkg knows about Tillväxtverket's project-bank export: columns, missing values, funds,
and the text flaws it repairs.

Found by reading the 2,123 rows of `tillvaxtverket-projektbanken-2007-2013.csv` (eurospent,
commit caad8dc). Each repair below is certain: the characters it replaces never stand for
themselves in the project bank's Swedish, Norwegian or Danish prose.
"""

# The header that makes a CSV file an export of this layout: these columns must all be there
# (others may be, in any order). Values are read by these names.
REQUIRED_COLUMNS = (
    "arende_id",
    "projektnamn",
    "projektbeskrivning",
    "stodmottagare",
    "projekt_starttid",
    "projekt_sluttid",
    "beviljat_belopp_sek",
    "beviljat_belopp_euro",
    "malprogram",
    "omrade",
    "insatsomrade",
    "lan_fordelning",
    "kommun_fordelning",
    "projektledare",
    "projektledare_telnr",
    "projektledare_mail",
)

# Delimiters an export may use (the project bank's own is the comma; Swedish spreadsheet
# programs save with semicolons).
DELIMITERS = (",", ";", "\t")

# Values that mean "no value", compared after trimming and without case.
MISSING_VALUES = frozenset({"", "information saknas", "värde saknas"})

# The programme (`malprogram`) decides the fund; matched as a prefix, without case.
FUND_BY_PROGRAMME = (
    ("mål 2", "ERDF"),  # Mål 2 Regional konkurrenskraft och sysselsättning
    ("interreg iva", "Interreg IVA"),  # Interreg IVA Gränsöverskridande samarbete
    ("interreg iv a", "Interreg IVA"),
)

# Mis-decoded letters. UTF-8 `Ã` + byte (C3 xx) lost its lead byte to `Å` in the export, so
# `Å` followed by the continuation byte read as a Latin-1 character is one letter:
# Å\x96 -> Ö, Å\x84 -> Ä, Å\x89 -> É, Å¦ -> æ, Å¸ -> ø. Only continuation characters that
# cannot follow a real `Å` are repaired: the C1 controls and the symbols below (never written
# after Å in prose); `Å` + a letter is left alone.
LEAD_A_RING_CONTINUATIONS = "".join(chr(c) for c in range(0x80, 0xA0)) + "¤¥¦¨©¶¸¼"
# UTF-8 two-byte sequences C2 xx read as Latin-1: `Â«` -> `«`, `Â»` -> `»`, `Â§` -> `§`,
# `Â¿` -> `¿` (then read as below). `Â` is not a letter of these languages.
LEAD_A_CIRCUMFLEX_CONTINUATIONS = "«»§¿"

# Typographic characters (U+20xx) that lost their high byte and became control characters.
CONTROL_REPAIRS = {
    "\x13": "\u2013",  # en dash
    "\x14": "\u2014",  # em dash
    "\x18": "\u2018",  # left single quote
    "\x19": "\u2019",  # right single quote (apostrophe)
    "\x1c": "\u201c",  # left double quote
    "\x1d": "\u201d",  # right double quote
}
# Other control characters carry nothing (`\x02\x02\x02` after a sentence): dropped.
DROPPED_CONTROLS = "".join(
    chr(c) for c in range(0x20) if chr(c) not in "\t\n\r" and chr(c) not in CONTROL_REPAIRS
)
# A discretionary hyphen written as `¬` or a soft hyphen inside a word (`företa¬gens`).
WORD_HYPHENS = "¬\u00ad"

# `¿` stands for a character the export could not encode: a quote or a dash.
UNKNOWN_MARK = "¿"
# What a `¿` becomes when its position makes it certain:
QUOTE = "\u201d"  # a pair around a phrase: `¿bra arbetsgivare¿` -> ”bra arbetsgivare”
DASH = "\u2013"  # standing between spaces: `Piteå ¿ Luleå` -> `Piteå – Luleå`
# Characters after which an opening quote may stand, and before which a closing one may.
OPEN_AFTER = " \n\t(/[\"'"
CLOSE_BEFORE = " \n\t.,;:!?)]\"'"
# A quoted phrase is a name or a slogan: longer spans are two unrelated marks.
MAX_QUOTED_LENGTH = 120
