"""Danish words around place names (see `sv/place_words.py`)."""

PLACE_PREPOSITIONS = frozenset({"i", "til", "fra", "mod", "omkring", "ved", "med", "mellem"})
LIST_JOINERS = frozenset({"og", "samt", "eller"})
DETERMINERS = frozenset({"en", "et", "den", "det", "denne", "dette", "disse"})
PLACE_HEADS = frozenset({"Byen", "Kommunen", "Regionen", "Jobcenter", "Jobcentre"})
PLACE_KEEPING_WORDS = frozenset(
    {"Kommune", "Kommunes", "Amt", "Universitet", "Universitets", "Havn", "Lufthavn",
     "Erhvervsakademi", "Professionshøjskole", "Sygehus", "Hospital", "Erhvervsråd",
     "Erhvervshus"}
)
REGION_PREFIXES = frozenset({"Region"})
FOREIGN_KIND_WORDS: dict[str, tuple[str, ...]] = {}
COUNTRY_ADJECTIVES = {"norsk": "NO", "svensk": "SE", "finsk": "FI", "dansk": "DK",
                      "tysk": "DE", "polsk": "PL"}
ADJECTIVE_ENDINGS = ("", "e")
PARTNER_NOUNS = (
    r"(?:projekt|samarbejds|lead\s*)?partner\w*|projektejer\w*|side|siden|samarbejde\w*"
    r"|aktører(?:ne)?|kommuner(?:ne)?"
)
ACTOR_NOUNS = r"universitet\w*|organisation\w*|virksomhed\w*|kommune\w*|skole\w*|aktør\w*"
ORGANISATION_FORMS = frozenset({"A/S", "ApS", "I/S", "K/S", "AS"})
NOT_FOREIGN = frozenset({"Norden", "Skandinavien", "Europa", "Øresundsregionen", "Øresund",
                         "Sverige"})
