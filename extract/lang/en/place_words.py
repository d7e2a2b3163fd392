"""English words around place names (see `sv/place_words.py`)."""

PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "near", "with"})
LIST_JOINERS = frozenset({"and"})
DETERMINERS = frozenset({"a", "an", "the", "this", "these"})
# `Visit X`: destination companies are named after their place; `City College X` is in X.
PLACE_HEADS = frozenset({"Visit", "College"})
# `University of X`, `City of X`, `Regional Council of X`: an organisation of the place
# named after `of`.
ORGANISATION_OF_HEADS = frozenset(
    {"university", "city", "municipality", "county", "region", "council", "port", "province",
     "town", "hospital"}
)
PLACE_KEEPING_WORDS = frozenset(
    {"City", "Council", "County", "Municipality", "Borough", "Region", "University", "Hospital",
     "Stadt", "Kaupunki", "Kunta", "Gemeente", "Comune", "Commune", "Miasto", "Savivaldybė",
     "Linn", "Vald"}
)
REGION_PREFIXES = frozenset({"Region", "County"})
FOREIGN_KIND_WORDS: dict[str, tuple[str, ...]] = {}
COUNTRY_ADJECTIVES = {
    "norwegian": "NO", "danish": "DK", "finnish": "FI", "icelandic": "IS", "estonian": "EE",
    "latvian": "LV", "lithuanian": "LT", "polish": "PL", "german": "DE", "dutch": "NL",
    "scottish": "GB", "irish": "IE", "swedish": "SE",
}
ADJECTIVE_ENDINGS = ("",)
PARTNER_NOUNS = r"(?:project\s+|lead\s*)?partners?|side|owners?|co-?operation|collaboration"
ACTOR_NOUNS = r"universit(?:y|ies)|organi[sz]ations?|municipalit(?:y|ies)|compan(?:y|ies)"
ORGANISATION_FORMS = frozenset(
    {"Ltd", "Inc", "plc", "PLC", "GmbH", "AG", "Oy", "Oyj", "Ab", "SA", "BV", "NV", "LLC",
     "Corporation", "Group", "Hydro", "Energy", "Holding", "Consulting", "Software"}
)
NOT_FOREIGN = frozenset({"Europe", "Sweden", "Nordic", "Scandinavia", "Baltic Sea"})
