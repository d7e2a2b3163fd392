"""Swedish words around place names: what makes a name a place, an organisation or a word."""

# Words right before a name that make it a place whatever else it means (`i Split`): the
# locative cues.
PLACE_PREPOSITIONS = frozenset(
    {"i", "till", "från", "ifrån", "mot", "kring", "runt", "utanför", "nära", "med", "inom",
     "mellan", "via", "ur"}
)
# Words that join the items of a list of places (`Bodø, Warzawa och Odense`).
LIST_JOINERS = frozenset({",", "och", "samt", "/", "&", "eller", "-", "–"})

# Words before a capitalised word that make it a common noun (`en Mentor`).
DETERMINERS = frozenset({"en", "ett", "den", "det", "denna", "detta", "dessa", "de", "varje"})

# Capitalised nouns before a name that leave it a place (`Partnerstaden Klaipėda`); any
# other capitalised word there makes the name part of a longer proper name (`Richard
# Florida`, `Jobbtorg Stockholm`).
PLACE_HEADS = frozenset(
    {"Staden", "Partnerstaden", "Vänorten", "Huvudstaden", "Kommunen", "Regionen", "Landet",
     "Partnerlandet", "Partnerregionen", "Länet", "Provinsen", "Landskapet", "Fylket",
     "Högskolan", "Universitetet", "Länsstyrelsen", "Regionförbundet"}
)

# Words after a name that keep it the place (`Bodø kommune`, `Högskolan i Molde`,
# `Aalborg Universitet`): the name is where the organisation is.
PLACE_KEEPING_WORDS = frozenset(
    {"Kommun", "Kommuner", "Kommunen", "Län", "Stad", "Universitet", "Universitetet",
     "Högskola", "Högskolan", "Landskap", "Region", "Regionen", "Hamn", "Flygplats",
     "Förbund", "Förbunds"}
)

# Kind words that only another country uses: `Viken fylkeskommune` is Norway's Viken, not the
# Swedish village, and `X kommune` (Danish and Norwegian spelling) is no Swedish kommun.
FOREIGN_KIND_WORDS = {
    "fylke": ("NO",), "fylkes": ("NO",), "fylket": ("NO",), "fylkeskommune": ("NO",),
    "fylkeskommunes": ("NO",), "fylkeskommun": ("NO",), "fylkeskommunen": ("NO",),
    "kommune": ("NO", "DK"), "kommunes": ("NO", "DK"), "amt": ("DK",),
    "regionskommune": ("DK",), "kunta": ("FI",), "kaupunki": ("FI",),
}

# Words before a name that belong to the name of a region (`Region Syddanmark`).
REGION_PREFIXES = frozenset({"Region", "Regionen", "Provinsen", "Landskapet", "Grevskapet"})

# A country's adjective, stem -> ISO code: `finska Lappland` is Lappi (FI-10), `norsk
# projektägare` names Norway as the owner's country. Endings -a, -t are the adjective's forms.
COUNTRY_ADJECTIVES = {
    "finsk": "FI", "finländsk": "FI", "norsk": "NO", "dansk": "DK", "isländsk": "IS",
    "estnisk": "EE", "lettisk": "LV", "litauisk": "LT", "polsk": "PL", "tysk": "DE",
    "brittisk": "GB", "skotsk": "GB", "irländsk": "IE", "nederländsk": "NL",
    "holländsk": "NL", "belgisk": "BE", "fransk": "FR", "spansk": "ES", "portugisisk": "PT",
    "italiensk": "IT", "österrikisk": "AT", "rysk": "RU", "färöisk": "FO",
    # Sweden's own adjective is never a foreign place, but it may stand between another
    # country's adjective and its noun (`norska och svenska kommuner`)
    "svensk": "SE",
}
ADJECTIVE_ENDINGS = ("", "a", "t")

# What a country's adjective must qualify to name the country as a partner: the project's
# owners, partners, side or cooperation (`norska partners`, `på norsk sida`, `ett
# svensk-finskt samarbete`), never customers or a market (`norska företag`).
PARTNER_NOUNS = (
    r"(?:samarbets|projekt|lead\s*|huvud)?partner\w*|projektägare\w*|medsökande|motpart\w*"
    r"|sida|sidan|samarbete\w*|samverkan|samarbetsprojekt\w*|aktörer(?:na)?|projekt(?:et)?"
    r"|huvudman|projektledning\w*|organisationer(?:na)?|kommuner(?:na)?"
)

# Actors a country's adjective may qualify (`norska universitet`, `danska kommuner`): they name
# the country as a partner's only in a sentence that states a partnership.
ACTOR_NOUNS = (
    r"universitet\w*|högskol\w*|organisation\w*|myndighet\w*|regioner(?:na)?|företag\w*"
    r"|aktör\w*|skol(?:a|or|orna)|forskare|kommun(?:er|erna)?|institution\w*"
)

# Organisation forms: a name next to one is an organisation's (`Andritz Hydro AB`, `AB Volvo`).
ORGANISATION_FORMS = frozenset(
    {"AB", "HB", "KB", "Aktiebolag", "Handelsbolag", "Stiftelsen", "Ekonomisk", "Ek"}
)

# Names that look like places in the gazetteers but are supranational areas or Sweden
# itself in these texts: never a foreign place.
NOT_FOREIGN = frozenset(
    {"Europa", "EU", "Norden", "Skandinavien", "Östersjöregionen", "Östersjöländerna",
     "Östersjön", "Baltikum", "Sverige", "Barentsregionen", "Nordkalotten", "Kvarken",
     "Kvarkenregionen", "Öresundsregionen", "Öresund", "Kattegatt", "Skagerrak", "Kattegat",
     "Botniska viken", "Bottenviken", "Bottenhavet", "Nordsjön", "Västerhavet"}
)
