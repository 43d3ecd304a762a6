#!/usr/bin/env bash
# Pictures of the real pages for the handbook (docs/manual.md), from a real build of the
# newest edition. Run `make docs-images` (or this script) after a change to the look, and
# commit the PNGs. Pages are found by their bookmark, so they follow the layout.
# (antes-*.png are not made here: they are the 2020 pages before the redesign of issue 14,
# and antes-2-*.png before that of issue 21, kept as they were for the handbook's before/after.)
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
          "pais": "Argentina", "perfil": "Bahía Blanca", "perfil-corto": "Hurlingham",
          "proyectos": "Otros proyectos desarrollados",
          "perfiles-juntos": "Medellín", "pais-un-gobierno": "Bolivia"}
for name, title in wanted.items():
    if title is not None and title not in pages:
        sys.exit(f"no bookmark «{title}» in {sys.argv[1]}: update docs/images/generate.sh")
    print(name, 1 if title is None else pages[title])
print("cifras-derecha", pages["El programa en cifras"] + 1)  # the spread's right-hand page
print("contratapa", len(reader.pages))
PY

while read -r name page; do
  pdftoppm -r 40 -png -f "$page" -l "$page" -singlefile "$PDF" "$OUT/$name"
done < "$TMP/pages.txt"
AR="$(ls "$TMP"/ip360-informe-*-ar-es.pdf | head -n 1)"
pdftoppm -r 40 -png -f 1 -l 1 -singlefile "$AR" "$OUT/portada-ar"

# The proof page of the approval routine (docs/manual.md): an approved build, one word
# edited in a copy of the edition, a build --against the approved copy, the proof shot
# with headless Chromium as a reader's browser shows it.
EDITION=content/2020  # the word edited below is in its Hurlingham profile
mkdir -p "$TMP/proof/edition" "$TMP/proof/aprobados"
cp -r "$EDITION" "$TMP/proof/edition/"
COPY="$TMP/proof/edition/$(basename "$EDITION")"
PROFILE="$COPY/gobiernos/03-hurlingham.md"
grep -q "voluntariado ciudadano" "$PROFILE" || { echo "«voluntariado ciudadano» is no longer in $PROFILE: update docs/images/generate.sh"; exit 1; }
"$PYTHON" build.py --edition "$COPY" --out "$TMP/proof/dist"
APPROVED="$TMP/proof/aprobados/ip360-informe-2020-es-aprobado.pdf"
cp "$TMP/proof/dist/ip360-informe-2020-es.pdf" "$APPROVED"
sed -i 's/voluntariado ciudadano/voluntariado vecinal/' "$PROFILE"
"$PYTHON" build.py --edition "$COPY" --out "$TMP/proof/dist" --against "$APPROVED"
CHROMIUM="$(command -v chromium || echo /usr/bin/chromium)"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1700 \
  --screenshot="$TMP/proof/shot.png" "file://$TMP/proof/dist/ip360-informe-2020-es-cambios.html" 2>/dev/null
"$PYTHON" - "$TMP/proof/shot.png" "$OUT/prueba.png" <<'PY'
import sys
from PIL import Image

with Image.open(sys.argv[1]) as shot:
    shot.convert("RGB").resize((825, 1275), Image.LANCZOS).quantize(128).save(sys.argv[2], optimize=True)
PY
ls -l "$OUT"/*.png
