"""Every limit on the content, in one place: sizes a real report never reaches.

Each one keeps a valid-looking file from taking the machine down (memory, time, the
parser's or the layout's recursion) or from being published mangled; each is reported
located, by `check` as by `build`. docs/content.md («Límites») lists them for the team.
"""

from __future__ import annotations

MAX_FILE_BYTES = 512 * 1024
"""A content file: prose for a report is far smaller (the longest 2020 profile is 3 KB)."""

MAX_DEPTH = 20
"""Nesting of a YAML header: content needs four levels; the parser recurses."""

MAX_LIST_ITEMS = 100
"""Items in one list (activities, topics, figures; a Markdown list): 2020 has at most 8;
10 000 one-word activities take minutes and gigabytes to lay out."""

MAX_PARAGRAPHS = 100
"""Paragraphs (and headings) in one prose field: a long profile has 6."""

MAX_PARAGRAPH_CHARS = 5_000
"""Characters in one paragraph or list item: a page of text is about 4 000; a longer one
cannot break across pages cleanly."""

MAX_TEXT_CHARS = 500
"""Characters in a one-line text (a name, a title, an activity): the longest in 2020 is 120."""

MAX_WORD_CHARS = 60
"""Characters in one word (anything between spaces): the longest Spanish words have about
25; a longer one is a pasted address, which goes in a link, [texto](https://…), or
runs off the page."""

MAX_PROSE_NESTING = 12
"""Elements inside one another in a prose field (a list in a list in a quote…): three
levels of lists with emphasis and a link are 10; the layout recurses on each."""

MAX_NUMBER_DIGITS = 9
"""Digits of a whole number (up to 999 999 999): a count of a programme never has more;
thousands of digits exhaust the number formatting and the charts."""

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""A photo for an A4 page at 300 dpi is a few MB; more is a mistake or an attack."""

MAX_IMAGE_MEGAPIXELS = 40
"""About 7700×5200 px: far more than a full A4 page at 300 dpi (about 8.7 megapixels)."""

MAX_OUTPUT_FIGURES = 12
"""Figures with `lugar: producto`: each is a tile and a 14 mm bar of the outputs chart, which
shares its page with the main figures; 12 bars (174 mm) still fit an A4 text area, 30 ran
off the page."""
