"""What PDF/UA asks of the structure tree that the validator does not check, read with pikepdf.

- every marked-content ID, in the page streams and in the forms they paint, resolves
  through the page's StructParents to an element of the structure tree on that page, and
  every parent-tree entry is one the content uses; an MCID inside a form is a fault (WeasyPrint
  gives forms no StructParents, so it resolves to nothing: what `opacity` did to the kicker);
- nothing is painted outside a tagged sequence or an artifact (ISO 14289-1 §7.1);
- every link annotation belongs to one Link element that shows text, and says where it
  goes in words (/Contents), not with the anchor's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

# Operators that put marks on the page (text, paths, shadings, inline images).
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "INLINE IMAGE"}
TEXT = {"Tj", "TJ", "'", '"'}


def kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def struct_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element reachable from the root, depth first, in reading order."""

    def walk(node):
        for kid in kids(node):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                yield kid
                yield from walk(kid)

    yield from walk(pdf.Root.StructTreeRoot)


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    """The parent tree's number → value entries (a flat /Nums or a tree of /Kids)."""
    entries: dict[int, object] = {}

    def walk(node):
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums), 2):
                entries[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(pdf.Root.StructTreeRoot.ParentTree)
    return entries


@dataclass
class Marked:
    """What the content of one page says about tagging."""

    mcids: dict[int, bool] = field(default_factory=dict)  # MCID → shows text
    problems: list[str] = field(default_factory=list)


def _walk_content(stream, resources, where: str, inherited: str | None, marked: Marked, depth: int = 0) -> None:
    """Follow the marked-content nesting of one content stream (and the forms it paints).

    `inherited` is how the sequence that paints this stream is marked: "artifact", "mcid",
    or None (painted outside any sequence)."""
    stack: list[str | None] = []
    current_mcid: list[int | None] = []
    properties = resources.get("/Properties", {}) if resources is not None else {}
    xobjects = resources.get("/XObject", {}) if resources is not None else {}

    def state() -> str | None:
        for item in reversed(stack):
            if item is not None:
                return item
        return inherited

    for operands, operator in pikepdf.parse_content_stream(stream):
        op = str(operator)
        if op == "BDC":
            tag, props = operands[0], operands[1]
            if isinstance(props, pikepdf.Name):
                props = properties.get(props, pikepdf.Dictionary())
            if tag == "/Artifact":
                if state() == "mcid":
                    marked.problems.append(f"{where}: an artifact inside tagged content")
                stack.append("artifact")
                current_mcid.append(None)
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcid = int(props.MCID)
                if state() == "artifact":
                    marked.problems.append(f"{where}: MCID {mcid} inside an artifact")
                if depth:
                    marked.problems.append(f"{where}: MCID {mcid} inside a form XObject")
                if mcid in marked.mcids:
                    marked.problems.append(f"{where}: MCID {mcid} used twice")
                marked.mcids[mcid] = False
                stack.append("mcid")
                current_mcid.append(mcid)
            else:
                stack.append(None)
                current_mcid.append(None)
        elif op == "BMC":
            if operands[0] == "/Artifact" and state() == "mcid":
                marked.problems.append(f"{where}: an artifact inside tagged content")
            stack.append("artifact" if operands[0] == "/Artifact" else None)
            current_mcid.append(None)
        elif op == "EMC":
            if not stack:
                marked.problems.append(f"{where}: EMC without a sequence")
                continue
            stack.pop()
            current_mcid.pop()
        elif op in PAINTING:
            if state() is None:
                marked.problems.append(f"{where}: «{op}» painted outside any tag or artifact")
            if op in TEXT:
                shown = next((m for m in reversed(current_mcid) if m is not None), None)
                if shown is not None:
                    marked.mcids[shown] = True
        elif op == "Do":
            xobject = xobjects.get(operands[0])
            if xobject is None:
                marked.problems.append(f"{where}: XObject {operands[0]} missing")
            elif xobject.get("/Subtype") == "/Form":
                if "/StructParents" in xobject:
                    marked.problems.append(f"{where}: form {operands[0]} with its own StructParents")
                _walk_content(
                    xobject,
                    xobject.get("/Resources", resources),
                    f"{where} > {operands[0]}",
                    state(),
                    marked,
                    depth + 1,
                )
            elif state() is None:
                marked.problems.append(f"{where}: image {operands[0]} painted outside any tag or artifact")
    if stack:
        marked.problems.append(f"{where}: {len(stack)} sequences left open")


def content_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every MCID resolves, every parent-tree entry is used, nothing is untagged."""
    problems: list[str] = []
    tree = parent_tree(pdf)
    reachable = {element.objgen for element in struct_elements(pdf)}
    for number, page in enumerate(pdf.pages, start=1):
        where = f"page {number}"
        marked = Marked()
        _walk_content(page.obj, page.obj.get("/Resources"), where, None, marked)
        problems.extend(marked.problems)
        mapping = tree.get(int(page.obj.StructParents), pikepdf.Array()) if "/StructParents" in page.obj else None
        if mapping is None:
            if marked.mcids:
                problems.append(f"{where}: MCIDs but no StructParents")
            continue
        for mcid in marked.mcids:
            element = mapping[mcid] if mcid < len(mapping) else None
            if not isinstance(element, pikepdf.Dictionary):
                problems.append(f"{where}: MCID {mcid} maps to nothing")
            elif element.objgen not in reachable:
                problems.append(f"{where}: MCID {mcid} maps to an element outside the tree")
            elif mcid not in [int(k) for k in kids(element) if isinstance(k, int)]:
                problems.append(f"{where}: MCID {mcid} maps to an element that does not hold it")
            elif element.get("/Pg") is None or element.Pg.objgen != page.obj.objgen:
                problems.append(f"{where}: MCID {mcid} maps to an element of another page")
        for mcid, element in enumerate(mapping):
            if isinstance(element, pikepdf.Dictionary) and mcid not in marked.mcids:
                problems.append(f"{where}: parent-tree entry {mcid} is used by no content")
    return problems


@dataclass(frozen=True)
class LinkInfo:
    page: int  # 1-based
    contents: str
    destination: str | None  # the named destination, for internal links
    target_page: int | None


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    result: dict[str, int] = {}
    names = pdf.Root.get("/Names", {}).get("/Dests")

    def walk(node):
        entries = node.get("/Names", [])
        for i in range(0, len(entries), 2):
            target = entries[i + 1]
            array = target.D if isinstance(target, pikepdf.Dictionary) else target
            result[str(entries[i])] = pages[array[0].objgen]
        for kid in node.get("/Kids", []):
            walk(kid)

    if names is not None:
        walk(names)
    return result


def links(pdf: pikepdf.Pdf) -> tuple[list[LinkInfo], list[str]]:
    """Every link annotation with its element, and what is wrong with any of them."""
    problems: list[str] = []
    tree = parent_tree(pdf)
    reachable = {element.objgen for element in struct_elements(pdf)}
    destinations = _named_destinations(pdf)
    found: list[LinkInfo] = []
    owners: dict[tuple[int, int], int] = {}
    for number, page in enumerate(pdf.pages, start=1):
        texts = marked_text(pdf, number)
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            where = f"page {number}, link {annotation.get('/Dest') or annotation.get('/A', {}).get('/URI')}"
            element = tree.get(int(annotation.StructParent)) if "/StructParent" in annotation else None
            if not isinstance(element, pikepdf.Dictionary) or element.objgen not in reachable:
                problems.append(f"{where}: no Link element in the tree")
                continue
            if element.S != "/Link":
                problems.append(f"{where}: its element is {element.S}, not Link")
            objrs = [k for k in kids(element) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
            if [objr.Obj.objgen for objr in objrs] != [annotation.objgen]:
                problems.append(f"{where}: its Link element holds {len(objrs)} annotations")
            owners[element.objgen] = owners.get(element.objgen, 0) + 1
            if not any(texts.get(int(k)) for k in kids(element) if isinstance(k, int)):
                problems.append(f"{where}: its Link element shows no text of its own")
            contents = str(annotation.get("/Contents", "")).strip()
            destination = str(annotation.Dest) if "/Dest" in annotation else None
            if not contents:
                problems.append(f"{where}: no /Contents")
            elif contents == destination:
                problems.append(f"{where}: /Contents is the anchor name «{contents}»")
            target = destinations.get(destination) if destination else None
            if destination and target is None:
                problems.append(f"{where}: destination {destination} does not exist")
            found.append(LinkInfo(number, contents, destination, target))
    for element in struct_elements(pdf):
        if element.S != "/Link":
            continue
        if owners.get(element.objgen) != 1:
            problems.append(f"Link element {element.objgen} has {owners.get(element.objgen, 0)} annotations")
        if any(isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Link" for k in kids(element)):
            problems.append(f"Link element {element.objgen} holds another Link")
    return found, problems


def marked_text(pdf: pikepdf.Pdf, page_number: int) -> dict[int, bool]:
    """MCID → shows text, for one page (forms included)."""
    page = pdf.pages[page_number - 1]
    marked = Marked()
    _walk_content(page.obj, page.obj.get("/Resources"), f"page {page_number}", None, marked)
    return marked.mcids
