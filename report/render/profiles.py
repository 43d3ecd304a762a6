"""Output profiles: how one PDF is written for whom. One entry here is one profile: the
command line's choices, the file name, the archival stamp and the docs all read this.

Every profile is PDF/A-3a with an sRGB output intent and tagged for PDF/UA-1 (see
`archival`); they differ in what is added for their reader and in image resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..paths import STYLES_DIR

MB = 1024 * 1024


@dataclass(frozen=True)
class Profile:
    name: str
    description: str  # message code, for --help and the docs
    dpi: int  # images are resampled to this at their printed size
    jpeg_quality: int
    budget: int  # bytes: the default of --max-size
    stylesheets: tuple[str, ...] = ()  # added after report.css, from styles/
    padded: bool = False  # blank pages make its page count a multiple of 4 (folded sheets)
    min_ppi: int = 150  # the preflight: a photo with fewer pixels per inch at its printed size is reported

    def stylesheet_paths(self):
        return [STYLES_DIR / name for name in self.stylesheets]


PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        # For donors and the archive: sharp on screen, small enough for any portal.
        Profile("archive", "profile_archive", dpi=200, jpeg_quality=85, budget=int(1.5 * MB)),
        # For a print shop: 300 DPI, 3 mm bleed, crop and registration marks.
        Profile(
            "print",
            "profile_print",
            dpi=300,
            jpeg_quality=92,
            budget=25 * MB,
            stylesheets=("print.css",),
            padded=True,
            min_ppi=300,
        ),
        # For e-mail: the smallest.
        Profile("screen", "profile_screen", dpi=120, jpeg_quality=70, budget=1 * MB, min_ppi=100),
    )
}
DEFAULT_PROFILE = "archive"
