"""PDF → pages, sections, passages and references, with PyMuPDF, in an isolated process.

The stage is split by what each module owns: ``extract`` (lines of text in reading order, running
headers and page numbers removed), ``text`` (joining lines: de-hyphenation, sentences),
``headings`` (title, abstract and section outline), ``contents`` (tables of contents),
``figures`` (captions and table cells), ``passages`` (search-sized chunks), ``kinds`` (what a
passage is and which kinds search ranks),
``references`` (the bibliography split into entries with their arXiv ids and DOIs), ``document``
(the whole parse of one file, as plain data), ``worker`` (runs ``document`` in a child process
with a time and memory limit) and ``store`` (writes a result into the library).

Nothing here imports PyMuPDF at module level: only the child process does.
"""

# Bump when a change to the parser changes its output: every paper is then parsed again.
PARSER_VERSION = "7"  # 3: code and data links; 4: outline, unheaded lists; 5: front matter;
# 6: capitals and § headings, list ends, labelled and "(Received …)" abstracts, placeholder DOIs;
# 7: letters beyond 16 bits, "(Dated: …)" abstracts, contents run-ons, "Family, Given" authors
