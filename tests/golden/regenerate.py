"""Write the golden outputs again, after a change that alters what a build gives on purpose.

    .venv/bin/python tests/golden/regenerate.py          # tests/golden/sample/
    .venv/bin/python tests/golden/regenerate.py --real   # and tests/golden/real-csv.json

--real builds the real CSV as docs/tillvaxtverket.md does (with the sample pages).

Commit what changed with the change that made it: the diff of tests/golden/sample/ shows
what it did to the graph, the records, the analysis and every query's rows. --real needs
the shared folder (../shared/data; see tests/support.py for where it is looked for).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: support, golden

from golden.outputs import (  # noqa: E402
    REAL_MANIFEST,
    build,
    collect,
    copy_real_data_build,
    digests,
    write_sample_golden,
)
from support import (  # noqa: E402
    REAL_CSV_NAME,
    REAL_DATA_BUILD,
    SAMPLE_DIR,
    SAMPLE_PAGES,
    make_workspace,
    pinned_extraction_time,
    run_tnkg,
    shared_candidates,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", action="store_true",
                        help="also build the real Tillväxtverket CSV and write its manifest")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tnkg-golden-") as temp:
        outputs = collect(build([p.name for p in SAMPLE_PAGES], Path(temp) / "sample",
                                folder=SAMPLE_DIR))
        write_sample_golden(outputs)
        print(f"wrote {len(outputs)} files into tests/golden/sample/")
        if args.real:
            if not any((folder / "data" / REAL_CSV_NAME).is_file()
                       for folder in shared_candidates()):
                print(f"{REAL_CSV_NAME} is not in any shared folder", file=sys.stderr)
                return 2
            repo = make_workspace(Path(temp) / "workspace")
            with pinned_extraction_time():
                outcome = run_tnkg(REAL_DATA_BUILD.split()[1:], repo)
            if outcome.code != 0:
                print(outcome.output, file=sys.stderr)
                return 2
            real = collect(copy_real_data_build(repo, Path(temp) / "real"))
            REAL_MANIFEST.write_text(json.dumps(digests(real), indent=1) + "\n", "utf-8")
            print(f"wrote the digests of {len(real)} outputs into {REAL_MANIFEST.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
