"""ISO 3166-2 subdivision types (as pycountry names them) that are regions in the sense of the
record: counties, provinces, regions, nations. Municipalities and districts are left to the
city table."""

REGION_TYPES = frozenset(
    {
        "Region",
        "County",
        "Administrative region",
        "Autonomous community",
        "Province",
        "Land",
        "Voivodship",
        "Metropolitan region",
        "State",
        "Autonomous region",
        "Country",
        "Oblast",
        "Department",
        "Canton",
        "Autonomous province",
        "Nation",
    }
)
