"""Words frequent in Swedish and rare in Danish and Norwegian: they tell a Swedish sentence."""

MARKER_WORDS = frozenset(
    {"och", "att", "är", "för", "inte", "också", "mellan", "genom", "utveckla", "skapa", "ska",
     "detta", "från", "samt", "därför", "vilket", "hur", "även", "kommer", "eller"}
)
