"""Briefings: a country's standing on its recommendations, for people to paste, print, share.

`model` builds a `BriefingPack` once from follow-up results; `render` turns it into Markdown,
HTML (one self-contained file, inline CSS and SVG), CSV or JSON. Pure: no Session here.
"""
