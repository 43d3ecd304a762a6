"""Which government profiles are set compactly: a short text under a slim head band, its
side facts (locator, officials in the course, labs) in a row below it, so two or three
such profiles share a page (the page plan, pagination.py, pairs them).

Decided from the content, the same way in every build: a profile whose texts add up to
at most `SHORT_TEXT` characters and has no photo. Set normally, its text column would
end in the top fifth of its side column (about 25 lines tall), leaving the profile half a
page of mostly white; a longer text fills the column beside the facts and keeps that layout.
"""

from __future__ import annotations

from ..content.schema import Government

# Characters of all a profile's texts: about six lines of the normal text column. 2021's
# two-line profiles are 64–387; 2020's shortest (Jalisco, Luján) are 499–608.
SHORT_TEXT = 450


def text_length(government: Government) -> int:
    """The characters of a profile's texts: description, labs panel, activities."""
    texts = [government.description, *government.activities]
    if government.labs:
        labs = government.labs
        texts += [labs.description, *labs.topics, labs.closing or ""]
    return sum(len(text) for text in texts)


def is_compact(government: Government) -> bool:
    return government.image is None and text_length(government) <= SHORT_TEXT
