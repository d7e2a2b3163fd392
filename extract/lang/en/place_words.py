"""English words around place names (see `sv/place_words.py`)."""

PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "near", "with"})
LIST_JOINERS = frozenset({"and"})
DETERMINERS = frozenset({"a", "an", "the", "this", "these"})
PLACE_HEADS: frozenset[str] = frozenset()
PLACE_KEEPING_WORDS = frozenset(
    {"City", "Council", "County", "Municipality", "Borough", "Region", "University",
     "Stadt", "Kaupunki", "Kunta", "Gemeente", "Comune", "Commune", "Miasto", "Savivaldybė",
     "Linn", "Vald"}
)
REGION_PREFIXES = frozenset({"Region", "County"})
COUNTRY_ADJECTIVES: dict[str, str] = {}
ADJECTIVE_ENDINGS = ("",)
PARTNER_NOUNS = r"partners?"
ACTOR_NOUNS = r"universit(?:y|ies)|organi[sz]ations?|municipalit(?:y|ies)|compan(?:y|ies)"
ORGANISATION_FORMS = frozenset(
    {"Ltd", "Inc", "plc", "PLC", "GmbH", "AG", "Oy", "Oyj", "Ab", "SA", "BV", "NV", "LLC",
     "Corporation", "Group", "Hydro", "Energy", "Holding", "Consulting", "Software"}
)
NOT_FOREIGN = frozenset({"Europe", "Sweden", "Nordic", "Scandinavia", "Baltic Sea"})
