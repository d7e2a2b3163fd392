"""Swedish cues for the role a sentence gives the places it names.

Each cue is a regular expression over the sentence's text (matched without regard to case),
named so that tests/data/places/roles.tsv can exercise it. A cue never names a place; it says
what a sentence does with the places it names. The tables' meanings are those of
`tnkg.extract.places.roles`.
"""

# Section headings whose text is about the project's transnational work: a place there
# needs only a weak partnership word (samarbete, utbyte, besök, ...) to be a partner.
# A sentence that tells the purpose of the trip or meeting the sentence before it tells of
# (`... hälsade på våra vänner i X. Syftet med resan var ...`): its cues are that trip's.
TRIP_PURPOSE = (
    r"^\s*(?:syftet|målet|avsikten|meningen)\s+med\s+"
    r"(?:resan|resorna|besöket|besöken|mötet|träffen|studieresan|studiebesöket)\b"
)

TRANSNATIONAL_HEADINGS = (
    "transnationellt samarbete",
    "transnationell samverkan",
    "transnationalitet",
    "transnationella aktiviteter",
    "internationellt samarbete",
)

# Words that make a whole page about cooperation across a border (an Interreg project): a
# place across Sweden's borders named there is a partner unless a cue says otherwise.
TRANSNATIONAL_PAGE_MARKERS = (
    r"\binterreg\w*",
    r"\bgränsöverskridande\s+\w*(?:samarbete|samverkan|projekt)\w*",
    r"\b(?:på\s+)?(?:båda|bägge)\s+sidor(?:na)?\s+(?:om|av)\s+(?:gränsen|riksgränsen)",
    r"\böver\s+(?:gränsen|riksgränsen|nationsgränserna)\b",
    r"\b(?:norsk|dansk|finsk|finländsk)(?:a)?\s+(?:projektägare|partner\w*|sidan)",
    r"\b(?:botnia[-\s]atlantica|nordens\s+gröna\s+bälte|inre\s+skandinavien|kvarkenrådet"
    r"|öresund[-\s]kattegat[-\s]skagerrak|kattegat[-\s]skagerrak)\b",
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
    "partner_i": r"\b\w*partner(?:s|na|n)?\s+(?:i|från)\b",
    "partnerorganisation": r"\bpartner(?:organisation|stad|städer|land|länder)\w*\b",
    "transnationell_partner": r"\btransnationell(?:a)?\s+partner",
    "utbyte_med": r"\butbyte\s+med\b",
    "besokte": r"\b(?:besökte|har\s+besökt|reste\s+till|har\s+rest\s+till)\b",
    "partnerskapet_bestar": r"\bpartnerskapet\s+(?:\w+\s+){0,3}(?:består|omfattar|utgörs)\b",
    "samarbete_med": r"\b(?:samarbete|samarbetet|samverkan|utbytet)\s+med\b",
    "projektet_bestar_av_partners": r"\b(?:består|bestående)\s+av\s+(?:\d+\s+)?(?:\w+\s+)?partner",
    "pa_andra_sidan": r"\bpå\s+(?:svensk|norsk|dansk|finsk|finländsk)(?:a)?\s+sida",
    # the project's financiers are parties to it (`finansieras av ... Utsjok kommune`)
    "finansieras_av": r"\b(?:med)?finansier(?:as|ades|at|ats)\s+(?:\w+\s+){0,3}av\b"
    r"|\b(?:stöds|stöttas)\s+(?:\w+\s+){0,2}av\b|\b(?:med)?finansiär(?:er|erna)?\b",
}

# Joint work: the project does something with the places' actors. Stronger than an intent
# verb (`ska tillsammans med aktörer i X utveckla ...` is joint work, not a plan).
JOINT_WORK_CUES = {
    "i_samarbete_med": r"\bi\s+samarbete\s+(?:med|mellan)\b",
    "tillsammans_med": r"\btillsammans\s+med\s+(?:[\w-]+\s+){0,3}(?:i|från|partner\w*)\b"
    r"|\b(?:\w+\s+)?i\s+\S+\s+och\s+\S+\s+tillsammans\b",
    "samarbete_mellan": r"\b(?:samarbete|samarbetet|samverkan|samarbetsformer|samarbetsprojekt)"
    r"\s+mellan\b",
    "gemensam_med": r"\bgemensamt?\s+(?:\w+\s+){0,2}med\b|\bgemensamt\s+behov\b",
    "drivs_av": r"\b(?:drivs|leds)\s+(?:gemensamt\s+)?av\b",
    "gransoverskridande": r"\bgränsöverskridande\s+(?:samarbete|samverkan|projekt)",
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
    "soka_partner": r"\b(?:söka|söker|hitta|finna|rekrytera)\s+(?:\w+\s+)?(?:samarbets)?partner",
    "ta_del_av_erfarenheter": r"\bta\s+del\s+av\s+(?:de|deras|dess)\s+erfarenheter",
    "besoka": r"\batt\s+besöka\b",
    "etablera_kontakt": r"\b(?:etablera|inleda|påbörja|bygga\s+upp|knyta|initiera|starta)\s+"
    r"(?:\w+\s+){0,2}(?:samarbete|samverkan|kontakt\w*|partnerskap|utbyte)",
    "obestamd_partner": r"\bmed\s+(?:en|ett|någon|några)\s+(?:\w+\s+)?(?:organisation|partner|"
    r"aktör|kommun|skola|myndighet)\w*\s+i\b",
    "dels_for_att": r"^\s*(?:dels\s+)?för\s+att\b",
    "om_mojligt": r"\bom\s+möjligt\b|\bi\s+mån\s+av\b|\bom\s+det\s+(?:blir|är)\s+möjligt",
    "fora_samtal": r"\bföra\s+samtal\s+med\b|\bundersöka\s+(?:\w+\s+){0,3}möjlighet\w*\s+"
    r"(?:till|för)\s+(?:\w+\s+)?samarbete",
    "skulle_kunna": r"\bskulle\s+kunna\b|\bkanske\b|\bgärna\b|\bpotential\w*",
    # preparing a cooperation to come (`Planering för samarbetsprojekt mellan ...`, `till ett
    # kommande genomförandeprojekt`)
    "planering_for": r"\bplanering\s+(?:för|av)\s+(?:ett\s+|en\s+)?(?:\w+\s+)?"
    r"(?:samarbete|samverkan|samarbetsprojekt|utbyte|partnerskap)\w*"
    r"|\b(?:kommande|framtida|blivande)\s+(?:\w+\s+)?(?:genomförande|huvud|samarbets)projekt\w*",
}

# Trips and the mobilisation phase: planned, unless the text tells of them in the past.
TRIP_PLANNED = ("studieresa", "mobiliseringsfasen")

# Cues that make a planned reading need a partnership word next to them: modal verbs are
# everywhere in applications ("Stockholm ska bli ..."), so they count only in a sentence
# that is about partnership, travel or exchange, and never against joint work.
WEAK_PLANNED = ("avser", "planerar", "kommer_att", "ska", "vill", "onskar")

# The past tense of this project's own activities (final reports, news): partner.
PAST_CUES = {
    "genomfordes": r"\bgenomför(?:des|de)\b|\bhar\s+genomfört",
    "deltog": r"\bdeltog\b|\bträffade\b|\bträffades\b",
    "besokte_past": r"\bbesökte\b|\bhar\s+besökt\b|\breste\b",
    "holls": r"\b(?:hölls|arrangerades|anordnades)\b",
}

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

# Right before a place: origin, birth, a source quoted, a market, a comparison (mention).
MENTION_BEFORE = {
    "kommer_fran": r"\b(?:kommer|kom|härstammar|flytt\w*|flydde|invandrat)\s+från\s+"
    r"(?:\w+\s+){0,1}$",
    "fodd_i": r"\b(?:född\w*|uppvuxen|uppvuxna|bosatt\w*)\s+i\s+$",
    "enligt": r"\benligt\s+(?:\w+\s+){0,3}$",
    "university_of": r"\b(?:university\s+of|universitet(?:et)?\s+i)\s+$",
    "export_till": r"\b(?:export\w*|säljer|sälja|försäljning|marknad\w*|kunder)\s+(?:\w+\s+){0,3}"
    r"(?:till|i|på|från)\s+(?:\w+\s+){0,2}$",
    "som_i": r"\b(?:som|liksom|jämfört\s+med)\s+i\s+$",
}

# Where a sentence starts a new clause with a new subject (`..., och vi planerar ...`).
CLAUSE_BREAK = r";|\s+(?:och|men|samt)\s+(?=(?:vi|de|man|projektet|deltagarna|vår|våra)\b)"

# Words that make a sentence about partnership, travel or exchange.
PARTNERSHIP_WORDS = (
    r"\bpartner(?:s|n|na|skap\w*)?\b|\bsamarbet\w*|\bsamverk\w*|\butbyte\w*|\bbesök\w*|\bresa\b"
    r"|\bresor\b|\bkontakt\w*|\berfarenheter\b|\bnätverk\w*|\bvänort\w*|\bgemensam\w*"
    r"|\bgränsregion\w*|\bgränsöverskridande\b"
)

# Labels of fields that name the project's owners and partners: a place in their value is a
# partner (`Projektägare svensk och norsk: ... och Østfold fylkeskommune`).
FIELD_LABELS = {
    "projektagare": r"\bprojektägare\b[^:]{0,30}:",
    "partner_label": r"\b(?:projekt|samarbets|huvud|lead\s*)?partner(?:s|na)?\s*:",
    "medsokande": r"\bmedsökande\s*:",
    "finansiarer_label": r"\b(?:med|huvud)?finansiär(?:er|erna)?\s*:",
}
