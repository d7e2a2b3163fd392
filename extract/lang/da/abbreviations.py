"""Danish abbreviations that end with a period without ending the sentence."""

ABBREVIATIONS = frozenset(
    {"bl.a", "bl", "f.eks", "fx", "ca", "dvs", "d.v.s", "mht", "m.h.t", "jf", "jfr", "inkl",
     "ekskl", "evt", "nr", "pga", "p.g.a", "osv", "o.l", "ol", "m.fl", "mv", "m.v", "kr",
     "tlf", "stk", "vedr", "iht", "i.h.t", "ift", "i.f.t"}
)
