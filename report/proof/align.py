"""Aligning: which page of the old document is which of the new, by their text, not their number.

An added or removed page shows as such and the pages after it are still compared with
their counterparts: SequenceMatcher aligns the pages' text signatures (their words without
numbers, so renumbered folios and contents lines do not break the alignment), then pages
inside a replaced stretch are paired by how similar their words are. A matched pair's
words are diffed here too (`word_edits`), with a few words of context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .read import Page


@dataclass(frozen=True)
class Edit:
    """One change in a page's words, with a few words either side to find it."""

    removed: tuple[str, ...]
    added: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]


def align(old: Sequence[Page], new: Sequence[Page]) -> list[tuple[int | None, int | None]]:
    """Pairs of page indices (old, new) in reading order; None on one side: added or removed."""
    matcher = SequenceMatcher(None, [p.signature for p in old], [p.signature for p in new], autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
        elif tag == "delete":
            pairs += [(i, None) for i in range(i1, i2)]
        elif tag == "insert":
            pairs += [(None, j) for j in range(j1, j2)]
        else:
            pairs += _pair_by_similarity(old[i1:i2], new[j1:j2], i1, j1)
    return pairs


MIN_SIMILARITY = 0.5


def _pair_by_similarity(
    old: Sequence[Page], new: Sequence[Page], i0: int, j0: int
) -> list[tuple[int | None, int | None]]:
    """Inside a stretch whose texts all differ: an order-keeping pairing that maximises the
    summed similarity of the pairs (pages less than half alike stay unpaired)."""
    n, m = len(old), len(new)
    similarity = [[_similarity(a, b) for b in new] for a in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = best[i + 1][j + 1] + similarity[i][j] if similarity[i][j] >= MIN_SIMILARITY else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if similarity[i][j] >= MIN_SIMILARITY and best[i][j] == best[i + 1][j + 1] + similarity[i][j]:
            pairs.append((i0 + i, j0 + j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i0 + i, None))
            i += 1
        else:
            pairs.append((None, j0 + j))
            j += 1
    pairs += [(i0 + k, None) for k in range(i, n)] + [(None, j0 + k) for k in range(j, m)]
    return pairs


HEADING_WORDS, HEADING_BONUS = 3, 0.2


def _similarity(a: Page, b: Page) -> float:
    """How alike two pages' words are (0 to 1), and a bonus when they open with the same
    words: of a section split over two pages, the page with its heading pairs with the old one."""
    if not a.words and not b.words:
        return 1.0
    matcher = SequenceMatcher(None, a.words, b.words, autojunk=False)
    if matcher.real_quick_ratio() < MIN_SIMILARITY:
        return 0.0
    ratio = matcher.ratio()
    heading = a.signature[:HEADING_WORDS]
    return ratio + HEADING_BONUS if heading and heading == b.signature[:HEADING_WORDS] else ratio


CONTEXT_WORDS = 6


def word_edits(old: Sequence[str], new: Sequence[str]) -> list[Edit]:
    """The word diff of one page."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        Edit(
            removed=tuple(old[i1:i2]),
            added=tuple(new[j1:j2]),
            before=tuple(old[max(0, i1 - CONTEXT_WORDS) : i1]),
            after=tuple(old[i2 : i2 + CONTEXT_WORDS]),
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
