"""Words frequent in Danish and rare in Swedish and Norwegian: they tell a Danish sentence."""

MARKER_WORDS = frozenset(
    {"af", "blive", "bliver", "blev", "nogle", "meget", "hvad", "mellem", "gennem", "udvikle",
     "skabe", "efter", "fra", "ikke", "også", "være"}
)
