"""The test suite's time: `make test` on fresh clones of commits, one after the other.

    python bench/suite.py a4bcb84 HEAD --rounds 2

Each round clones every commit afresh (no `.cache`, no `.mypy_cache`: as CI finds it) and
runs there the recipes of `lint` and `test` as that commit's Makefile writes them, with this
checkout's virtual environment (the same libraries for all: only the code and the tests
differ). The commits take turns, so that the machine's drift falls on each of them alike;
timings on a shared machine are noisy, so compare the ratio of medians, not one run.
Run by hand (make test never times itself); results go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def recipe(makefile: str, target: str) -> list[str]:
    """The shell lines of `target` in a Makefile, with the virtual environment's `$(BIN)`."""
    block = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M)
    if block is None:
        raise SystemExit(f"the Makefile has no {target!r} target")
    return [line.strip().replace("$(BIN)", str(BIN)) for line in block.group(1).splitlines()]


def run(commit: str, scratch: Path) -> tuple[float, float]:
    """Seconds `make test` takes on a fresh clone of `commit`: on the clock, and of CPU."""
    clone = scratch / commit
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", commit], check=True)
    makefile = (clone / "Makefile").read_text(encoding="utf-8")
    commands = [line for line in recipe(makefile, "lint") + recipe(makefile, "test") if BIN.as_posix() in line]
    started, cpu = time.perf_counter(), _children_cpu()
    for command in commands:
        done = subprocess.run(command, shell=True, cwd=clone, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{commit}: `{command}` failed\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", nargs="+", help="commits to time (the first is the baseline)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    commits = [
        subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", c], capture_output=True, text=True, check=True
        ).stdout.strip()
        for c in args.commits
    ]
    times: dict[str, list[float]] = {c: [] for c in commits}
    cpus: dict[str, list[float]] = {c: [] for c in commits}
    with tempfile.TemporaryDirectory(prefix="ip360-suite-") as scratch:
        for round_ in range(1, args.rounds + 1):
            for commit in commits if round_ % 2 else reversed(commits):
                seconds, cpu = run(commit, Path(scratch))
                times[commit].append(seconds)
                cpus[commit].append(cpu)
                print(f"round {round_}  {commit}  {seconds:6.1f} s  ({cpu:5.0f} s of CPU)", flush=True)
    base, base_cpu = statistics.median(times[commits[0]]), statistics.median(cpus[commits[0]])
    for commit in commits:
        median, cpu = statistics.median(times[commit]), statistics.median(cpus[commit])
        print(
            f"{commit}: median {median:6.1f} s ({median / base:.2f} of {commits[0]}), "
            f"{cpu:5.0f} s of CPU ({cpu / base_cpu:.2f}) on {os.cpu_count()} cores"
        )


if __name__ == "__main__":
    main()
