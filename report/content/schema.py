"""The content schema: what each content file may hold.

Attributes are English for the code; the keys the team types in the YAML are Spanish
(the field aliases). Every model is strict and forbids unknown keys, so a typo is
reported instead of silently ignored.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Literal

from babel import Locale
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from ..problems import Reason
from .text import inline_prose, plain_text, prose

# Two-letter CLDR regions that are not ISO 3166-1 countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from CLDR (through Babel)."""
    regions = [str(code) for code in Locale("es").territories]
    return frozenset(code for code in regions if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code in any case, upper-cased; `Reason` when it is none."""
    code = value.strip().upper()
    if code not in country_codes():
        raise Reason("country_code")
    return code


CountryCode = Annotated[str, AfterValidator(country_code)]


def language_tag(value: str) -> str:
    """A language the text is written in, as BCP 47 (`pt`, `pt-BR`, `qu`): it becomes the
    `lang` of its passage in the HTML and the `/Lang` of its structure element in the PDF."""
    from babel import UnknownLocaleError

    if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", value):
        raise Reason("language_tag")
    try:
        Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise Reason("language_tag") from None
    return value


LanguageTag = Annotated[str, AfterValidator(language_tag)]
_LANGUAGE = (
    "El idioma del texto si no es español: pt (portugués), qu (quechua)…; lo dicen el PDF y los lectores de pantalla"
)
# Every text is checked for what the PDF could not show as written (text.py, limits.py).
Text = Annotated[str, Field(min_length=1), AfterValidator(plain_text)]
"""Plain text on one line: names, titles, handles."""
InlineMarkdown = Annotated[str, Field(min_length=1), AfterValidator(inline_prose)]
"""One line that may hold *emphasis* and [links](https://…): an activity, a topic."""
Markdown = Annotated[str, Field(min_length=1), AfterValidator(prose)]
"""Prose in CommonMark Markdown: paragraphs, *italics*, lists."""
Count = Annotated[int, Field(ge=0)]


def _decided(value: object) -> object:
    """A figure `build.py new` left empty is undecided: fill it in or delete the figure."""
    if value is None:
        raise Reason("figure_undecided")
    return value


def _published(value: int) -> int:
    """A figure of 0 is one this edition does not have: it is deleted, not printed as «0 …»."""
    if value == 0:
        raise Reason("figure_zero")
    return value


FigureValue = Annotated[int, Field(ge=0), BeforeValidator(_decided), AfterValidator(_published)]


class Strict(BaseModel):
    """Base of every content model: no unknown keys, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Image(Strict):
    """An image from the edition's folder, with its alternative text."""

    file: Text = Field(
        alias="archivo", description="Ruta de la imagen dentro de la edición, p. ej. imagenes/rosario.jpg"
    )
    alt: Text = Field(alias="alt", description="Texto alternativo: qué muestra la imagen, para lectores de pantalla")

    @field_validator("file")
    @classmethod
    def _exists(cls, value: str, info: ValidationInfo) -> str:
        # Inside the edition, a real image, of a sane size (report/images.py).
        root = (info.context or {}).get("edition_dir")
        if root is not None:
            from .images import check_image

            check_image(root, value)
        return value


class Course(Strict):
    """Officials of a government trained in the Curso Innovación Pública 360."""

    participants: Count = Field(alias="participantes", description="Agentes de gobierno que hicieron el curso")
    note: Text | None = Field(default=None, alias="nota", description="Aclaración, p. ej. «Incluyendo la Intendente…»")


class Labs(Strict):
    """The co-creation labs (or workshops) held with a government."""

    count: Annotated[int, Field(ge=1)] = Field(alias="cantidad", description="Cuántos laboratorios o talleres")
    description: Markdown = Field(alias="descripcion", description="Qué se hizo (Markdown)")
    topics: list[InlineMarkdown] = Field(
        default_factory=list, alias="temas", description="Temas o ejes trabajados, en lista"
    )
    closing: Markdown | None = Field(default=None, alias="cierre", description="Texto que sigue a la lista de temas")


KIND_SUGGESTIONS = ("municipio", "provincia", "estado", "departamento", "área metropolitana")
"""What 2020 called its governments: offered by the editor's schema, never required."""


class Location(Strict):
    """Where a government has its seat, in decimal degrees (as a map application gives them)."""

    latitude: Annotated[float, Field(ge=-90, le=90)] = Field(
        alias="latitud", description="Grados decimales; negativos al sur del ecuador: -38.72"
    )
    longitude: Annotated[float, Field(ge=-180, le=180)] = Field(
        alias="longitud", description="Grados decimales; negativos al oeste de Greenwich: -62.27"
    )


class Government(Strict):
    """One subnational government's profile: `gobiernos/NN-id.md`."""

    id: Text = Field(alias="id", description="Se toma del nombre del archivo")
    name: Text = Field(alias="nombre", description="Nombre del gobierno, p. ej. Bahía Blanca")
    kind: Text = Field(
        alias="tipo",
        description="Qué clase de gobierno es, como se lo llama en su país: municipio, comuna, provincia…",
        json_schema_extra={"examples": list(KIND_SUGGESTIONS)},
    )
    country: CountryCode = Field(alias="pais", description="Código ISO de dos letras: AR, BO, CO, MX…")
    description: Markdown = Field(alias="descripcion", description="El cuerpo del archivo, después del ---")
    course: Course = Field(alias="curso")
    labs: Labs | None = Field(default=None, alias="laboratorios")
    activities: list[InlineMarkdown] = Field(
        default_factory=list, alias="actividades", description="Otras actividades conjuntas"
    )
    image: Image | None = Field(default=None, alias="imagen")
    location: Location | None = Field(
        default=None, alias="ubicacion", description="Dónde está su sede, para los mapas del informe"
    )
    language: LanguageTag | None = Field(default=None, alias="idioma", description=_LANGUAGE)


class Project(Strict):
    """Another project of the programme: `proyectos/NN-id.md`."""

    id: Text = Field(alias="id", description="Se toma del nombre del archivo")
    name: Text = Field(alias="nombre", description="Nombre del proyecto, p. ej. ArandúLab")
    title: Text | None = Field(
        default=None, alias="titulo", description="Encabezado, p. ej. Laboratorio de Innovación Urbana"
    )
    description: Markdown = Field(alias="descripcion", description="El cuerpo del archivo, después del ---")
    country: CountryCode | None = Field(default=None, alias="pais")
    partners: list[Text] = Field(default_factory=list, alias="socios", description="Organizaciones aliadas")
    language: LanguageTag | None = Field(default=None, alias="idioma", description=_LANGUAGE)


class Letter(Strict):
    """The presentation letter: `carta.md`."""

    body: Markdown = Field(alias="cuerpo", description="El cuerpo del archivo, después del ---")
    signature: Text = Field(alias="firma", description="Quién firma la carta: el equipo o la organización")
    signatory: Text | None = Field(
        default=None, alias="firmante", description="Nombre de la persona que firma, si la carta lo dice"
    )
    role: Text | None = Field(default=None, alias="cargo", description="Su cargo, p. ej. Directora ejecutiva")
    language: LanguageTag | None = Field(default=None, alias="idioma", description=_LANGUAGE)


Place = Literal["principal", "producto", "destacada", "oculta"]
"""Where a published figure shows: a main tile (grouped under reach), a tile among the outputs, the
accent tile, or nowhere on its own (it serves in other figures' notes and in checks)."""

Rule = Literal["suma_laboratorios", "al_menos_participantes", "al_menos_gobiernos", "al_menos_paises"]
"""What ties a published figure to the profiles, checked on every build."""

Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class PublishedFigure(Strict):
    """One of the programme's headline figures, as the team publishes it (what the profiles
    add up to is computed instead: `render.totals`)."""

    key: Key = Field(alias="clave", description="Nombre corto y único, en minúsculas: p. ej. diagnosticos")
    value: FigureValue = Field(
        alias="valor",
        description="La cifra publicada (nunca 0: la que no hay se borra)",
        json_schema_extra={"minimum": 1},
    )
    label: Text = Field(alias="etiqueta", description="Lo que se cuenta, en plural: p. ej. diagnósticos")
    label_one: Text | None = Field(
        default=None,
        alias="etiqueta_singular",
        description="En singular, para cuando la cifra es 1: p. ej. diagnóstico",
    )
    short_label: Text | None = Field(
        default=None,
        alias="etiqueta_corta",
        description="Ya no se muestra (era para el gráfico de productos, que repetía las cifras); "
        "se acepta para que las ediciones anteriores sigan valiendo",
    )
    note: Text | None = Field(
        default=None,
        alias="nota",
        description="Una aclaración; {clave} pone el valor de otra cifra: de {paises_inscripciones} países",
    )
    place: Place = Field(default="producto", alias="lugar", description="principal, producto, destacada u oculta")
    group: Text | None = Field(
        default=None,
        alias="grupo",
        description="Bajo qué título se agrupa en «El programa en cifras», p. ej. Alcance; por defecto, "
        "Alcance para principal y destacada, Productos para producto",
    )
    rule: Rule | None = Field(
        default=None,
        alias="control",
        description="Cómo se comprueba con los perfiles: suma_laboratorios, al_menos_participantes, "
        "al_menos_gobiernos o al_menos_paises",
    )

    def shown_label(self) -> str:
        """The label for this value: in the singular when the figure is 1."""
        return self.label_one if self.value == 1 and self.label_one else self.label


class Social(Strict):
    """A social media account; the platform stays empty when unknown."""

    handle: Text = Field(alias="cuenta")
    platform: Text | None = Field(default=None, alias="plataforma")


class Closing(Strict):
    """The back cover."""

    mission: Markdown = Field(alias="mision")
    programme: Text = Field(alias="programa", description="Nombre del programa como se muestra en la contratapa")
    website: Text = Field(alias="sitio_web")
    social: list[Social] = Field(default_factory=list, alias="redes")
    credits: list[Text] = Field(
        default_factory=list, alias="creditos", description="Créditos, uno por línea: p. ej. Edición: Nombre Apellido"
    )
    licence: Text | None = Field(
        default=None, alias="licencia", description="La licencia del informe, p. ej. CC BY 4.0; vacía si no la dice"
    )
    report_url: Text | None = Field(
        default=None,
        alias="enlace_informe",
        description="Dónde se descarga este informe, para «Cómo citar»; por defecto, sitio_web",
    )


class EditionInfo(Strict):
    """`edicion.yml`: what the whole edition shares."""

    title: Text = Field(alias="titulo")
    subtitle: Text = Field(alias="subtitulo")
    organisation: Text = Field(alias="organizacion")
    programme: Text = Field(alias="programa")
    year: Annotated[int, Field(ge=2000, le=2100)] = Field(alias="año")
    # The files are written in Spanish (locale.SOURCE_LANGUAGE); translations sit beside them.
    language: Literal["es"] = Field(alias="idioma", description="El idioma de los archivos: siempre es (español)")
    published: list[PublishedFigure] = Field(
        alias="cifras", description="Las cifras del programa, en el orden en que se muestran"
    )
    closing: Closing = Field(alias="cierre")


class Edition(Strict):
    """A whole, validated edition: what every later stage reads."""

    info: EditionInfo
    letter: Letter
    governments: tuple[Government, ...]
    projects: tuple[Project, ...]

    def countries(self) -> list[str]:
        """Country codes in the order their first government appears."""
        return list(dict.fromkeys(g.country for g in self.governments))
