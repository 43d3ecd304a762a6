#!/usr/bin/env bash
# Pictures of the real pages for the handbook (docs/manual.md), from a real build of the
# newest edition. Run `make docs-images` (or this script) after a change to the look, and
# commit the PNGs. Pages are found by their bookmark, so they follow the layout.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
OUT=docs/images
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

"$PYTHON" build.py --out "$TMP"
"$PYTHON" build.py --country AR --out "$TMP"
PDF="$(ls "$TMP"/ip360-informe-*-es.pdf | grep -v -- '-ar-' | head -n 1)"

# name:bookmark ("" = first page). One line per picture.
"$PYTHON" - "$PDF" <<'PY' > "$TMP/pages.txt"
import sys
from pypdf import PdfReader

reader = PdfReader(sys.argv[1])
pages = {}
def walk(items):
    for item in items:
        if isinstance(item, list):
            walk(item)
        else:
            pages.setdefault(item.title, reader.get_destination_page_number(item) + 1)
walk(reader.outline)
wanted = {"portada": None, "carta": "Presentación", "cifras": "El programa en cifras",
          "pais": "Argentina", "perfil": "Bahía Blanca", "proyectos": "Otros proyectos desarrollados"}
for name, title in wanted.items():
    if title is not None and title not in pages:
        sys.exit(f"no bookmark «{title}» in {sys.argv[1]}: update docs/images/generate.sh")
    print(name, 1 if title is None else pages[title])
PY

while read -r name page; do
  pdftoppm -r 40 -png -f "$page" -l "$page" -singlefile "$PDF" "$OUT/$name"
done < "$TMP/pages.txt"
AR="$(ls "$TMP"/ip360-informe-*-ar-es.pdf | head -n 1)"
pdftoppm -r 40 -png -f 1 -l 1 -singlefile "$AR" "$OUT/portada-ar"
ls -l "$OUT"/*.png
