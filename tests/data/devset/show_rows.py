"""Print dev-set rows of Tillväxtverket's export for reading, one block a row.

    python tests/data/devset/show_rows.py CSV [ARENDE_ID ...]

Without ids it prints every row of rows.tsv. Only the columns an annotator needs are shown
(no contact person).
"""

import csv
import sys
from pathlib import Path

COLUMNS = ("projektnamn", "stodmottagare", "projekt_starttid", "projekt_sluttid", "malprogram",
           "omrade", "insatsomrade", "lan_fordelning", "kommun_fordelning", "projektbeskrivning")


def main() -> None:
    csv_path, ids = Path(sys.argv[1]), sys.argv[2:]
    if not ids:
        lines = Path(__file__).with_name("rows.tsv").read_text(encoding="utf-8").splitlines()[1:]
        ids = [line.split("\t")[0] for line in lines]
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = {row["arende_id"]: row for row in csv.DictReader(handle)}
    for arende_id in ids:
        row = rows[arende_id]
        print(f"=== arende_id {arende_id}")
        for column in COLUMNS:
            print(f"{column}: {row[column]!r}" if "\\x" in repr(row[column]) else
                  f"{column}: {row[column]}")
        print()


if __name__ == "__main__":
    main()
