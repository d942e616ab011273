"""Export and interchange: nothing a user writes in paperdesk is locked in.

- :mod:`.backup`: a lossless JSON dump of the library and its restore (the source every other
  exporter reads from, so that there is one way of reading the library).
- :mod:`.markdown`: a Markdown vault (one file per paper, one index per reading list).
- :mod:`.bibtex` and :mod:`.csljson`: references for LaTeX, Zotero and pandoc.

Core code: never prints, never imports click; errors are :class:`paperdesk.errors.ExportError`.
"""
