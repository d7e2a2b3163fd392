"""Swedish abbreviations that end with a period without ending the sentence (lower case,
final period left off): `bl.a.`, `bl a`, `t.ex.`, `s.k.`, `m.m.`, `dvs.`, `ek. förening`."""

ABBREVIATIONS = frozenset(
    {
        "bl.a", "bl", "t.ex", "t", "ex", "s.k", "sk", "m.m", "mm", "dvs", "d.v.s", "ek", "etc",
        "m.fl", "mfl", "fl", "ca", "cirka", "nr", "resp", "jfr", "inkl", "exkl", "osv", "o.s.v",
        "kl", "tel", "st", "dr", "prof", "fr.o.m", "t.o.m", "p.g.a", "pga", "f.d", "fd", "s",
        "ang", "avd", "forts", "obs", "vs", "kap", "mr", "mrs", "ms", "e.g", "i.e",
    }
)
