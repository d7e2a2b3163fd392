"""Norwegian (bokmål) cues for the role a sentence gives the places it names (see
`sv/role_cues.py`)."""

TRANSNATIONAL_PAGE_MARKERS = (
    r"\bgrenseoverskridende\s+\w*(?:samarbeid|prosjekt)\w*",
    r"\b(?:over|på\s+tvers\s+av)\s+(?:grensen|grensene|landegrensene?)\b",
    r"\bbegge\s+sider\s+av\s+grensen",
    r"\b(?:svensk|dansk|finsk)e?\s+(?:prosjekteier\w*|partner\w*|side)",
    r"\bnorsk\s+prosjekteier",
    r"\b(?:nordens\s+grønne\s+belte|indre\s+skandinavia|grenseløst\s+samarbeid)\b",
)

# A sentence that tells the purpose of the trip or meeting the sentence before it tells of
# (`... hälsade på våra vänner i X. Syftet med resan var ...`): its cues are that trip's.
TRIP_PURPOSE = (
    r"^\s*(?:formålet|hensikten|målet)\s+med\s+(?:turen|reisen|besøket|møtet|studieturen)\b"
)

TRANSNATIONAL_HEADINGS = ("grenseoverskridende samarbeid", "internasjonalt samarbeid")

PARTNER_CUES = {
    "partnere_er": r"\b(?:prosjekt|samarbeids)?partner(?:e|ne|en)?\s+(?:er|var|blir)\b",
    "samarbeider_med": r"\bsamarbeide[rt]?\s+(?:\w+\s+){0,2}med\b",
    "partnere_fra": r"\b\w*partner(?:e|ne)?\s+(?:i|fra)\b",
    "samarbeid_med": r"\bsamarbeid(?:et)?\s+med\b",
    "prosjekteier": r"\bprosjekteier\w*\b",
    "bestar_av": r"\b(?:består|bestående)\s+av\s+(?:\w+\s+){0,3}(?:partner|universitet|"
    r"høgskole|kommune|fylkeskommune)\w*",
    "stottet_av": r"\b(?:støttet|støttes|finansiert|finansieres|medfinansiert)\s+"
    r"(?:\w+\s+){0,2}av\b|\bfinansiør\w*",
    "leder_prosjektet": r"\b(?:eies|ledes|drives)\s+av\b|\bleder\s+prosjektet\b",
}

JOINT_WORK_CUES = {
    "i_samarbeid_med": r"\bi\s+samarbeid\s+(?:med|mellom)\b",
    "sammen_med": r"\bsammen\s+med\b|\bi\s+fellesskap\b",
    "samarbeid_mellom": r"\bsamarbeid(?:et)?\s+mellom\b",
}

CONTINUING_CUES = {
    "fortsette": r"\bfortsette\w*\s+(?:\w+\s+)?samarbeid",
}

NEGATION_CUES = {
    "ingen_partnere": r"\b(?:ingen|ikke)\s+(?:\w+\s+){0,3}?(?:partner|samarbeid)\w*",
}

PLANNED_CUES = {
    "soke_partnere": r"\b(?:søke|finne|rekruttere)\s+(?:\w+\s+)?(?:samarbeids)?partner",
    "planlegger": r"\bplanlegge[rs]?\b",
    "onsker_a": r"\bønske[rs]?\s+å\b",
    "studietur": r"\bstudie(?:tur|reise|besøk)\w*",
    "etablere_kontakt": r"\b(?:etablere|innlede|bygge\s+opp|knytte)\s+(?:\w+\s+){0,2}"
    r"(?:samarbeid|kontakt\w*|partnerskap)",
    "kommende_prosjekt": r"\b(?:kommende|fremtidig\w*)\s+(?:\w+\s+)?"
    r"(?:hoved|samarbeids)?prosjekt\w*",
}

TRIP_PLANNED = ("studietur",)
WEAK_PLANNED = ("planlegger", "onsker_a")

PAST_CUES = {
    "gjennomforte": r"\bgjennomførte\b|\bhar\s+gjennomført\b|\bbesøkte\b",
}

RELATED_CUES = {
    "tidligere_prosjekt": r"\btidligere\s+(?:\w+\s+)?\w*prosjekt",
}

MENTION_AFTER: dict[str, str] = {}

MENTION_BEFORE = {
    "kommer_fra": r"\b(?:kommer|stammer)\s+fra\s+$",
    "eksport_til": r"\beksport\w*\s+(?:\w+\s+){0,2}(?:til|i)\s+$",
}

CLAUSE_BREAK = r"\s+(?:og|men)\s+(?=(?:vi|de|man|prosjektet)\b)"

PARTNERSHIP_WORDS = (
    r"\bpartner(?:e|ne|en|skap\w*)?\b|\bsamarbeid\w*|\butveksling\w*|\bbesøk\w*|\bnettverk\w*"
)

FIELD_LABELS = {
    "prosjektpartnere": r"\b(?:prosjekt)?partner(?:e|ne)\s*:",
    "prosjekteier_label": r"\bprosjekteier\w*[^:]{0,30}:",
    "samarbeidspartner_label": r"\b(?:samarbeids|andre\s+)partner(?:e|ne)?\s*:",
    "finansiorer_label": r"\bfinansiør(?:er|ene)?\s*:|^\s*søker\s*:",
}
