"""Export and interchange: nothing a user writes in paperdesk is locked in.

- :mod:`.backup`: a lossless JSON dump of the library, every member's rows named, and its
  restore (the source every other exporter reads from, so that there is one way of reading
  the library: the current member's view of it, :mod:`.backup_view`).
- :mod:`.markdown`: a Markdown vault (one file per paper, one index per reading list), and
  :mod:`.vaultsync`: the notes, tags and reading states edited there, read back.
- :mod:`.bibtex` and :mod:`.csljson`: references for LaTeX, Zotero and pandoc; their imports
  :mod:`.bibimport` and :mod:`.cslimport` (with Zotero's tags, notes and PDFs).

Core code: never prints, never imports click; errors are :class:`paperdesk.errors.ExportError`.
"""
