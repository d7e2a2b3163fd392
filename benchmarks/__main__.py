"""`python -m benchmarks --pages N [--jobs J] --json FILE [--workdir DIR]`."""

import sys

from benchmarks.run import main

sys.exit(main())
