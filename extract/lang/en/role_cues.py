"""English cues for the role a sentence gives the places it names (see `sv/role_cues.py`)."""

TRANSNATIONAL_HEADINGS = ("transnational cooperation", "partners")

PARTNER_CUES = {
    "partners_are": r"\bpartners?\s+(?:are|is|were|was)\b",
    "in_cooperation_with": r"\bin\s+(?:co-?operation|collaboration|partnership)\s+with\b",
    "lead_partner": r"\blead\s*partner\b|\bleadpartner\b|\blaed\s+partner\b",
}
JOINT_WORK_CUES = {
    "together_with": r"\btogether\s+with\s+(?:\w+\s+){0,3}(?:in|from|partners?)\b",
}
CONTINUING_CUES: dict[str, str] = {}
NEGATION_CUES: dict[str, str] = {}
PLANNED_CUES: dict[str, str] = {}
TRIP_PLANNED: tuple[str, ...] = ()
WEAK_PLANNED: tuple[str, ...] = ()
PAST_CUES: dict[str, str] = {}
RELATED_CUES: dict[str, str] = {}
MENTION_AFTER: dict[str, str] = {}
MENTION_BEFORE: dict[str, str] = {}
CLAUSE_BREAK = ""
PARTNERSHIP_WORDS = r"\bpartners?\b|\bco-?operation\b|\bcollaboration\b"
FIELD_LABELS = {
    "partners_label": r"\b(?:project\s+)?partners?\s*:",
}
