"""Pick the rows of Tillväxtverket's export that make the hand-annotated dev set.

The pick is fixed by its seed, so anyone with the same export gets the same rows:

    python tests/data/devset/pick_rows.py ../shared/data/tillvaxtverket-projektbanken-2007-2013.csv

It writes rows.tsv beside this file: arende_id, fund, split. Two rows in three are `dev`
(errors may be read and studied); every third is `heldout` (only its total score is looked at,
so that the extractor is not tuned to it).
"""

import csv
import random
import sys
from pathlib import Path

SEED = 15
PICKS = {"Interreg": 150, "ERDF": 75}


def fund_of(row: dict[str, str]) -> str:
    return "Interreg" if row["malprogram"].startswith("Interreg") else "ERDF"


def pick_rows(csv_path: Path) -> list[tuple[str, str, str]]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["arende_id"]))
    rng = random.Random(SEED)
    picked = []
    for fund, count in PICKS.items():
        ids = [row["arende_id"] for row in rows if fund_of(row) == fund]
        for index, arende_id in enumerate(rng.sample(ids, count)):
            picked.append((arende_id, fund, "heldout" if index % 3 == 2 else "dev"))
    return picked


def main() -> None:
    picked = pick_rows(Path(sys.argv[1]))
    out = Path(__file__).with_name("rows.tsv")
    with out.open("w", encoding="utf-8") as handle:
        handle.write("arende_id\tfund\tsplit\n")
        for row in picked:
            handle.write("\t".join(row) + "\n")
    print(f"{len(picked)} rows -> {out}")


if __name__ == "__main__":
    main()
