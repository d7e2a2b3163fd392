"""Norwegian abbreviations that end with a period without ending the sentence."""

ABBREVIATIONS = frozenset(
    {"bl.a", "bl", "f.eks", "ca", "dvs", "d.v.s", "mht", "m.h.t", "jf", "jfr", "inkl", "ekskl",
     "evt", "nr", "pga", "p.g.a", "osv", "o.l", "m.fl", "mv", "m.v", "kr", "tlf", "stk",
     "vedr", "iht", "i.h.t", "ift", "i.f.t", "t.o.m", "f.o.m"}
)
