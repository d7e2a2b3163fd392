"""Danish cues for the role a sentence gives the places it names (see `sv/role_cues.py`)."""

TRANSNATIONAL_PAGE_MARKERS = (
    r"\bgrænseoverskridende\s+\w*(?:samarbejde|projekt)\w*",
    r"\bpå\s+tværs\s+af\s+(?:grænsen|grænserne|landegrænser\w*)",
    r"\bbegge\s+sider\s+af\s+(?:grænsen|øresund)",
    r"\b(?:norsk|svensk|finsk)e?\s+(?:projektejer\w*|partner\w*)",
)

# A sentence that tells the purpose of the trip or meeting the sentence before it tells of
# (`... hälsade på våra vänner i X. Syftet med resan var ...`): its cues are that trip's.
TRIP_PURPOSE = (
    r"^\s*(?:formålet|hensigten|målet)\s+med\s+(?:turen|rejsen|besøget|mødet|studieturen)\b"
)

TRANSNATIONAL_HEADINGS = ("transnationalt samarbejde", "grænseoverskridende samarbejde",
                          "internationalt samarbejde")

PARTNER_CUES = {
    "partnere_er": r"\b(?:projekt|samarbejds)?partner(?:e|ne|en)?\s+(?:er|var|bliver)\b",
    "samarbejder_med": r"\bsamarbejde[rt]?\s+(?:\w+\s+){0,2}med\b",
    "partnere_i": r"\b\w*partner(?:e|ne)?\s+(?:i|fra)\b",
    "partnerskab_med": r"\bpartnerskab(?:et)?\s+(?:med|mellem)\b",
    "samarbejde_med": r"\bsamarbejde(?:t)?\s+med\b",
    "leadpartner": r"\blead\s*partner\b|\bhovedpartner\b",
    "stottet_af": r"\b(?:støttet|støttes|finansieret|finansieres|medfinansieret)\s+"
    r"(?:\w+\s+){0,2}af\b|\b(?:med)?finansiering\s+fra\b",
}

JOINT_WORK_CUES = {
    "i_samarbejde_med": r"\bi\s+samarbejde\s+(?:med|mellem)\b",
    "sammen_med": r"\bsammen\s+med\b|\bi\s+fællesskab\b",
    "samarbejde_mellem": r"\bsamarbejde(?:t)?\s+mellem\b",
}

CONTINUING_CUES = {
    "fortsaette": r"\bfortsætte\w*\s+(?:\w+\s+)?samarbejde",
}

NEGATION_CUES = {
    "ingen_partnere": r"\b(?:ingen|ikke)\s+(?:\w+\s+){0,3}?(?:partner|samarbejd)\w*",
}

PLANNED_CUES = {
    "vil_soge": r"\b(?:søge|finde|rekruttere)\s+(?:\w+\s+)?(?:samarbejds)?partner",
    "planlaegger": r"\bplanlægge[rs]?\b",
    "onsker_at": r"\bønske[rs]?\s+at\b",
    "udvidelse_af_partnerskabet": r"\b(?:opbygning|udvidelse)\s+af\s+partnerskab\w*",
    "studietur": r"\bstudie(?:tur|rejse|besøg)\w*",
    "etablere_kontakt": r"\b(?:etablere|indlede|opbygge|knytte)\s+(?:\w+\s+){0,2}"
    r"(?:samarbejde|kontakt\w*|partnerskab)",
    "kommende_projekt": r"\b(?:kommende|fremtidig\w*)\s+(?:\w+\s+)?"
    r"(?:hoved|samarbejds)?projekt\w*",
}

TRIP_PLANNED = ("studietur",)
WEAK_PLANNED = ("planlaegger", "onsker_at")

PAST_CUES = {
    "gennemfoerte": r"\bgennemførte\b|\bhar\s+gennemført\b|\bbesøgte\b",
}

RELATED_CUES = {
    "tidligere_projekt": r"\btidligere\s+(?:\w+\s+)?\w*projekt",
}

MENTION_AFTER: dict[str, str] = {}

MENTION_BEFORE = {
    "kommer_fra": r"\b(?:kommer|stammer)\s+fra\s+$",
    "eksport_til": r"\beksport\w*\s+(?:\w+\s+){0,2}(?:til|i)\s+$",
}

CLAUSE_BREAK = r"\s+(?:og|men)\s+(?=(?:vi|de|man|projektet)\b)"

PARTNERSHIP_WORDS = (
    r"\bpartner(?:e|ne|en|skab\w*)?\b|\bsamarbejd\w*|\budveksling\w*|\bbesøg\w*|\bnetværk\w*"
)

FIELD_LABELS = {
    "projektpartnere": r"\b(?:projekt)?partnere\s*:",
    "projektejer": r"\bprojektejer\w*[^:]{0,30}:",
}
