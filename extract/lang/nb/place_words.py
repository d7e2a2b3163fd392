"""Norwegian (bokmål) words around place names (see `sv/place_words.py`)."""

PLACE_PREPOSITIONS = frozenset({"i", "til", "fra", "mot", "rundt", "ved", "med", "mellom", "på"})
LIST_JOINERS = frozenset({"og", "samt", "eller"})
DETERMINERS = frozenset({"en", "et", "ei", "den", "det", "denne", "dette", "disse"})
PLACE_HEADS = frozenset({"Byen", "Kommunen", "Fylket", "Høgskolen", "Universitetet", "NAV"})
PLACE_KEEPING_WORDS = frozenset(
    {"Kommune", "Kommunes", "Fylke", "Fylkes", "Fylkeskommune", "Fylkeskommunes",
     "Universitet", "Høgskole", "Høyskole", "Lufthavn", "Havn", "Næringshage",
     "Politidistrikt", "Regionråd", "Yrkesskole", "Sykehus", "Turistforening", "Næringsråd",
     "Næringsforening"}
)
REGION_PREFIXES = frozenset({"Region"})
FOREIGN_KIND_WORDS: dict[str, tuple[str, ...]] = {}
COUNTRY_ADJECTIVES = {"norsk": "NO", "svensk": "SE", "finsk": "FI", "dansk": "DK"}
ADJECTIVE_ENDINGS = ("", "e")
PARTNER_NOUNS = (
    r"(?:prosjekt|samarbeids|lead\s*)?partner\w*|prosjekteier\w*|side|siden|samarbeid\w*"
    r"|aktører(?:ne)?|kommuner(?:ne)?"
)
ACTOR_NOUNS = (
    r"universitet\w*|høgskole\w*|høyskole\w*|organisasjon\w*|bedrift\w*|kommune\w*"
    r"|skole\w*|aktør\w*|fylkeskommune\w*"
)
ORGANISATION_FORMS = frozenset({"AS", "ASA", "SA", "BA", "ANS", "DA"})
NOT_FOREIGN = frozenset({"Norden", "Skandinavia", "Europa", "Sverige", "Nordkalotten",
                         "Barentsregionen"})
