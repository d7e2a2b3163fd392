"""English cues for the role a sentence gives the places it names (see `sv/role_cues.py`)."""

# A sentence that tells the purpose of the trip or meeting the sentence before it tells of
# (`... hälsade på våra vänner i X. Syftet med resan var ...`): its cues are that trip's.
TRIP_PURPOSE = (
    r"^\s*the\s+(?:purpose|aim|goal)\s+of\s+(?:the|this|our)\s+"
    r"(?:visit|trip|meeting|study\s+visit)\b"
)

TRANSNATIONAL_HEADINGS = ("transnational cooperation", "partners")

PARTNER_CUES = {
    "partners_are": r"\bpartners?\s+(?:are|is|were|was|in|from)\b"
    r"|\bproject\s+partners?\b",
    "in_cooperation_with": r"\bin\s+(?:co-?operation|collaboration|partnership)\s+with\b",
    "lead_partner": r"\blead\s*partner\b|\bleadpartner\b|\blaed\s+partner\b",
    "funded_by": r"\b(?:funded|financed|co-?financed|supported)\s+by\b|\b(?:co-?)?financiers?\b",
}
JOINT_WORK_CUES = {
    "together_with": r"\btogether\s+with\s+(?:\w+\s+){0,3}(?:in|from|partners?)\b",
    "cooperation_between": r"\b(?:co-?operation|collaboration|partnership|joint\s+project)\s+"
    r"(?:between|with)\b|\bjointly\s+with\b",
}
CONTINUING_CUES: dict[str, str] = {}
NEGATION_CUES: dict[str, str] = {}
PLANNED_CUES = {
    "seek_partners": r"\b(?:seek|find|look\s+for|identify)\s+(?:new\s+|key\s+)?partners?\b",
    "future_project": r"\b(?:future|coming|larger)\s+(?:\w+\s+)?"
    r"(?:project|cooperation|collaboration)\b",
}
TRIP_PLANNED: tuple[str, ...] = ()
WEAK_PLANNED: tuple[str, ...] = ()
PAST_CUES: dict[str, str] = {}
RELATED_CUES: dict[str, str] = {}
MENTION_AFTER: dict[str, str] = {}
MENTION_BEFORE: dict[str, str] = {}
CLAUSE_BREAK = ""
# (`partnership` and `visit` are not among them: Swedish pages borrow them for concepts and
# names, `public-social partnership`, `Visit X`)
PARTNERSHIP_WORDS = r"\bpartners?\b|\bco-?operation\b|\bcollaboration\b|\bcross-border\b"
FIELD_LABELS = {
    "partners_label": r"\b(?:project\s+)?partners?\s*:",
    "financiers_label": r"\b(?:lead\s+|co-?)?financiers?\s*:|\bproject\s+owners?\s*:"
    r"|\b(?:lead\s+)?beneficiar(?:y|ies)\s*:",
}
TRANSNATIONAL_PAGE_MARKERS = (
    r"\bcross-border\s+(?:co-?operation|collaboration|project)",
    r"\b(?:both\s+sides|other\s+side)\s+of\s+the\s+(?:border|oresund|öresund)",
    r"\bacross\s+the\s+borders?\b",
    r"\b(?:norwegian|danish|finnish)\s+partners?\b",
)
