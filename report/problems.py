"""Content problems: what is wrong, where, and what was expected, in plain words.

Every stage reports problems as `Problem` values and raises `ContentError` with all of
them at once, so the communications team fixes every mistake in one pass. Messages come
from `MESSAGES`, a small catalogue in the report's languages (Spanish first), through
`say(key, lang, ...)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One located problem in the content."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    value: str | None = None
    lang: str = "es"

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = self.location()
        if self.field:
            text += ": " + say("label_field", self.lang, field=self.field)
        text += f": {self.message}"
        if self.value is not None:
            text += " " + say("label_value", self.lang, value=self.value)
        return text


class ContentError(Exception):
    """The content has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class Reason(ValueError):
    """A validator's verdict as a catalogue key, turned into words by `loading.explain`."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(key)


class BuildError(Exception):
    """The build itself failed (a strict-rendering warning, a missing font...)."""


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.line or 0, problem.column or 0, problem.field or "")


def show_value(value: object, limit: int = 60, lang: str = "es") -> str:
    """A short, readable rendering of a bad value for an error message."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"«{text}»"
    if isinstance(value, dict):
        return say("value_block", lang)
    if isinstance(value, list):
        return say("value_list", lang)
    if value is None:
        return say("value_empty", lang)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def say(key: str, lang: str = "es", /, **params: object) -> str:
    """The message `key` in `lang` (Spanish when there is no translation), filled in."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["es"]).format(**params)


# Every message a content problem can carry: key -> {language: text}. Placeholders in
# braces are filled by `say`. Keep the Spanish first: it is what the team reads.
MESSAGES: dict[str, dict[str, str]] = {
    # labels of `Problem.__str__` and of values
    "label_field": {"es": "campo «{field}»", "en": "field «{field}»"},
    "label_value": {"es": "(valor: {value})", "en": "(value: {value})"},
    "value_block": {"es": "un bloque de campos", "en": "a block of fields"},
    "value_list": {"es": "una lista", "en": "a list"},
    "value_empty": {"es": "vacío", "en": "empty"},
    # reading a file (sourcefiles.py)
    "file_too_large": {
        "es": "el archivo pesa {size} KB; el máximo es {limit} KB",
        "en": "the file is {size} KB; the maximum is {limit} KB",
    },
    "not_utf8": {
        "es": "el archivo no está en UTF-8 (¿texto pegado desde un procesador de textos, en Latin-1 o "
        "Windows-1252?); guárdelo con codificación UTF-8",
        "en": "the file is not UTF-8 (text pasted from a word processor, in Latin-1 or Windows-1252?); "
        "save it with UTF-8 encoding",
    },
    "empty_file": {"es": "el archivo está vacío", "en": "the file is empty"},
    "yaml_syntax": {"es": "error de sintaxis YAML: {reason}", "en": "YAML syntax error: {reason}"},
    "yaml_colon": {
        "es": "hay un «:» donde no se esperaba (si el texto lleva «: », póngalo entre comillas)",
        "en": "there is a «:» where none was expected (if the text contains «: », put it in quotes)",
    },
    "yaml_missing_colon": {"es": "falta «:» después del nombre de un campo", "en": "«:» missing after a field name"},
    "yaml_tab": {"es": "hay un tabulador; use espacios para sangrar", "en": "there is a tab; indent with spaces"},
    "yaml_unclosed_quote": {
        "es": "unas comillas se abren aquí y no se cierran",
        "en": "a quotation mark opens here and is never closed",
    },
    "yaml_unexpected_end": {
        "es": "el encabezado termina antes de tiempo: ¿falta cerrar unas comillas, un corchete o una llave?",
        "en": "the header ends too early: is a quotation mark, bracket or brace left open?",
    },
    "yaml_bad_character": {
        "es": "hay un carácter invisible de control ({char}), quizás pegado desde otro programa; bórrelo",
        "en": "there is an invisible control character ({char}), perhaps pasted from another program; delete it",
    },
    "yaml_undefined_alias": {"es": "no se admiten alias de YAML (*)", "en": "YAML aliases (*) are not allowed"},
    "yaml_tag": {
        "es": "etiqueta de YAML no admitida ({tag}): escriba el valor sin «!»",
        "en": "YAML tag not allowed ({tag}): write the value without «!»",
    },
    "yaml_too_deep": {
        "es": "hay demasiados niveles anidados (sangrías, corchetes o llaves); el máximo es {limit}",
        "en": "too many nested levels (indentation, brackets or braces); the maximum is {limit}",
    },
    "no_fields": {
        "es": "no hay ningún campo: se esperaba «clave: valor» en cada línea",
        "en": "there are no fields: «key: value» was expected on each line",
    },
    "not_mapping": {"es": "se esperaban campos «clave: valor»", "en": "«key: value» fields were expected"},
    "no_front_matter": {
        "es": "falta el encabezado: el archivo debe empezar con una línea «---», los campos y otra línea «---»",
        "en": "the header is missing: the file must start with a «---» line, the fields and another «---» line",
    },
    "unclosed_front_matter": {
        "es": "el encabezado no está cerrado: falta la línea «---» después de los campos",
        "en": "the header is not closed: the «---» line after the fields is missing",
    },
    "yaml_alias": {
        "es": "no se admiten anclas ni alias de YAML (&, *): escriba el valor completo",
        "en": "YAML anchors and aliases (&, *) are not allowed: write the whole value",
    },
    "duplicate_key": {"es": "el campo está repetido", "en": "the field is repeated"},
    # the edition's folder (loading.py)
    "no_edition": {
        "es": "no hay ninguna edición (carpeta con {file})",
        "en": "there is no edition (a folder with {file})",
    },
    "no_edition_dir": {"es": "la carpeta de la edición no existe", "en": "the edition's folder does not exist"},
    "no_governments": {
        "es": "no hay ningún perfil de gobierno (archivos .md)",
        "en": "there is no government profile (.md files)",
    },
    "missing_folder": {"es": "falta la carpeta", "en": "the folder is missing"},
    "missing_file": {"es": "falta el archivo", "en": "the file is missing"},
    "bad_file_name": {
        "es": "nombre de archivo no válido: use minúsculas sin tildes, números y guiones, terminado en .md "
        "(p. ej. 05-rosario.md)",
        "en": "invalid file name: use lower-case letters without accents, digits and hyphens, ending in .md "
        "(e.g. 05-rosario.md)",
    },
    "duplicate_id": {
        "es": "el identificador «{id}» ya lo usa {other}: cada archivo necesita un nombre distinto",
        "en": "the identifier «{id}» is already used by {other}: each file needs a different name",
    },
    "body_in_header": {
        "es": "este texto va en el cuerpo del archivo, después de la segunda línea «---», no en el encabezado",
        "en": "this text goes in the body of the file, after the second «---» line, not in the header",
    },
    "field_from_file_name": {
        "es": "este campo se toma del nombre del archivo; quítelo del encabezado",
        "en": "this field comes from the file name; remove it from the header",
    },
    # validation (loading.explain)
    "missing": {"es": "falta este campo obligatorio", "en": "this required field is missing"},
    "did_you_mean": {"es": "¿quiso decir «{name}»? ", "en": "did you mean «{name}»? "},
    "unknown_field": {
        "es": "campo desconocido; {hint}los campos válidos aquí son: {valid}",
        "en": "unknown field; {hint}the valid fields here are: {valid}",
    },
    "country_code": {
        "es": "código de país desconocido: se espera un código ISO 3166-1 de dos letras (AR, BO, CL, CO, MX…)",
        "en": "unknown country code: a two-letter ISO 3166-1 code is expected (AR, BO, CL, CO, MX…)",
    },
    "int_type": {
        "es": "se espera un número entero, sin comillas ni decimales",
        "en": "a whole number is expected, without quotes or decimals",
    },
    "int_parsing": {"es": "se espera un número entero", "en": "a whole number is expected"},
    "int_from_float": {"es": "se espera un número entero, sin decimales", "en": "a whole number is expected, without decimals"},
    "string_type": {"es": "se espera un texto", "en": "a text is expected"},
    "list_type": {
        "es": "se espera una lista (una línea por elemento, empezando con «- »)",
        "en": "a list is expected (one line per item, starting with «- »)",
    },
    "mapping_type": {
        "es": "se esperan campos «clave: valor» sangrados debajo de este",
        "en": "«key: value» fields indented below this one are expected",
    },
    "bool_type": {"es": "se espera true o false", "en": "true or false is expected"},
    "greater_than_equal": {
        "es": "se espera un número mayor o igual que {limit}",
        "en": "a number greater than or equal to {limit} is expected",
    },
    "less_than_equal": {
        "es": "se espera un número menor o igual que {limit}",
        "en": "a number less than or equal to {limit} is expected",
    },
    "empty_value": {"es": "no puede estar vacío", "en": "it cannot be empty"},
    "empty_then": {"es": "está vacío; {message}", "en": "it is empty; {message}"},
    "literal_error": {
        "es": "valor no admitido; se espera uno de: {expected}",
        "en": "value not allowed; one of these is expected: {expected}",
    },
    "invalid": {"es": "valor no válido ({kind})", "en": "invalid value ({kind})"},
    # images (images.py)
    "image_outside": {
        "es": "la imagen debe estar dentro de la carpeta de la edición, con una ruta como imagenes/rosario.jpg "
        "(no se admiten direcciones web, rutas absolutas ni «..»)",
        "en": "the image must be inside the edition's folder, with a path like imagenes/rosario.jpg "
        "(web addresses, absolute paths and «..» are not allowed)",
    },
    "image_missing": {
        "es": "la imagen no existe en la carpeta de la edición",
        "en": "the image does not exist in the edition's folder",
    },
    "image_not_image": {
        "es": "el archivo no es una imagen que se pueda usar: se espera PNG, JPEG, GIF o WebP",
        "en": "the file is not a usable image: PNG, JPEG, GIF or WebP is expected",
    },
    "image_too_heavy": {
        "es": "la imagen pesa {size} MB; el máximo es {limit} MB",
        "en": "the image is {size} MB; the maximum is {limit} MB",
    },
    "image_too_large": {
        "es": "la imagen mide {width}×{height} píxeles; el máximo es {limit} megapíxeles (redúzcala)",
        "en": "the image is {width}×{height} pixels; the maximum is {limit} megapixels (scale it down)",
    },
    "image_far_too_large": {
        "es": "la imagen tiene demasiados píxeles; el máximo es {limit} megapíxeles (redúzcala)",
        "en": "the image has too many pixels; the maximum is {limit} megapixels (scale it down)",
    },
    # the build (fetcher.py, pdf.py, cli.py)
    "fetch_refused": {
        "es": "el documento pidió un recurso no permitido: {url} ({why}); solo se pueden usar archivos de la "
        "carpeta de la edición y de styles/, sin red",
        "en": "the document asked for a resource that is not allowed: {url} ({why}); only files in the "
        "edition's folder and in styles/ may be used, with no network",
    },
    "fetch_outside": {"es": "está fuera de las carpetas permitidas", "en": "it is outside the allowed folders"},
    "fetch_scheme": {"es": "no es un archivo local", "en": "it is not a local file"},
    "fetch_not_file": {"es": "no existe o no es un archivo común", "en": "it does not exist or is not a regular file"},
    "fetch_too_large": {"es": "pesa más de {limit} MB", "en": "it is larger than {limit} MB"},
    "chart_unknown": {
        "es": "el gráfico «{name}» no existe; los disponibles son: {available}",
        "en": "the chart «{name}» does not exist; the available ones are: {available}",
    },
    "problems_one": {"es": "1 problema en el contenido:", "en": "1 problem in the content:"},
    "problems_many": {"es": "{count} problemas en el contenido:", "en": "{count} problems in the content:"},
    "build_failed": {"es": "La compilación falló:", "en": "The build failed:"},
    "timeout": {
        "es": "la compilación superó el límite de {seconds} s y se detuvo; no se escribió nada "
        "(use --timeout para cambiar el límite)",
        "en": "the build went past the limit of {seconds} s and was stopped; nothing was written "
        "(use --timeout to change the limit)",
    },
    "interrupted": {
        "es": "compilación interrumpida ({signal}); no se escribió nada y el PDF anterior quedó intacto",
        "en": "build interrupted ({signal}); nothing was written and the previous PDF is untouched",
    },
}


def relative(path: Path, root: Path) -> str:
    """The path as the team sees it: relative to the project when possible."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
