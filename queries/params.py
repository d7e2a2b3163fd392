"""Parameter values of the bundled queries, read the way extraction reads names.

A parameter named after a kind of thing takes that thing as a person writes it, and the
query gets the form the graph holds:

- `municipality`: any spelling extraction accepts in a `Kommun` list (`linköping`,
  `Linkoping`, `Linköpings kommun`) -> the register's name (`Linköping`);
- `country`: an ISO 3166-1 code in any case, or the country's English or Swedish name
  (`no`, `Norway`, `Norge`) -> the code (`NO`);
- `role`, `fund`: a notation or an English or Swedish label of the ontology's concept, or
  the start of one (`Interreg` -> `Interreg IVA`, `medfinansiär` -> `co-financier`);
- `project`: a title of the graph, case, accents and spacing not counting (the titles are
  read by `PROJECT_TITLES` from wherever the query runs: the store or an external endpoint).

A value that names none of these is a `QueryError` offering the closest real names; a real
one that the graph lacks (a country no project works with) gives no rows. Other parameters
are bound as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import pycountry
import pyoxigraph as ox

from tnkg.errors import QueryError, did_you_mean
from tnkg.extract import registers
from tnkg.extract.keys import name_key, slugify
from tnkg.extract.vocabulary import FUNDS, ORGANISATION_ROLES
from tnkg.ontology import ontology_text

# the graph's project titles, for a `project` parameter; asked only when one is given
PROJECT_TITLES = ("SELECT DISTINCT ?title WHERE { ?p a <https://schema.org/Project> ; "
                  "<http://purl.org/dc/terms/title> ?title }")
Titles = Callable[[], Iterable[str]]


def match_param(name: str, value: str, titles: Titles) -> str:
    """The value of parameter `name` as the graph writes it (see the module rules);
    `titles()` gives the graph's project titles (the rows of `PROJECT_TITLES`)."""
    match = _MATCHERS.get(name)
    return value if match is None else match(value, titles)


def _municipality(value: str, titles: Titles) -> str:
    found = registers.find_municipality(value)
    if found is None:
        names = registers.municipality_names()
        raise QueryError(f"no Swedish municipality is called {value!r}"
                         f"{did_you_mean(value, names, key=slugify)}")
    return found.name


def _country(value: str, titles: Titles) -> str:
    code = registers.find_country_code(value)
    if code is None:
        names = [registers.country_names(c.alpha_2)[0] for c in pycountry.countries]
        raise QueryError(f"no country is called {value!r}"
                         f"{did_you_mean(value, names, key=slugify)}")
    return code


@cache
def _concept_names(notations: tuple[str, ...]) -> dict[str, str]:
    """Slug of each notation and of its concept's English and Swedish labels -> notation."""
    ontology = ox.Store()
    ontology.load(ontology_text("tnkg.ttl").encode("utf-8"), format=ox.RdfFormat.TURTLE)
    found = {name_key(notation): notation for notation in notations}
    labels = ontology.query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                            "SELECT ?notation ?label WHERE { ?c skos:notation ?notation ; "
                            "skos:prefLabel ?label }")
    for row in labels:
        if row["notation"].value in notations:
            found.setdefault(name_key(row["label"].value), row["notation"].value)
    return found


def _one_of(notations: tuple[str, ...], what: str) -> Callable[[str, Titles], str]:
    def match(value: str, titles: Titles) -> str:
        names = _concept_names(notations)
        key = name_key(value)
        if key in names:
            return names[key]
        starting = {notation for written, notation in names.items() if written.startswith(key)}
        if len(starting) == 1:
            return starting.pop()
        raise QueryError(f"{value!r} is no {what}; use one of {', '.join(notations)}"
                         f"{did_you_mean(value, notations, key=slugify)}")

    return match


def _project(value: str, titles: Titles) -> str:
    known = set(titles())
    if value in known:
        return value
    same = sorted(title for title in known if name_key(title) == name_key(value))
    if same:
        return same[0]
    raise QueryError(f"no project of the graph is titled {value!r}"
                     f"{did_you_mean(value, known, key=slugify)}")


_MATCHERS: dict[str, Callable[[str, Titles], str]] = {
    "municipality": _municipality,
    "country": _country,
    "role": _one_of(ORGANISATION_ROLES, "organisation role"),
    "fund": _one_of(FUNDS, "fund"),
    "project": _project,
}
