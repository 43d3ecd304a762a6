"""Passages in another language, tagged as such in the PDF (PDF/UA 7.2: natural language).

WeasyPrint 70 sets the document's language from `<html lang>` but writes no `/Lang` on the
structure elements of passages with a `lang` of their own (the Spanish text that stands in
for a missing translation). This adds it, as each element's tag is built, so a screen
reader reads that passage with Spanish rules. Hyphenation already follows `lang`.
"""

from __future__ import annotations

import pydyf


def tag_passage_languages() -> None:
    """Wrap WeasyPrint's structure-tree builder once per process (it recurses through the
    module's own name, so every element passes through the wrapper)."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "tags_languages", False):
        return

    def build(box, parent, pdf, *args, **kwargs):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and element.tag != "html" else None
        document_lang = str(pdf.catalog.get("Lang", "")).strip("()")
        for child in original(box, parent, pdf, *args, **kwargs):
            if lang and lang != document_lang and "Lang" not in child:
                child["Lang"] = pydyf.String(lang)
            yield child

    build.tags_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = build
