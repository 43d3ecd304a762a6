"""The matrix: every variant of an edition (the whole programme and each country, in each
language), built in parallel, summarised, and listed in `manifest.json`.

Each variant is an ordinary `pipeline.build` in a worker process, so the matrix makes
exactly the files single builds make. A variant that fails is reported and the others
still finish; the exit status says whether any failed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .problems import BuildError, ContentError
from .variants import Variant, variants_of

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class VariantResult:
    variant: Variant
    file: Path | None = None
    pages: int = 0
    size: int = 0
    sha256: str = ""
    seconds: float = 0.0
    error: str | None = None

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
    console: Console | None = None,
    strict: bool = False,
    jobs: int | None = None,
    variants: list[Variant] | None = None,
) -> MatrixResult:
    """Build every variant (or `variants`) into `out_dir` and write `out_dir/manifest.json`.

    Raises `ContentError` only when the edition itself cannot be read (then no variant can be made).
    """
    from . import pipeline

    console = console or Console(stderr=True, highlight=False)
    started = time.perf_counter()
    if variants is None:
        edition, _ = pipeline.load(edition_dir)
        variants = variants_of(edition)
        year = edition.info.year
    else:
        year = None
    workers = min(jobs or cpu_count(), len(variants)) or 1
    done: dict[Variant, VariantResult] = {}
    progress = Progress(
        TextColumn("[bold]Matriz[/]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=console, transient=True,
    )
    with progress, ProcessPoolExecutor(max_workers=workers) as pool:
        task = progress.add_task(f"{workers} procesos", total=len(variants))
        futures = {pool.submit(_build_one, edition_dir, out_dir, variant, strict): variant for variant in variants}
        for future in as_completed(futures):
            variant = futures[future]
            try:
                result = future.result()
            except Exception as error:  # a worker that died (e.g. out of memory) fails only its variant
                result = VariantResult(variant, error=f"el proceso falló: {error!r}")
            done[variant] = result
            if not result.ok:
                progress.console.print(f"[bold red]✗ {variant.describe()}:[/] {result.error}", soft_wrap=True)
            progress.update(task, advance=1, description=variant.slug())
    results = [done[v] for v in variants]
    matrix = MatrixResult(results=results, wall=time.perf_counter() - started)
    matrix.manifest = write_manifest(out_dir, results, year)
    _summary(console, matrix, workers)
    return matrix


def _build_one(edition_dir: Path, out_dir: Path, variant: Variant, strict: bool) -> VariantResult:
    """One variant in a worker process; errors come back as text (ContentError does not pickle)."""
    from . import pipeline

    started = time.perf_counter()
    try:
        output = pipeline.build(edition_dir, out_dir, variant, strict=strict)
    except ContentError as error:
        lines = [str(p) for p in error.problems]
        return VariantResult(variant, error=f"{len(lines)} problemas en el contenido: " + "; ".join(lines))
    except BuildError as error:
        return VariantResult(variant, error=str(error))
    except Exception as error:  # report it with the variant; the others go on
        return VariantResult(variant, error=f"error inesperado: {error!r}")
    digest = hashlib.sha256(output.pdf.read_bytes()).hexdigest()
    return VariantResult(
        variant, file=output.pdf, pages=output.pages, size=output.size, sha256=digest,
        seconds=time.perf_counter() - started,
    )


def write_manifest(out_dir: Path, results: list[VariantResult], year: int | None) -> Path:
    """`manifest.json`: each file with its variant, pages, bytes and sha256 (no dates: reproducible)."""
    from .pdf import write_atomically

    manifest = {
        "edition": year,
        "files": [
            {
                "file": r.file.name,
                "variant": {"country": r.variant.country, "lang": r.variant.lang, "profile": r.variant.profile},
                "pages": r.pages,
                "bytes": r.size,
                "sha256": r.sha256,
            }
            for r in results
            if r.ok
        ],
        "failed": [
            {"variant": {"country": r.variant.country, "lang": r.variant.lang, "profile": r.variant.profile}, "error": r.error}
            for r in results
            if not r.ok
        ],
    }
    target = out_dir / MANIFEST
    write_atomically((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), target)
    return target


def _summary(console: Console, matrix: MatrixResult, workers: int) -> None:
    table = Table(title=f"Matriz: {len(matrix.results)} variantes en {matrix.wall:.1f} s con {workers} procesos")
    for column, justify in (("país", "left"), ("idioma", "left"), ("archivo", "left"), ("págs.", "right"), ("KB", "right"), ("s", "right"), ("", "left")):
        table.add_column(column, justify=justify, no_wrap=column == "archivo")
    for r in matrix.results:
        where = r.variant.country or "todos"
        if r.ok:
            table.add_row(where, r.variant.lang, r.file.name, str(r.pages), f"{r.size / 1024:.0f}", f"{r.seconds:.1f}", "[green]✓[/]")
        else:
            table.add_row(where, r.variant.lang, "—", "", "", "", "[bold red]falló[/]")
    console.print(table)
    if matrix.failed:
        console.print(f"[bold red]{len(matrix.failed)} de {len(matrix.results)} variantes fallaron;[/] el manifiesto {matrix.manifest} lista las demás.")
    else:
        console.print(f"[green]✓[/] manifiesto: {matrix.manifest}")
