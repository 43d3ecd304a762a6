"""The matrix: every variant of an edition (the whole programme and each country, in each
language), built in parallel, summarised, and listed in `manifest.json`.

Each variant is an ordinary `pipeline.build` in a worker process, then its web edition
(`pipeline.web`, linking to that PDF), so the matrix makes exactly the files single
builds make. A variant that fails is reported and the others
still finish; the exit status says whether any failed.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..locale import describe
from ..problems import BuildError, ContentError, Message, Problem, message
from ..render.preflight import Finding
from ..render.scratch import check_output
from ..render.variant import Variant, variants_of
from .limits import EXIT_TERMINATED
from .output import Reporter, plain

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class VariantResult:
    variant: Variant
    file: Path | None = None
    web: Path | None = None  # the variant's web page
    pages: int = 0
    size: int = 0
    sha256: str = ""
    seconds: float = 0.0
    error: Message | None = None  # why the variant failed
    problems: tuple[Problem, ...] = ()  # its content problems, if that was why
    missing: int = 0  # texts shown in Spanish
    outdated: int = 0  # outdated translations
    findings: tuple[Finding, ...] = ()  # the layout preflight's

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class MatrixResult:
    results: list[VariantResult] = field(default_factory=list)
    manifest: Path | None = None
    wall: float = 0.0

    @property
    def failed(self) -> list[VariantResult]:
        return [r for r in self.results if not r.ok]

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0


def cpu_count() -> int:
    """Cores this process may use (os.process_cpu_count is Python 3.13+)."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, count or 1)


def run_matrix(
    edition_dir: Path,
    out_dir: Path,
    *,
    report: Reporter | None = None,
    strict: bool = False,
    jobs: int | None = None,
    variants: list[Variant] | None = None,
) -> MatrixResult:
    """Build every variant (or `variants`) into `out_dir` and write `out_dir/manifest.json`.

    Raises `ContentError` only when the edition itself cannot be read (then no variant can be made).
    """
    from .. import pipeline

    report = report or Reporter()
    started = time.perf_counter()
    check_output(out_dir, pipeline.input_folders(edition_dir))  # before any worker starts
    if variants is None:
        edition = pipeline.load(edition_dir).edition
        variants = variants_of(edition)
        year = edition.info.year
    else:
        year = None
    workers = min(jobs or cpu_count(), len(variants)) or 1
    done: dict[Variant, VariantResult] = {}
    progress = Progress(
        TextColumn(f"[bold]{plain(report.say('matrix_label'))}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=report.console,
        transient=True,
    )
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_started)
    try:
        with progress:
            task = progress.add_task(report.say("count_workers", count=workers), total=len(variants))
            futures = {pool.submit(_build_one, edition_dir, out_dir, variant, strict): variant for variant in variants}
            for future in as_completed(futures):
                variant = futures[future]
                try:
                    result = future.result()
                except (Exception, SystemExit) as error:  # a worker that died or was stopped fails only its variant
                    result = VariantResult(variant, error=message("matrix_worker_died", error=type(error).__name__))
                done[variant] = result
                if not result.ok:
                    progress.console.print(
                        f"[bold red]✗ {plain(report.say(variant.describe()))}:[/] {plain(_why(result, report))}",
                        soft_wrap=True,
                    )
                progress.update(task, advance=1, description=variant.slug())
    except BaseException:  # Ctrl-C, SIGTERM, the time limit: the workers stop too, each cleaning up
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    results = [done[v] for v in variants]
    matrix = MatrixResult(results=results, wall=time.perf_counter() - started)
    matrix.manifest = write_manifest(out_dir, results, year, report)
    _summary(report, matrix, workers)
    return matrix


def _why(result: VariantResult, report: Reporter) -> str:
    """A failed variant's reason in the report's words (its content problems, one per line)."""
    if result.problems:
        lines = [f"{p.location()}: {describe(p, report.lang)}" for p in result.problems]
        return report.say("problems_count", count=len(lines)) + " " + "; ".join(lines)
    return report.say(result.error) if result.error else ""


def _worker_started() -> None:
    """In each worker: Ctrl-C (sent to the whole terminal's group) is the main process's to
    handle; SIGTERM ends the build at once, through its cleanups (its temporary files), and
    the worker quietly, without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_stopped)


def _worker_stopped(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the cleanup short
    sys.exit(EXIT_TERMINATED)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Ask every worker to stop (SIGTERM: see `_worker_started`)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # the executor keeps no public list
        if process.is_alive():
            process.terminate()


def _build_one(edition_dir: Path, out_dir: Path, variant: Variant, strict: bool) -> VariantResult:
    """One variant in a worker process; errors come back as text (ContentError does not pickle)."""
    from .. import pipeline

    started = time.perf_counter()
    try:
        output = pipeline.build(edition_dir, out_dir, variant, strict=strict)
        page = pipeline.web(edition_dir, out_dir, variant, strict=strict).page
    except ContentError as error:
        return VariantResult(
            variant, error=message("problems_count", count=len(error.problems)), problems=tuple(error.problems)
        )
    except BuildError as error:
        return VariantResult(variant, error=error.message)
    except SystemExit:  # SIGTERM (`_worker_stopped`): the build has unwound, its temporary files are gone
        os._exit(EXIT_TERMINATED)  # and the worker takes no other variant
    except Exception as error:  # report it with the variant; the others go on
        return VariantResult(variant, error=message("matrix_unexpected", error=repr(error)))
    digest = hashlib.sha256(output.pdf.read_bytes()).hexdigest()
    return VariantResult(
        variant,
        file=output.pdf,
        web=page,
        pages=output.pages,
        size=output.size,
        sha256=digest,
        seconds=time.perf_counter() - started,
        missing=len(output.prepared.missing),
        outdated=len(output.prepared.outdated),
        findings=output.findings,
    )


def write_manifest(out_dir: Path, results: list[VariantResult], year: int | None, report: Reporter) -> Path:
    """`manifest.json`: each file with its variant, pages, bytes and sha256 (no dates: reproducible)."""
    from ..render.pdf import write_atomically

    manifest = {
        "edition": year,
        "files": [
            {
                "file": r.file.name if r.file else None,
                "variant": {"country": r.variant.country, "lang": r.variant.lang, "profile": r.variant.profile},
                "pages": r.pages,
                "bytes": r.size,
                "sha256": r.sha256,
                "web": r.web.relative_to(out_dir).as_posix() if r.web else None,
                "preflight": [{"page": f.page, "finding": plain(report.say(f.message))} for f in r.findings],
            }
            for r in results
            if r.ok
        ],
        "failed": [
            {
                "variant": {"country": r.variant.country, "lang": r.variant.lang, "profile": r.variant.profile},
                "error": _why(r, report),
            }
            for r in results
            if not r.ok
        ],
    }
    target = out_dir / MANIFEST
    write_atomically((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), target)
    return target


def _summary(report: Reporter, matrix: MatrixResult, workers: int) -> None:
    say = report.say
    table = Table(
        title=say(
            "matrix_title",
            variants=len(matrix.results),
            seconds=f"{matrix.wall:.1f}",
            workers=message("count_workers", count=workers),
        )
    )
    columns = (
        ("matrix_col_country", "left"),
        ("matrix_col_lang", "left"),
        ("matrix_col_file", "left"),
        ("matrix_col_pages", "right"),
        (None, "right"),
        (None, "right"),
        (None, "left"),
    )
    for (code, justify), fixed in zip(columns, ("", "", "", "", "KB", "s", ""), strict=True):
        table.add_column(say(code) if code else fixed, justify=justify, no_wrap=code == "matrix_col_file")  # type: ignore[arg-type]
    for r in matrix.results:
        where = r.variant.country or say("matrix_all")
        if r.ok and r.file is not None:
            table.add_row(
                where,
                r.variant.lang,
                r.file.name,
                str(r.pages),
                f"{r.size / 1024:.0f}",
                f"{r.seconds:.1f}",
                f"[yellow]⚠ {len(r.findings)}[/]" if r.findings else "[green]✓[/]",
            )
        else:
            table.add_row(where, r.variant.lang, "—", "", "", "", f"[bold red]{plain(say('matrix_failed_cell'))}[/]")
    report.console.print(table)
    for r in matrix.results:
        if r.findings:
            report.findings(r.findings, variant=r.variant.describe())
    if matrix.failed:
        report.fail(
            "matrix_failed", failed=len(matrix.failed), total=len(matrix.results), manifest=str(matrix.manifest)
        )
    else:
        report.done("matrix_manifest", manifest=str(matrix.manifest))
    for r in matrix.results:  # each language once: its whole-programme report has every text
        if r.ok and r.variant.country is None:
            report.translation_summary(r.missing, r.outdated, r.variant.lang)
