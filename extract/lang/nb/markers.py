"""Words frequent in Norwegian and rare in Swedish and Danish: they tell a Norwegian sentence."""

MARKER_WORDS = frozenset(
    {"bli", "blir", "ble", "noen", "mye", "hva", "mellom", "gjennom", "utvikle", "skape",
     "etter", "fra", "ikke", "også", "være", "prosjektet", "samarbeid"}
)
