"""Rendering: a validated edition into a PDF, for one variant (country, language, profile).

`variant` restricts the edition; `totals` computes what the profiles add up to; the
`chart_runner` draws the `charts/` modules; `html` fills the templates (with `prose` for
the team's Markdown); `pdf` lays the HTML out with WeasyPrint behind the `fetcher`, and
`archival` finishes it as PDF/A-3a and PDF/UA-1; `profiles` lists the output profiles,
`brand` reads `styles/brand.toml`, `budget` weighs the file, `provenance` dates it.
"""
