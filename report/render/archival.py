"""PDF/A-3 + PDF/UA-1: what WeasyPrint's options don't cover, done in its `finisher`.

WeasyPrint 70 writes one variant (here PDF/A-3a, tagged) per file. This module, run on
the pydyf objects just before the file is written:
- rewrites the XMP packet so it declares PDF/UA-1 beside PDF/A-3, carries the inputs'
  digest and the output profile in the project's own namespace, and describes both
  non-standard schemas in a PDF/A extension schema (PDF/A requires it);
- writes the XMP stream uncompressed (PDF/A-1 requires it; every part accepts it);
- turns the running headers and folios, which WeasyPrint marks as tagged content left
  outside the structure tree, into pagination artifacts (PDF/UA 7.8);
- repairs lists: a `<dl>` of `<div>` groups becomes L > LI > (Lbl, LBody), and empty
  text between inline list items stops being a child of the list (ISO 32000 14.8.4.3);
- makes one link of each `<a>`: WeasyPrint gives its ::after, and the leader inside it, a
  Link element and an annotation each (three tab stops per contents entry); they become
  the `<a>`'s, the leader's dots artifacts, and the annotation's /Contents says where the
  link goes (the template's `data-describe`, with the target's page) instead of its anchor;
- tags the contents as a table of contents: TOC > TOCI > Reference > Link;
- sets the print profile's BleedBox to the brand's bleed (WeasyPrint puts it at most
  10 pt past the trim, inside the CSS bleed that also holds the marks);
- makes sure the viewer shows the title (DisplayDocTitle);
- ends every stream unambiguously: pydyf writes LF before `endstream`, so data that ends
  with CR reads as ending in a CRLF end-of-line, a byte short of its /Length (PDF/A
  6.1.7), which happens to one stream in 256 (the last byte of a Flate stream is its
  checksum's); such a stream gets CRLF before `endstream` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring

import pydyf

from .profiles import PROFILES


def _one_of(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "ip360": "https://innova360.asuntosdelsur.org/ns/informe/1.0/",
}
for _prefix, _uri in NS.items():
    register_namespace(_prefix, _uri)

PDFA_PART, PDFA_CONFORMANCE, PDFUA_PART = 3, "A", 1
WEASYPRINT_VARIANT = "pdf/a-3a"

# (namespace prefix, schema description, [(property, value type, description)])
_EXTENSIONS = (
    (
        "pdfuaid",
        "PDF/UA Universal Accessibility Schema",
        [
            ("part", "Integer", "Indicates, which part of ISO 14289 standard is followed"),
        ],
    ),
    (
        "ip360",
        "Innovación Pública 360 report provenance",
        [
            (
                "inputsDigest",
                "Text",
                "SHA-256 of the edition's content files and the brand file the PDF was built from",
            ),
            ("profile", "Text", f"Output profile of the report: {_one_of(list(PROFILES))}"),
        ],
    ),
)


@dataclass(frozen=True)
class Stamp:
    """What the XMP packet records about this build."""

    inputs_digest: str | None
    profile: str


def finisher(stamp: Stamp, bleed: float = 0):
    """A WeasyPrint `finisher` callback applying this module to the PDF; `bleed` (in PDF
    points) is where the BleedBox goes past a page's TrimBox."""

    def finish(document, pdf: pydyf.PDF) -> None:
        _rewrite_xmp(document, pdf, stamp)
        blanks = _repair_lists(pdf)
        if "StructTreeRoot" in pdf.catalog:
            toc = _one_link_per_anchor(document, pdf, blanks)
            _contents_as_toc(pdf, toc, blanks)
        _orphans_as_artifacts(pdf, blanks)
        if bleed:
            _set_bleed_box(pdf, bleed)
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        unambiguous_stream_ends(pdf)

    return finish


def _obj(pdf: pydyf.PDF, reference) -> pydyf.Object:
    """The object behind an indirect reference (b'12 0 R')."""
    return pdf.objects[int(bytes(reference).split()[0])]


# --------------------------------------------------------------------------- XMP


def xmp_packet(document, stamp: Stamp) -> bytes:
    rdf = fromstring(document.metadata.generate_rdf_metadata("a", PDFA_PART, PDFA_CONFORMANCE))
    ident = next(d for d in rdf.iter(f"{{{NS['rdf']}}}Description") if f"{{{NS['pdfaid']}}}part" in d.attrib)
    ident.set(f"{{{NS['pdfuaid']}}}part", str(PDFUA_PART))

    own = SubElement(rdf, f"{{{NS['rdf']}}}Description", {f"{{{NS['rdf']}}}about": ""})
    if stamp.inputs_digest:
        SubElement(own, f"{{{NS['ip360']}}}inputsDigest").text = f"sha256:{stamp.inputs_digest}"
    SubElement(own, f"{{{NS['ip360']}}}profile").text = stamp.profile

    rdf.append(_extension_schemas())
    header = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    return header + tostring(rdf, encoding="utf-8", xml_declaration=False) + b'</x:xmpmeta>\n<?xpacket end="r"?>'


def _extension_schemas() -> Element:
    rdf, schema, prop = NS["rdf"], NS["pdfaSchema"], NS["pdfaProperty"]
    description = Element(f"{{{rdf}}}Description", {f"{{{rdf}}}about": ""})
    bag = SubElement(SubElement(description, f"{{{NS['pdfaExtension']}}}schemas"), f"{{{rdf}}}Bag")
    for prefix, title, properties in _EXTENSIONS:
        item = SubElement(bag, f"{{{rdf}}}li", {f"{{{rdf}}}parseType": "Resource"})
        SubElement(item, f"{{{schema}}}schema").text = title
        SubElement(item, f"{{{schema}}}namespaceURI").text = NS[prefix]
        SubElement(item, f"{{{schema}}}prefix").text = prefix
        seq = SubElement(SubElement(item, f"{{{schema}}}property"), f"{{{rdf}}}Seq")
        for name, value_type, text in properties:
            entry = SubElement(seq, f"{{{rdf}}}li", {f"{{{rdf}}}parseType": "Resource"})
            SubElement(entry, f"{{{prop}}}name").text = name
            SubElement(entry, f"{{{prop}}}valueType").text = value_type
            SubElement(entry, f"{{{prop}}}category").text = "internal"
            SubElement(entry, f"{{{prop}}}description").text = text
    return description


def _rewrite_xmp(document, pdf: pydyf.PDF, stamp: Stamp) -> None:
    stream = _obj(pdf, pdf.catalog["Metadata"])
    stream.stream = [xmp_packet(document, stamp)]
    stream.compress = False  # a Filter on the catalog's metadata breaks PDF/A-1's rule


# ----------------------------------------------------------------------- lists


def _repair_lists(pdf: pydyf.PDF) -> set[bytes]:
    """Fix list structure in place; return the blank elements taken out of lists."""
    blanks: set[bytes] = set()
    if "StructTreeRoot" not in pdf.catalog:
        return blanks
    streams = {bytes(ref): _obj(pdf, _obj(pdf, ref)["Contents"]) for ref in pdf.page_references}
    for ref in _reachable_elements(pdf, _obj(pdf, pdf.catalog["StructTreeRoot"])):
        element = _obj(pdf, ref)
        if element.get("S") != "/L":
            continue
        kept = pydyf.Array()
        for kid_ref in element["K"]:
            kid = _obj(pdf, kid_ref) if isinstance(kid_ref, bytes) else None
            if kid is not None and kid.get("S") == "/Div" and _kids(pdf, kid, "/LI"):
                _definition_item(pdf, kid)
            elif kid is not None and kid.get("S") == "/Span" and _is_empty(kid, streams):
                blanks.add(bytes(kid_ref))  # detached: the artifact pass relabels it
                continue
            kept.append(kid_ref)
        element["K"] = kept
    return blanks


def _kids(pdf: pydyf.PDF, element, tag: str) -> list:
    kids = [_obj(pdf, ref) for ref in element["K"] if isinstance(ref, bytes)]
    return kids if kids and all(kid.get("S") == tag for kid in kids) else []


def _definition_item(pdf: pydyf.PDF, group) -> None:
    """dl > div > (dt, dd), tagged Div > LI > LBody each: one LI with a label and a body."""
    group["S"] = "/LI"
    for position, item in enumerate(_kids(pdf, group, "/LI")):
        item["S"] = "/Lbl" if position == 0 else "/LBody"
        for body in _kids(pdf, item, "/LBody"):
            body["S"] = "/Span"


def _is_empty(element, streams: dict[bytes, pydyf.Stream]) -> bool:
    """Only marked content that shows no text (WeasyPrint emits BT ET for a blank)."""
    mcids = [kid for kid in element["K"] if isinstance(kid, int)]
    if not mcids or len(mcids) != len(element["K"]) or "Pg" not in element:
        return False
    stream = streams.get(bytes(element["Pg"]))
    if stream is None:
        return False
    items = stream.stream
    for position, item in enumerate(items):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids:
            for following in items[position + 1 :]:
                token = following.decode() if isinstance(following, bytes) else str(following)
                if token.rstrip().endswith(("Tj", "TJ", "'", '"', "Do", "f", "S", "B", "sh")):
                    return False
                if token.strip() == "EMC":
                    break
    return True


# ----------------------------------------------------------------------- links


@dataclass
class _Anchor:
    """One `<a>` box with link, and the boxes inside it that WeasyPrint also made links."""

    box: Any  # WeasyPrint's layout box
    page: int  # index
    in_toc: bool
    inner: list = field(default_factory=list)


def _anchor_boxes(box, page: int, found: list[_Anchor], owner: _Anchor | None = None, in_toc: bool = False) -> None:
    """Every `<a>` laid out on a page, in order, with the link boxes it holds."""
    box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
    element = getattr(box, "element", None)
    if element is not None and box.element_tag == "ol" and "toc" in (element.get("class") or "").split():
        in_toc = True
    if box.link_annotation is not None:
        if box.element_tag == "a":  # the element itself, not a pseudo-element or a leader
            owner = _Anchor(box, page, in_toc)
            found.append(owner)
        elif owner is not None:
            owner.inner.append(box)
    for child in box.all_children():
        _anchor_boxes(child, page, found, owner, in_toc)


def _one_link_per_anchor(document, pdf: pydyf.PDF, decorations: set[bytes]) -> list[bytes]:
    """Merge the links inside each `<a>` into its own; return the contents' Link elements.

    A leader's Link element leaves the tree (its dots become artifacts through
    `decorations`); any other inner Link element is replaced by its content, which then
    belongs to the `<a>`'s Link; the inner annotations go, the `<a>`'s grows to cover them."""
    nums = _obj(pdf, _obj(pdf, pdf.catalog["StructTreeRoot"])["ParentTree"])["Nums"]
    slots = {nums[index]: index + 1 for index in range(0, len(nums), 2)}
    anchor_pages: dict[str, int] = {}  # where each target starts: a section split over pages is on each
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            anchor_pages.setdefault(name, number)
    anchors: list[_Anchor] = []
    for number, page in enumerate(document.pages):
        _anchor_boxes(page._page_box, number, anchors)
    toc, dropped = [], set()
    for anchor in anchors:
        annotation = anchor.box.link_annotation
        own = _obj(pdf, nums[slots[annotation["StructParent"]]])
        pdf_page = _obj(pdf, pdf.page_references[anchor.page])
        mcids = nums[slots[anchor.page]]
        for inner in sorted(anchor.inner, key=lambda box: not box.is_leader):  # leaders first
            other = inner.link_annotation
            annotation["Rect"] = _union(annotation["Rect"], other["Rect"])
            pdf_page["Annots"] = pydyf.Array(ref for ref in pdf_page["Annots"] if bytes(ref) != bytes(other.reference))
            dropped.add(other["StructParent"])
            element_ref = nums[slots[other["StructParent"]]]
            element = _obj(pdf, element_ref)
            element["K"] = pydyf.Array(kid for kid in element["K"] if not _is_reference_to(pdf, kid, other))
            if inner.is_leader:
                _detach(pdf, element_ref)
                decorations.add(bytes(element_ref))
            elif element.get("S") == "/Link":
                _splice(pdf, element_ref, mcids)
        _describe(anchor.box, annotation, anchor_pages)
        if anchor.in_toc:
            toc.append(own.reference)
    if dropped:
        kept = pydyf.Array()
        for index in range(0, len(nums), 2):
            if nums[index] not in dropped:
                kept.extend(nums[index : index + 2])
        nums[:] = kept
    return toc


def _union(first, second) -> pydyf.Array:
    return pydyf.Array(
        [min(first[0], second[0]), min(first[1], second[1]), max(first[2], second[2]), max(first[3], second[3])]
    )


def _is_reference_to(pdf: pydyf.PDF, kid, annotation) -> bool:
    """Whether a structure element's kid is the object reference of `annotation`."""
    if not isinstance(kid, bytes):
        return False
    target = _obj(pdf, kid)
    return target.get("Type") == "/OBJR" and bytes(target["Obj"]) == bytes(annotation.reference)


def _detach(pdf: pydyf.PDF, element_ref) -> None:
    parent = _obj(pdf, _obj(pdf, element_ref)["P"])
    parent["K"] = pydyf.Array(kid for kid in parent["K"] if not isinstance(kid, bytes) or kid != bytes(element_ref))


def _splice(pdf: pydyf.PDF, element_ref, mcids: pydyf.Array) -> None:
    """Put an element's kids in its place in its parent (same page)."""
    element = _obj(pdf, element_ref)
    parent_ref = element["P"]
    parent = _obj(pdf, parent_ref)
    spliced = pydyf.Array()
    for kid in parent["K"]:
        if isinstance(kid, bytes) and kid == bytes(element_ref):
            for inner in element["K"]:
                if isinstance(inner, int):
                    mcids[inner] = parent_ref
                elif _obj(pdf, inner).get("Type") == "/StructElem":
                    _obj(pdf, inner)["P"] = parent_ref
                spliced.append(inner)
        else:
            spliced.append(kid)
    parent["K"] = spliced


def _describe(box, annotation, anchor_pages: dict[str, int]) -> None:
    """/Contents: the template's description of the target with its page, or the link's text."""
    description = box.element.get("data-describe")
    destination = annotation.get("Dest")
    if description and destination is not None:
        page = anchor_pages.get(destination.string)
        annotation["Contents"] = pydyf.String(description.replace("{page}", str(page)))
    elif destination is not None:  # an internal link the templates did not describe
        annotation["Contents"] = pydyf.String(" ".join("".join(box.element.itertext()).split()))


# ------------------------------------------------------------------------- TOC


def _contents_as_toc(pdf: pydyf.PDF, links: list[bytes], decorations: set[bytes]) -> None:
    """The contents list's L > LI > LBody > (NonStruct >) Link as TOC > TOCI > Reference > Link,
    a sublist as the TOCI's TOC. Blank text WeasyPrint tagged beside a link becomes an artifact."""
    streams = {bytes(ref): _obj(pdf, _obj(pdf, ref)["Contents"]) for ref in pdf.page_references}
    for link_ref in links:
        link = _obj(pdf, link_ref)
        item_ref = link["P"]
        while _obj(pdf, item_ref).get("S") != "/LI":
            item_ref = _obj(pdf, item_ref)["P"]
        item = _obj(pdf, item_ref)
        kept, sublists = [link_ref], []
        for ref in _beside(pdf, item_ref, link_ref):
            element = _obj(pdf, ref)
            if element.get("S") == "/L":
                sublists.append(ref)
            elif any(isinstance(kid, int) for kid in element["K"]):
                if _is_empty(element, streams):
                    decorations.add(bytes(ref))
                else:
                    kept.append(ref)  # text beside the link stays in the entry
        reference = pydyf.Dictionary(
            {"Type": "/StructElem", "S": "/Reference", "K": pydyf.Array(kept), "P": item_ref, "Pg": link["Pg"]}
        )
        pdf.add_object(reference)
        for ref in kept:
            _obj(pdf, ref)["P"] = reference.reference
        for sublist in sublists:
            _obj(pdf, sublist)["P"] = item_ref
            _obj(pdf, sublist)["S"] = "/TOC"
        item["S"] = "/TOCI"
        item["K"] = pydyf.Array([reference.reference, *sublists])
        _obj(pdf, item["P"])["S"] = "/TOC"


def _beside(pdf: pydyf.PDF, ref, link_ref) -> list:
    """The elements under a list item other than its link: the lists it holds (not looked
    into) and the elements that hold marked content."""
    found, stack = [], list(_obj(pdf, ref)["K"])
    while stack:
        kid = stack.pop(0)
        if not isinstance(kid, bytes) or kid == bytes(link_ref):
            continue
        element = _obj(pdf, kid)
        if element.get("Type") != "/StructElem":
            continue
        if element.get("S") == "/L" or any(isinstance(inner, int) for inner in element["K"]):
            found.append(kid)
        else:
            stack[:0] = list(element["K"])
    return found


# ------------------------------------------------------------------------ print


def _set_bleed_box(pdf: pydyf.PDF, bleed: float) -> None:
    for ref in pdf.page_references:
        page = _obj(pdf, ref)
        trim, media = page.get("TrimBox"), page["MediaBox"]
        if trim is None or list(trim) == list(media):
            continue
        left, bottom, right, top = trim
        page["BleedBox"] = pydyf.Array(
            [
                max(left - bleed, media[0]),
                max(bottom - bleed, media[1]),
                min(right + bleed, media[2]),
                min(top + bleed, media[3]),
            ]
        )


# --------------------------------------------------------------------- streams

_PYDYF_STREAM_END = b"\nendstream\nendobj"


def unambiguous_stream_ends(pdf: pydyf.PDF) -> None:
    """Write CRLF, not LF, between stream data that ends with CR and `endstream`.

    Every object, the object and cross-reference streams pydyf makes while writing
    included, goes through `write_line`, which also counts the offsets the cross-reference
    stream records: wrapping it keeps them right."""
    write_line = pdf.write_line

    def write(content: bytes, output) -> None:
        if content.endswith(b"\r" + _PYDYF_STREAM_END):
            content = content[: -len(_PYDYF_STREAM_END)] + b"\r" + _PYDYF_STREAM_END
        write_line(content, output)

    pdf.write_line = write


# ------------------------------------------------------------------- artifacts


def _orphans_as_artifacts(pdf: pydyf.PDF, blanks: set[bytes]) -> None:
    """Running headers and folios: `/Artifact <</Type /Pagination>>` instead of an MCID.

    WeasyPrint tags margin-box text with MCIDs whose structure elements hang outside
    the tree (it can only mark them as artifacts in PDF 2.0). Those MCIDs are found
    through the parent tree, their marked-content sequences relabelled, and their
    parent-tree slots emptied. `blanks` (empty text taken out of lists) become plain
    artifacts.
    """
    if "StructTreeRoot" not in pdf.catalog:
        return
    root = _obj(pdf, pdf.catalog["StructTreeRoot"])
    reachable = _reachable_elements(pdf, root)
    nums = _obj(pdf, root["ParentTree"])["Nums"]
    for index in range(0, len(nums), 2):
        key, value = nums[index], nums[index + 1]
        if not isinstance(value, pydyf.Array) or key >= len(pdf.page_references):
            continue  # annotations map to a single element, not an MCID array
        orphans = {
            mcid: bytes(ref) in blanks
            for mcid, ref in enumerate(value)
            if ref is not None and bytes(ref) not in reachable
        }
        if not orphans:
            continue
        page = _obj(pdf, pdf.page_references[key])
        for mcid in _relabel(_obj(pdf, page["Contents"]), orphans):
            value[mcid] = "null"


def _reachable_elements(pdf: pydyf.PDF, root) -> set[bytes]:
    seen: set[bytes] = set()
    stack = list(root["K"])
    while stack:
        ref = stack.pop()
        if not isinstance(ref, bytes) or ref in seen:
            continue  # an MCID (int) or already visited
        seen.add(ref)
        element = _obj(pdf, ref)
        if isinstance(element, dict) and element.get("Type") == "/StructElem":
            stack.extend(element["K"])
    return seen


def _relabel(stream: pydyf.Stream, mcids: dict[int, bool]) -> set[int]:
    """Relabel the sequences of `mcids` (MCID → blank?) found in the page's own stream;
    return those relabelled."""
    items, done = stream.stream, set()
    for position, item in enumerate(items):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids and position > 0:
            blank = mcids[item["MCID"]]
            done.add(item["MCID"])
            items[position - 1] = "/Artifact"
            items[position] = pydyf.Dictionary({} if blank else {"Type": "/Pagination"})
    return done
