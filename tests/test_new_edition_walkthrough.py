"""The handbook's new edition (docs/manual.md, section 5), walked as a person would, on an
edition of another shape than 2020: no COVID guides nor most of 2020's figures (deleted),
a reused key (`laboratorios` for hybrid labs), a new figure, 22 governments in 14
countries. Every year's word of 2020 left in a file is named by `check` (in Spanish, or
in English with `--lang en`) before it can reach a PDF; once the team has done what
`check` asks, the Spanish and English PDFs say nothing of 2020: no figure value, label,
title or subtitle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from report import pipeline
from report.commands.cli import main
from report.locale import number
from report.render.pdftext import pages_text
from report.render.variant import Variant

from .conftest import EDITION_2020

DELETED = ["diagnosticos", "guias_covid", "manuales_tecnologia", "cursos_en_linea", "inscripciones_curso"]
DELETED += ["paises_inscripciones"]
# id, name, kind, country, participants, labs: 20 new governments in 12 more countries.
NEW_GOVERNMENTS = [
    ("cordoba", "Córdoba", "municipio", "AR", 12, 3),
    ("cochabamba", "Cochabamba", "municipio", "BO", 9, 0),
    ("bogota", "Bogotá", "distrito capital", "CO", 21, 0),
    ("cali", "Cali", "distrito", "CO", 8, 0),
    ("puebla", "Puebla", "municipio", "MX", 14, 0),
    ("merida", "Mérida", "municipio", "MX", 6, 0),
    ("valparaiso", "Valparaíso", "comuna", "CL", 11, 0),
    ("temuco", "Temuco", "comuna", "CL", 5, 0),
    ("arequipa", "Arequipa", "provincia", "PE", 10, 0),
    ("cusco", "Cusco", "provincia", "PE", 7, 0),
    ("recife", "Recife", "município", "BR", 18, 0),
    ("niteroi", "Niterói", "município", "BR", 4, 0),
    ("montevideo", "Montevideo", "intendencia", "UY", 16, 0),
    ("paysandu", "Paysandú", "intendencia", "UY", 3, 0),
    ("cuenca", "Cuenca", "cantón", "EC", 13, 0),
    ("asuncion", "Asunción", "municipalidad", "PY", 9, 0),
    ("quetzaltenango", "Quetzaltenango", "municipio", "GT", 6, 0),
    ("santa-tecla", "Santa Tecla", "municipio", "SV", 8, 0),
    ("heredia", "Heredia", "cantón", "CR", 5, 0),
    ("david", "David", "distrito", "PA", 2, 0),
]
TITLE = ("Ciudades que cooperan", "Cities working together")
SUBTITLE = ("Memoria anual 2022 del programa", "Annual account 2022 of the programme")
# This edition's words for the figures it keeps, the one it reuses and the one it adds.
FIGURES = {  # plural and singular, in Spanish and in English
    "gobiernos": ("gobiernos locales acompañados", "gobierno local acompañado")
    + ("local governments supported", "local government supported"),
    "paises": ("países de la red", "país de la red", "countries of the network", "country of the network"),
    "laboratorios": ("laboratorios híbridos", "laboratorio híbrido", "hybrid labs", "hybrid lab"),
    "mentorias": ("mentorías a equipos de gobierno", "mentoría a un equipo de gobierno")
    + ("mentoring sessions", "mentoring session"),
}


def run(*args: str, capsys) -> tuple[int, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def delete_figure(path: Path, key: str) -> None:
    """As the handbook says: the whole figure, from its «- clave:» line to the next."""
    text = path.read_text(encoding="utf-8")
    cut = re.sub(rf"^  - clave: {key}\n(?:    .*\n)+", "", text, count=1, flags=re.M)
    assert cut != text, key
    path.write_text(cut, encoding="utf-8")


def pdf_text(path: Path) -> str:
    """The PDF's text as PDFium reads it (the build's own check of the text), one line."""
    text = " ".join(pages_text(path.read_bytes()))
    return re.sub(r"\s+", " ", text.replace("\u2060", ""))


def has(text: str, words: str) -> bool:
    """`words` in `text` as whole words: «4 países» is not in «14 países de la red»."""
    return re.search(rf"(?<![\w.,]){re.escape(words)}(?!\w)", text) is not None


def words_of_2020() -> tuple[list[str], list[str]]:
    """What of 2020 is a year's word, in Spanish and in English: the title and subtitle,
    each figure's labels (of two words or more: «países» alone is any text's word) and
    each figure's value with its label («783 inscripciones…»)."""
    spanish = yaml.safe_load((EDITION_2020 / "edicion.yml").read_text(encoding="utf-8"))
    english = yaml.safe_load((EDITION_2020 / "edicion.en.yml").read_text(encoding="utf-8"))
    values = {figure["clave"]: figure["valor"] for figure in spanish["cifras"]}
    found: tuple[list[str], list[str]] = ([], [])
    for words, info, lang in ((found[0], spanish, "es"), (found[1], english, "en")):
        words += [info["titulo"], info["subtitulo"]]
        for figure in info["cifras"]:
            labels = [figure.get(k) for k in ("etiqueta", "etiqueta_singular", "etiqueta_corta") if figure.get(k)]
            words += [label for label in labels if " " in label]
            words += [f"{number(values[figure['clave']], lang)} {figure['etiqueta']}"]
        words.append(number(values["inscripciones_curso"], lang))  # 783, anywhere
    return found


def fill_the_year(edition: Path) -> None:
    """Step 3 of the handbook: write, decide each figure, add governments."""
    info = edition / "edicion.yml"
    edit(info, "titulo:\n", f"titulo: {TITLE[0]}\n")
    edit(info, "subtitulo:\n", f"subtitulo: {SUBTITLE[0]}\n")
    for key in ("gobiernos", "paises", "laboratorios"):  # published: a value, and this year's labels
        value = {"gobiernos": 22, "paises": 14, "laboratorios": 5}[key]
        edit(info, f"- clave: {key}\n    valor:\n", f"- clave: {key}\n    valor: {value}\n")
        label, one, *_ = FIGURES[key]
        text = info.read_text(encoding="utf-8")
        block = re.search(rf"^  - clave: {key}\n(?:    .*\n)+", text, re.M)
        assert block
        new = re.sub(r"^    etiqueta: .*$", f"    etiqueta: {label}", block.group(0), flags=re.M)
        new = re.sub(r"^    etiqueta_singular: .*$", f"    etiqueta_singular: {one}", new, flags=re.M)
        new = re.sub(r"^    etiqueta_corta: .*$", f"    etiqueta_corta: {label.capitalize()}", new, flags=re.M)
        info.write_text(text.replace(block.group(0), new), encoding="utf-8")
    label, one, *_ = FIGURES["mentorias"]
    edit(
        info,
        "cierre:\n",
        f"  - clave: mentorias\n    valor: 31\n    etiqueta: {label}\n    etiqueta_singular: {one}\n"
        f"    etiqueta_corta: Mentorías\ncierre:\n",
    )
    letter = edition / "carta.md"
    letter.write_text(
        letter.read_text(encoding="utf-8") + "En 2022 la red creció a catorce países.\n", encoding="utf-8"
    )
    governments = edition / "gobiernos"
    edit(governments / "05-rosario.md", "  participantes:\n", "  participantes: 20\n")
    edit(governments / "05-rosario.md", "\nactividades:\n", "\nactividades:\n  - Taller de datos abiertos de 2022.\n")
    edit(governments / "09-la-paz.md", "  participantes:\n", "  participantes: 15\n")
    edit(governments / "09-la-paz.md", "  cantidad:\n", "  cantidad: 2\n")
    edit(governments / "09-la-paz.md", "  descripcion:\n", "  descripcion: Dos laboratorios híbridos de movilidad.\n")
    edit(governments / "09-la-paz.md", "\nactividades:\n", "\nactividades:\n  - Mesa de movilidad urbana.\n")
    for number_, (gid, name, kind, country, participants, labs) in enumerate(NEW_GOVERNMENTS, start=20):
        lab_block = f"laboratorios:\n  cantidad: {labs}\n  descripcion: Laboratorios híbridos de {name}.\n"
        (governments / f"{number_}-{gid}.md").write_text(
            f"---\nnombre: {name}\ntipo: {kind}\npais: {country}\ncurso:\n  participantes: {participants}\n"
            f"{lab_block if labs else ''}---\n{name} se sumó a la red en 2022 con un equipo de innovación.\n",
            encoding="utf-8",
        )
    (edition / "proyectos" / "01-red-abierta.md").write_text(
        "---\nnombre: Red Abierta\n---\nUna red de equipos de innovación de catorce países.\n", encoding="utf-8"
    )


def translate_the_year(edition: Path) -> None:
    """Step 5: what `check --lang en` listed, translated in edicion.en.yml and carta.en.md."""
    english = edition / "edicion.en.yml"
    text = english.read_text(encoding="utf-8")
    for key in ("gobiernos", "paises", "laboratorios"):
        block = re.search(rf"^  - clave: {key}\n(?:    .*\n)+", text, re.M)
        assert block
        label, one = FIGURES[key][2:]
        new = f"  - clave: {key}\n    etiqueta: {label}\n    etiqueta_singular: {one}\n"
        if "etiqueta_corta" in block.group(0):
            new += f"    etiqueta_corta: {label.capitalize()}\n"
        text = text.replace(block.group(0), new)
    label, one = FIGURES["mentorias"][2:]
    text = text.replace(
        "cierre:\n",
        f"  - clave: mentorias\n    etiqueta: {label}\n    etiqueta_singular: {one}\n"
        "    etiqueta_corta: Mentoring\ncierre:\n",
    )
    text += f"titulo: {TITLE[1]}\nsubtitulo: {SUBTITLE[1]}\n"
    english.write_text(text, encoding="utf-8")
    (edition / "carta.en.md").write_text(
        "---\nfirma: The Innovación Pública 360 team\n---\nIn 2022 the network grew to fourteen countries.\n",
        encoding="utf-8",
    )


@pytest.mark.pdf
def test_the_handbook_walk_from_new_to_the_first_pdfs_leaves_nothing_of_2020(tmp_path, capsys):
    manual = (Path(__file__).parent.parent / "docs" / "manual.md").read_text(encoding="utf-8")
    section = manual[manual.index("## 5.") : manual.index("## 6.")]
    assert "--keep-governments" in section and "borre la cifra entera" in section and "translated" in section
    edition = tmp_path / "content" / "2022"
    out = tmp_path / "dist"

    # 1. Create the folder, saying which governments continue.
    status, said = run(
        "new", str(edition), "--from", str(EDITION_2020), "--keep-governments", "rosario,la-paz", capsys=capsys
    )
    assert status == 0, said
    info_text = (edition / "edicion.yml").read_text(encoding="utf-8")
    assert "Gobiernos disruptivos" not in info_text and "Informe de gestión" not in info_text
    assert not re.search(r"^    valor: \d", info_text, re.M)  # no value carried over or defaulted

    # 2. See what is missing: the title, the subtitle and every figure, each at its line.
    status, said = run("check", "--edition", str(edition), capsys=capsys)
    assert status == 1
    assert "campo «titulo»: está vacío" in said and "campo «subtitulo»: está vacío" in said
    for key in ("gobiernos", "guias_covid", "laboratorios", "inscripciones_curso"):
        assert re.search(rf"edicion\.yml:\d+:5: campo «cifras\.{key}\.valor»: sin decidir", said), key

    # 3. Fill in and decide. A figure of 0 is not a way to leave one out.
    fill_the_year(edition)
    for key in DELETED[1:]:
        delete_figure(edition / "edicion.yml", key)
    edit(edition / "edicion.yml", "- clave: diagnosticos\n    valor:\n", "- clave: diagnosticos\n    valor: 0\n")
    status, said = run("check", "--edition", str(edition), capsys=capsys)
    assert status == 1 and "«cifras.diagnosticos.valor»: una cifra en 0 no se publica" in said, said
    delete_figure(edition / "edicion.yml", "diagnosticos")

    # 4. Generate (in Spanish): check is content, and shows every country's colour.
    status, said = run("check", "--edition", str(edition), capsys=capsys)
    assert status == 0, said
    colours = next(line for line in said.splitlines() if line.startswith("Colores de los países"))
    assert colours.count("#") == 14 and "Guatemala (GT)" in colours and "El Salvador (SV)" in colours
    spanish_pdf = pipeline.build(edition, out).pdf

    # 5. English: the figures deleted in Spanish, one problem each, in a stable order…
    status, said = run("check", "--edition", str(edition), "--lang", "en", capsys=capsys)
    assert status == 1
    orphans = re.findall(r"field «cifras\.(\w+)»: does not exist in edicion\.yml: delete this figure", said)
    assert orphans == DELETED and f"{len(DELETED)} problems in the content" in said, said
    assert run("check", "--edition", str(edition), "--lang", "en", capsys=capsys)[1] == said  # same order each run
    for key in DELETED:
        delete_figure(edition / "edicion.en.yml", key)
    # …then every 2020 word still in the English file, named field by field at its line.
    status, said = run("check", "--edition", str(edition), "--lang", "en", capsys=capsys)
    assert status == 0, said
    outdated = set(
        re.findall(r"edicion\.en\.yml:\d+:5: field «(cifras\.[\w.]+)»: the Spanish of this field changed", said)
    )
    relabelled = {
        f"cifras.{key}.{field}"
        for key in ("gobiernos", "paises", "laboratorios")
        for field in ("etiqueta", "etiqueta_singular")
    }
    assert relabelled | {"cifras.laboratorios.etiqueta_corta"} <= outdated, said
    for field in ("titulo", "subtitulo", "cuerpo", "firma", "cifras.mentorias.etiqueta"):
        assert f"field «{field}»" in said, field

    # Built as it is, the English PDF prints 2020's English labels: only those `check` named.
    spanish_words, english_words = words_of_2020()
    lazy = pdf_text(pipeline.build(edition, out, Variant(lang="en")).pdf)
    leaked = [w for w in english_words if has(lazy, w)]
    assert leaked, "the walk should have something to catch"
    english_2020 = yaml.safe_load((EDITION_2020 / "edicion.en.yml").read_text(encoding="utf-8"))
    named_labels = set()
    for figure in english_2020["cifras"]:
        for field in ("etiqueta", "etiqueta_singular", "etiqueta_corta"):
            if f"cifras.{figure['clave']}.{field}" in outdated and figure.get(field):
                named_labels.add(figure[field])
    assert all(any(label in word for label in named_labels) for word in leaked), (leaked, named_labels)

    # Translate what check named, mark it, and build again.
    translate_the_year(edition)
    status, said = run("translated", str(edition / "edicion.en.yml"), str(edition / "carta.en.md"), capsys=capsys)
    assert status == 0, said
    status, said = run("check", "--edition", str(edition), "--lang", "en", capsys=capsys)
    assert status == 0 and "outdated" not in said, said
    english_pdf = pipeline.build(edition, out, Variant(lang="en")).pdf

    # Nothing of 2020 in either PDF; this year's words are there.
    spanish, english = pdf_text(spanish_pdf), pdf_text(english_pdf)
    assert [w for w in spanish_words if has(spanish, w)] == []
    assert [w for w in english_words if has(english, w)] == []
    assert "guías" not in spanish.lower() and "covid" not in spanish.lower() and "covid" not in english.lower()
    for text, lang in ((spanish, 0), (english, 1)):
        assert TITLE[lang] in text and SUBTITLE[lang] in text
    assert "22 gobiernos locales acompañados" in spanish and "5 laboratorios híbridos" in spanish
    assert "22 local governments supported" in english and "5 hybrid labs" in english
    assert "31 mentorías a equipos de gobierno" in spanish and "31 mentoring sessions" in english
