"""Swedish language knowledge for finding foreign places and their partnership roles.

Kept as data, apart from the logic in `tnkg.extract.places`, in the manner of spaCy's
`lang/sv/*.py`: each cue is a regular expression over lower-cased sentence text, named so
that a test can exercise it. A cue never names a place; it says what a sentence does with
the places it names.
"""

from __future__ import annotations

# Section headings whose text is about the project's transnational work: a place there
# needs only a weak partnership word (samarbete, utbyte, besök, ...) to be a partner.
TRANSNATIONAL_HEADINGS = (
    "transnationellt samarbete",
    "transnationell samverkan",
    "transnationalitet",
    "transnationella aktiviteter",
    "internationellt samarbete",
)

# This project's partnerships, present or past (final reports and news are partner too).
PARTNER_CUES = {
    "partners_ar": r"\b(?:samarbets|projekt)?partner(?:s|na|n)?\s+(?:är|var|blev|blir)\b",
    "samarbetspartner_i": r"\bsamarbetspartner(?:s|na|n)?\s+(?:i|från)\b",
    "var_partner": r"\bvår(?:a)?\s+(?:\w+\s+){0,2}partner(?:s|na)?\b",
    "samarbetar_med": r"\bsamarbetar\s+(?:\w+\s+){0,2}med\b",
    "har_samarbetat": r"\b(?:har|hade)\s+(?:[\w-]+\s+){0,3}samarbetat\b|\bsamarbetade\b",
    "samverkar_med": r"\bsamverka[rt]\s+(?:\w+\s+){0,2}med\b",
    "partnerskap_med": r"\bpartnerskap\s+med\b",
    "i_samarbete_med": r"\bi\s+samarbete\s+med\b|\btillsammans\s+med\s+(?:\w+\s+){0,2}partner",
    "partner_i": r"\bpartner(?:s|na|n)?\s+(?:i|från)\b",
    "partnerorganisation": r"\bpartner(?:organisation|stad|städer|land|länder)\w*\b",
    "transnationell_partner": r"\btransnationell(?:a)?\s+partner",
    "utbyte_med": r"\butbyte\s+med\b",
    "besokte": r"\b(?:besökte|har\s+besökt|reste\s+till|har\s+rest\s+till)\b",
    "partnerskapet_bestar": r"\bpartnerskapet\s+(?:består|omfattar|utgörs)\b",
    "samarbete_med": r"\b(?:samarbete|samarbetet|samverkan|utbytet)\s+med\b",
}

# A partnership that goes on (`fortsätta samarbetet med`, `Samarbetet med X fortsätter`):
# an existing partner, even in the future tense.
CONTINUING_CUES = {
    "fortsatta": r"\bfortsätt(?:a|er|ning)?\b|\bvidareutveckla\s+(?:\w+\s+)?samarbete",
    "fordjupa": r"\bfördjupa\s+(?:\w+\s+)?(?:samarbete|samverkan|partnerskap)",
}

# This project has no such partnership (`har inga transnationella partners`, `samarbetar
# inte med`): the places named are background, unless an intention follows.
NEGATION_CUES = {
    "inga_partners": r"\b(?:inga|ingen|inget|inte|ej|aldrig)\s+(?:\w+\s+){0,3}?"
    r"(?:partner|samarbet|samverk|utbyte|kontakt|transnationell)\w*",
    "samarbetar_inte": r"\b(?:samarbet|samverk)\w*\s+(?:\w+\s+)?(?:inte|ej|aldrig)\b",
    "utan_partner": r"\butan\s+(?:\w+\s+)?(?:partner|samarbets)\w*",
}

# Intention, modality or the future: with a partnership word, or on their own for the
# strong ones, they make a place planned instead of partner.
PLANNED_CUES = {
    "avser": r"\bavse[rr]?\b|\bavsikt",
    "planerar": r"\bplanera[rsd]*\b|\bplanering\s+av\s+(?:en\s+)?resa",
    "kommer_att": r"\bkommer\s+(?:\w+\s+)?att\b",
    "ska": r"\bsk(?:a|all)\b",
    "vill": r"\bvill\b",
    "vore_att_foredra": r"\bvore\s+(?:att\s+föredra|önskvärt|intressant)",
    "onskar": r"\bönska[rs]?\b|\bönskemål",
    "hoppas": r"\bhoppas\b",
    "tilltankt": r"\btilltänkt|\bpotentiell|\beventuell|\bmöjlig(?:a)?\s+partner",
    "studieresa": r"\bstudie(?:resa|resor|besök)\w*",
    "mobiliseringsfasen": r"\bunder\s+mobiliserings(?:fasen|perioden)\b",
    "soka_partner": r"\b(?:söka|hitta|finna|rekrytera)\s+(?:\w+\s+)?(?:samarbets)?partner",
    "ta_del_av_erfarenheter": r"\bta\s+del\s+av\s+(?:de|deras|dess)\s+erfarenheter",
    "besoka": r"\batt\s+besöka\b",
    "etablera_kontakt": r"\betablera\s+(?:\w+\s+)?kontakt",
    "dels_for_att": r"^\s*(?:dels\s+)?för\s+att\b",
    "om_mojligt": r"\bom\s+möjligt\b|\bi\s+mån\s+av\b|\bom\s+det\s+(?:blir|är)\s+möjligt",
}

# Trips and the mobilisation phase: planned, unless the text tells of them in the past.
TRIP_PLANNED = ("studieresa", "mobiliseringsfasen")

# The past tense of this project's own activities (final reports, news): partner.
PAST_CUES = {
    "genomfordes": r"\bgenomför(?:des|de)\b|\bhar\s+genomfört",
    "deltog": r"\bdeltog\b|\bträffade\b|\bträffades\b",
    "besokte_past": r"\bbesökte\b|\bhar\s+besökt\b|\breste\b",
    "holls": r"\b(?:hölls|arrangerades|anordnades)\b",
}

# Where a sentence starts a new clause with a new subject (`..., och vi planerar ...`).
CLAUSE_BREAK = r";|\s+(?:och|men|samt)\s+(?=(?:vi|de|man|projektet|deltagarna|vår|våra)\b)"

# Cues that make a planned/partner reading need a partnership word next to them: modal
# verbs are everywhere in applications ("Stockholm ska bli ..."), so they count only in a
# sentence that is about partnership, travel or exchange.
WEAK_PLANNED = ("avser", "planerar", "kommer_att", "ska", "vill", "onskar", "hoppas", "om_mojligt")

# Words that make a sentence about partnership, travel or exchange.
PARTNERSHIP_WORDS = (
    r"\bpartner(?:s|n|na|skap\w*)?\b|\bsamarbet\w*|\bsamverk\w*|\butbyte\w*|\bbesök\w*|\bresa\b|\bresor\b"
    r"|\bkontakt\w*|\berfarenheter\b|\bnätverk\w*|\bvänort\w*"
)

# Partners of earlier or other projects: related, not this project's partners.
RELATED_CUES = {
    "tidigare_projekt": r"\b(?:tidigare|föregående|förra|andra|övriga|samtliga|nämnda)\s+"
    r"(?:\w+\s+)?\w*projekt",
    "projekt_som_omnamns": r"\bprojekt(?:en)?\s+som\s+(?:om)?nämn",
    "i_ett_tidigare": r"\bi\s+ett\s+tidigare\b",
    "tidigare_samarbete": r"\btidigare\s+(?:\w+\s+)?(?:samarbete|samverkan|samarbetat|partner)",
    "har_haft_samverkan": r"\bhar\s+haft\s+(?:\w+\s+){0,3}(?:samverkan|samarbete)\b.*"
    r"\bprojekt(?:en|et|s)?\b",
}

# Right after a place: the place is the subject of a background fact (mention).
MENTION_AFTER = {
    "har_tagit_initiativ": r"^\s*(?:har|hade)\s+(?:\w+\s+)?tagit\s+initiativ",
    "bjuder_in": r"^\s*(?:bjuder|bjöd)\s+in\b",
    "ar_ett_av_de_lander": r"^\s*är\s+ett\s+av\s+de\s+länder",
    "university": r"^\s*(?:University|Universitet|College|Business\s+School|School\s+of)\b",
    "s_regering": r"^s?\s+regering",
}

# Right before a place: origin, birth, a source quoted (mention).
MENTION_BEFORE = {
    "kommer_fran": r"\b(?:kommer|kom|härstammar|flytt\w*|flydde|invandrat)\s+från\s+"
    r"(?:\w+\s+){0,1}$",
    "fodd_i": r"\b(?:född\w*|uppvuxen|uppvuxna|bosatt\w*)\s+i\s+$",
    "enligt": r"\benligt\s+(?:\w+\s+){0,3}$",
    "university_of": r"\b(?:university\s+of|universitet(?:et)?\s+i)\s+$",
}

# Names that look like places in the gazetteers but, in these texts, are supranational
# areas or Sweden itself: never a foreign place.
NOT_FOREIGN = frozenset(
    {
        "Europa",
        "EU",
        "Norden",
        "Skandinavien",
        "Östersjöregionen",
        "Östersjöländerna",
        "Östersjön",
        "Baltikum",
        "Sverige",
        "Sweden",
        "Europe",
        "Nordic",
        "Barentsregionen",
    }
)

# Capitalised Swedish words that are also towns abroad; at a sentence start they are words.
SWEDISH_WORDS_AS_TOWNS = frozenset(
    {
        "Dag",
        "Man",
        "Mål",
        "Bra",
        "Nya",
        "Stora",
        "Alla",
        "Vid",
        "Bland",
        "Tid",
        "Ort",
        "Land",
        "Lag",
        "Par",
        "Kommun",
        "Region",
        "Ska",
        "Mark",
        "Bo",
        "Hem",
        "Vara",
        "Början",
        "Enligt",
        "Dessa",
        "Detta",
        "Samtliga",
        "Övriga",
        "Andra",
        "Kultur",
        "Lära",
    }
)

# Capitalised nouns before a name that leave it a place (`Partnerstaden Klaipėda`); any
# other capitalised word there makes the name part of a longer proper name (`Richard
# Florida`, `Jobbtorg Stockholm`).
PLACE_HEADS = frozenset(
    {
        "Staden",
        "Partnerstaden",
        "Vänorten",
        "Huvudstaden",
        "Kommunen",
        "Regionen",
        "Landet",
        "Partnerlandet",
        "Partnerregionen",
        "Länet",
        "Provinsen",
        "Landskapet",
        "Fylket",
        "Jobcenter",  # Danish job centres are named after their municipality
        "Jobcentre",
    }
)

# Capitalised words after a name that keep it the place (`Birmingham City Council`,
# `Trondheim Kommune`); any other capitalised word makes it part of an organisation's or
# person's name (`Toronto University`, `Bemanning Partner AB`).
PLACE_KEEPING_WORDS = frozenset(
    {
        "City",
        "Council",
        "County",
        "Municipality",
        "Borough",
        "Town",
        "Region",
        "Kommun",
        "Kommune",
        "Kommunen",
        "Fylkeskommune",
        "Fylke",
        "Län",
        "Stad",
        "Stadt",
        "Kaupunki",
        "Gemeente",
        "Comune",
        "Commune",
        "Miasto",
        "Savivaldybė",
        "Linn",
        "Vald",
    }
)

# Words right before a name that make it a place whatever else it means (`i Nice`).
PLACE_PREPOSITIONS = frozenset(
    {"i", "till", "från", "ifrån", "mot", "kring", "runt", "utanför", "nära", "in", "to", "from"}
)
# Words that join the items of a list of places (`Trondheim, Warzawa och Köpenhamn`).
LIST_JOINERS = frozenset({",", "och", "samt", "/", "&", "and", "eller"})

# Town names that are also ordinary Swedish or English words (GeoNames towns, all): such a
# name is a place only with an explicit place context, in a list of places, or for a very
# large city. A name whose small-letter form the page itself uses as a word counts too.
ORDINARY_WORD_TOWNS = frozenset(
    {
        "Bemanning", "Florida", "Mark", "Vi", "Man", "Bra", "Nice", "Split", "Reading", "Bath",
        "Sale", "Van", "Mobile", "Bonn", "Staden", "Rehab", "Balan", "Midland", "Syd",
        "Mentor", "University", "Union", "Independence", "Orange", "Hope", "Mission",
        "Liberty", "Normal", "Enterprise", "Commerce", "Paradise", "Progress", "Unity",
        "Harmony", "Concord", "Marathon", "Gap", "Ski", "Moss", "Salt", "Sand", "Ede",
        "Kraft", "Steg", "Arena", "Balans", "Resurs", "Data", "Service", "Coach", "Vård",
    }
)

# Adjectives of a country before a name: `finska Lappland` is Lappi (FI-10), not Lappland.
COUNTRY_ADJECTIVES = {
    "finska": "FI", "finländska": "FI", "norska": "NO", "danska": "DK", "isländska": "IS",
    "estniska": "EE", "lettiska": "LV", "litauiska": "LT", "polska": "PL", "tyska": "DE",
    "brittiska": "GB", "engelska": "GB", "skotska": "GB", "irländska": "IE",
    "nederländska": "NL", "holländska": "NL", "belgiska": "BE", "franska": "FR",
    "spanska": "ES", "portugisiska": "PT", "italienska": "IT", "österrikiska": "AT",
    "ryska": "RU",
}

# Words before a capitalised word that make it a common noun (`en Mentor`).
DETERMINERS = frozenset({"en", "ett", "den", "det", "denna", "detta", "dessa", "de", "varje"})

# Words before a name that belong to the name of a region ("Region Midtjylland").
REGION_PREFIXES = ("Region", "Regionen", "Provinsen", "Landskapet", "Grevskapet")

# Bullet-like starts of list items: a list item inherits the cue of the line that opens
# the list ("Våra partners är:").
LIST_ITEM = r"^\s*(?:[•·\-–*]|\d{1,2}[.)]|[a-h][.)])\s*"
