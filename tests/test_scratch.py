"""Runs at once in one output folder (the matrix's workers each write a PDF, a web page and
the same fonts): none may lose its scratch folder to another's cleanup."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from report.problems import BuildError
from report.render.pdf import write_atomically

WRITERS, WRITES = 4, 150


def _writer(folder: str, number: int, failures) -> None:
    for index in range(WRITES):
        try:
            write_atomically(b"x" * 100, Path(folder) / f"file-{number}-{index % 3}.bin")
        except BuildError as error:  # «no se puede escribir en la carpeta de salida … (no existe)»
            failures.put(f"{number}/{index}: {error.message}")
            return


def test_parallel_writers_never_find_their_scratch_folder_gone(tmp_path):
    """A run that ends removes `.tmp` when it is empty, as it is between another run's
    making it and creating its lock there; before the fix this failed within ~100 writes."""
    context = multiprocessing.get_context("fork")
    failures = context.Queue()
    writers = [context.Process(target=_writer, args=(str(tmp_path), n, failures)) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    found = []
    while not failures.empty():
        found.append(failures.get())
    assert found == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"file-{n}-{i}.bin" for n in range(WRITERS) for i in range(3)
    )  # and no scratch folder left behind
