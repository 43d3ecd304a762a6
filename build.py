#!/usr/bin/env python3
"""Command line entry point: `python build.py [build|check] [options]` (see README)."""

import sys

from report.commands.cli import main

if __name__ == "__main__":
    sys.exit(main())
