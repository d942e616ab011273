"""parse.embedded: what a PDF says about itself (Info dict, XMP packet), junk removed."""

from __future__ import annotations

from pathlib import Path

from paperdesk.parse.embedded import pdf_metadata, read_info, read_xmp
from tests.parse.frontpages import XMP_DIFFUSION


def test_xmp_title_creators_and_doi() -> None:
    xmp = read_xmp(XMP_DIFFUSION)
    assert xmp.title == "Denoising Diffusion Probabilistic Models"
    assert xmp.authors == ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"]
    assert xmp.doi == "10.5555/3495724.3496298"
    assert read_xmp("<broken").doi is None


def test_xmp_venue_year_and_attribute_form() -> None:
    packet = (
        '<x:xmpmeta><rdf:Description prism:doi="10.1016/j.artint.2021.103535">'
        "<prism:publicationName>ARTIFICIAL  INTELLIGENCE</prism:publicationName>"
        "<prism:coverDate>2021-09-01</prism:coverDate>"
        "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Learning to &amp; from "
        "Graphs</rdf:li></rdf:Alt></dc:title>"
        "</rdf:Description></x:xmpmeta>"
    )
    xmp = read_xmp(packet)
    assert xmp.doi == "10.1016/j.artint.2021.103535"  # from the attribute form prism:doi="…"
    assert xmp.year == 2021
    assert xmp.title == "Learning to & from Graphs"  # entities unescaped
    assert xmp.venue is not None and "intelligence" in xmp.venue.lower()
    empty = read_xmp(None)
    assert (empty.title, empty.authors, empty.doi, empty.venue, empty.year) == (
        None,
        [],
        None,
        None,
        None,
    )


def test_a_junk_xmp_title_is_dropped() -> None:
    packet = "<dc:title><rdf:Alt><rdf:li>paper.dvi</rdf:li></rdf:Alt></dc:title>"
    assert read_xmp(packet).title is None


def test_info_dict_junk_is_ignored() -> None:
    junk = read_info({"title": "Microsoft Word - x.docx", "author": "Administrator"})
    assert (junk.title, junk.authors) == (None, [])
    assert read_info({"title": "apssamp.dvi", "author": ""}).title is None
    assert read_info({"title": "No Title Given", "author": "jdoe"}).title is None
    assert read_info({"title": "Proceedings of ICML (2019), vol. 3"}).title is None
    assert read_info({"title": "Oneword"}).title is None  # a title has two words at least
    good = read_info({"title": "Attention Is All You Need", "author": "oren etzioni ; Ada Lee"})
    assert good.title == "Attention Is All You Need"
    assert good.authors == ["Oren Etzioni", "Ada Lee"]
    assert read_info(None).title is None


def test_info_doi_comes_from_subject_or_keywords() -> None:
    info = {"subject": "Nature 2020", "keywords": "deep learning; doi:10.1038/s41586-020-2649-2"}
    assert read_info(info).doi == "10.1038/s41586-020-2649-2"
    assert read_info({"subject": "no identifier here"}).doi is None


def test_pdf_metadata_reads_a_real_pdf(tmp_path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page()
    doc.set_metadata({"title": "Sparse Mixtures of Experts", "author": "Ada Lovelace"})
    path = tmp_path / "m.pdf"
    doc.save(path)
    doc.close()
    with pymupdf.open(path) as opened:
        info, xmp = pdf_metadata(opened)
    assert info["title"] == "Sparse Mixtures of Experts"
    assert xmp == ""  # no XMP packet written
    meta = read_info(info)
    assert (meta.title, meta.authors) == ("Sparse Mixtures of Experts", ["Ada Lovelace"])


def test_pdf_metadata_of_an_unreadable_document_is_empty() -> None:
    class Broken:
        @property
        def metadata(self) -> dict[str, str]:
            raise RuntimeError("damaged Info object")

        def get_xml_metadata(self) -> str:
            raise ValueError("damaged XMP stream")

    assert pdf_metadata(Broken()) == ({}, "")
