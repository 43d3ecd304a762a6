#!/usr/bin/env python3
"""Command line entry point: `python build.py [build|check] [options]` (see README)."""

import sys

from report.commands.limits import collect_less_often

collect_less_often()  # before the imports below, which make the collector run a hundred times

from report.commands.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
