"""A corpus of hostile PDFs, made from bytes and with PyMuPDF: what the internet serves as a
PDF and a parser must survive. Each builder writes one file and returns its path; ``KINDS``
names them all, with what a parse may legitimately end in (``"parsed"``, or the words a
``parse_failed`` reason must contain)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

from tests.parse.pdfs import sentence, simple_pdf

TEXT = " ".join(sentence(i) for i in range(14))


def raw_pdf(
    objects: list[bytes], *, root: int = 1, xref: bool = True, trailer: bytes = b""
) -> bytes:
    """A PDF file from object bodies (object i+1 is ``objects[i]``), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _text_ops(text: str, *, y: int = 700) -> bytes:
    words = text.split()
    lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    ops = b"BT /F1 10 Tf 72 %d Td 12 TL\n" % y
    ops += b"".join(b"(%s) '\n" % ln.encode("latin-1") for ln in lines)
    return ops + b"ET\n"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>"


def _one_page(
    content: bytes, *, extra_catalog: bytes = b"", media: bytes = b"0 0 595 842"
) -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s>>" % extra_catalog,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % media,
            _stream(content),
            _FONT,
        ]
    )


def good(path: Path) -> Path:
    return simple_pdf(path, TEXT, pages=2)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _truncated(fraction: float | int) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        data = good(path).read_bytes()
        cut = int(len(data) * fraction) if isinstance(fraction, float) else fraction
        return _write(path, data[:cut])

    return build


def _cut_tail(n: int) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        return _write(path, good(path).read_bytes()[:-n])

    return build


def encrypted(path: Path) -> Path:
    import pymupdf

    return simple_pdf(
        path, TEXT, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner"
    )


def owner_only(path: Path) -> Path:
    """Encrypted with an owner password only: opens without one, and is fine to read."""
    import pymupdf

    return simple_pdf(path, TEXT, encryption=pymupdf.PDF_ENCRYPT_AES_128, owner_pw="owner")


def image_only(path: Path) -> Path:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 200), False)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    doc.save(str(path))
    return path


def many_pages(path: Path) -> Path:
    """10,000 pages sharing one content stream (small on disk)."""
    n = 10_000
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    pages = [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + n)
        for _ in range(n)
    ]
    return _write(
        path,
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
                _stream(_text_ops(TEXT)),
                *pages,
                _FONT,
            ]
        ),
    )


def giant_page(path: Path) -> Path:
    return _write(path, _one_page(_text_ops(TEXT, y=14000), media=b"0 0 14400 14400"))


def decompression_bomb(path: Path) -> Path:
    """A content stream of 1 GB of spaces, 1 MB compressed."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(1024)) + comp.flush()
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _write(
        path,
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                content,
                _FONT,
            ]
        ),
    )


def deep_nesting(path: Path) -> Path:
    depth = 100_000
    return _write(
        path,
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(_text_ops(TEXT)),
                _FONT,
                b"[" * depth + b"]" * depth,
            ]
        ),
    )


def deep_dicts(path: Path) -> Path:
    depth = 50_000
    return _write(
        path,
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(_text_ops(TEXT)),
                _FONT,
                b"<< /A " * depth + b"1" + b" >>" * depth,
            ]
        ),
    )


def broken_xref(path: Path) -> Path:
    data = bytearray(_one_page(_text_ops(TEXT)))
    at = data.index(b"xref\n")
    body = data[at:].replace(b" 00000 n", b" 00000 x").replace(b"0000000", b"9999999")
    return _write(path, bytes(data[:at] + body))


def no_xref(path: Path) -> Path:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(_text_ops(TEXT)),
        _FONT,
    ]
    return _write(path, raw_pdf(objects, xref=False))


def javascript(path: Path) -> Path:
    action = (
        b"/OpenAction << /S /JavaScript "
        b"/JS (app.alert\\('pwned'\\); this.exportDataObject\\({}\\);) >>"
    )
    return _write(path, _one_page(_text_ops(TEXT), extra_catalog=action))


def launch_action(path: Path) -> Path:
    action = b"/OpenAction << /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c calc) >> >>"
    return _write(path, _one_page(_text_ops(TEXT), extra_catalog=action))


def page_tree_cycle(path: Path) -> Path:
    return _write(
        path,
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(_text_ops(TEXT)),
                _FONT,
            ]
        ),
    )


def recursive_xobject(path: Path) -> Path:
    form = _stream(
        b"/X0 Do\n" + _text_ops("recursion"),
        b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        b"/Resources << /XObject << /X0 6 0 R >> /Font << /F1 5 0 R >> >>",
    )
    return _write(
        path,
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> /XObject << /X0 6 0 R >> >> >>",
                _stream(b"/X0 Do\n" + _text_ops(TEXT)),
                _FONT,
                form,
            ]
        ),
    )


def text_bomb(path: Path) -> Path:
    """200,000 tiny text runs on one page."""
    ops = (
        b"BT /F1 1 Tf\n"
        + b"".join(
            b"1 0 0 1 %d %d Tm (word) Tj\n" % (i % 590, (i // 590) % 840) for i in range(200_000)
        )
        + b"ET\n"
    )
    return _write(path, _one_page(ops))


def no_pages(path: Path) -> Path:
    return _write(
        path,
        raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
    )


def wrong_count(path: Path) -> Path:
    """A page tree that claims a million pages and has one."""
    return _write(
        path,
        _one_page(_text_ops(TEXT)).replace(b"/Count 1", b"/Count 1000000"),
    )


def bad_font(path: Path) -> Path:
    data = _one_page(_text_ops(TEXT)).replace(
        b"/Subtype /Type1", b"/Subtype /TrueType /FontFile2 99 0 R"
    )
    return _write(path, data)


def garbage_after_header(path: Path) -> Path:
    import random

    rnd = random.Random(7)
    return _write(
        path, b"%PDF-1.4\n" + bytes(rnd.randrange(256) for _ in range(50_000)) + b"\n%%EOF\n"
    )


def controls_in_text(path: Path) -> Path:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    hostile = "\x1b[2J\x1b]0;pwned\x07 \u202eevil\u202c " + TEXT
    page.insert_textbox(pymupdf.Rect(72, 72, 520, 770), hostile, fontsize=11)
    doc.set_metadata({"title": "\x1b[31mRed\x1b[0m title", "author": "$(rm -rf ~)"})
    doc.save(str(path))
    return path


def nul_in_strings(path: Path) -> Path:
    ops = _text_ops(TEXT) + b"BT /F1 10 Tf 72 100 Td (nul\\000inside\\000text) Tj ET\n"
    return _write(path, _one_page(ops))


def broken_stream_length(path: Path) -> Path:
    data = _one_page(_text_ops(TEXT))
    at = data.index(b"/Length ", data.index(b"4 0 obj"))
    end = data.index(b" ", at + 8)
    return _write(path, data[: at + 8] + b"999999" + data[end:])


def corrupt_flate(path: Path) -> Path:
    data = bytearray(_one_page(_text_ops(TEXT)))
    at = data.index(b"stream\n") + 7
    data[at + 10 : at + 40] = b"\x00" * 30
    return _write(path, bytes(data))


def incremental_broken(path: Path) -> Path:
    data = good(path).read_bytes()
    return _write(
        path,
        data + b"\n5 0 obj\n<< /Broken [ >>\nendobj\nxref\n0 1\ngarbage\n"
        b"trailer\n<< /Prev 999999 >>\nstartxref\n123\n%%EOF\n",
    )


def html_named_pdf(path: Path) -> Path:
    return _write(
        path,
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
        b"<body>Checking your browser</body></html>",
    )


def png_named_pdf(path: Path) -> Path:
    return _write(path, b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)


# kind -> (builder, what the parse may end in: "parsed" or words of the parse_failed reason)
KINDS: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "zero-bytes": (lambda p: _write(p, b""), ("empty",)),
    "html": (html_named_pdf, ("looks like HTML",)),
    "png": (png_named_pdf, ("not a PDF",)),
    "text": (lambda p: _write(p, b"just some words\n" * 100), ("not a PDF",)),
    "header-only": (lambda p: _write(p, b"%PDF-1.7\n%%EOF\n"), ("",)),
    "cut-at-10": (_truncated(10), ("truncated",)),
    "cut-at-100": (_truncated(100), ("truncated",)),
    "cut-at-1000": (_truncated(1000), ("truncated",)),
    "cut-at-25%": (_truncated(0.25), ("truncated",)),
    "cut-at-50%": (_truncated(0.5), ("truncated",)),
    "cut-at-75%": (_truncated(0.75), ("truncated",)),
    "cut-at-99%": (_truncated(0.99), ("truncated",)),
    "no-eof": (_cut_tail(6), ("truncated",)),
    "cut-in-xref": (_cut_tail(60), ("truncated",)),
    "encrypted": (encrypted, ("encrypted",)),
    "owner-password-only": (owner_only, ("parsed",)),
    "image-only": (image_only, ("no text layer",)),
    "no-pages": (no_pages, ("",)),
    "10000-pages": (many_pages, ("10,000 pages (at most",)),
    "giant-page": (giant_page, ("parsed", "")),
    "decompression-bomb": (decompression_bomb, ("",)),
    "deep-arrays": (deep_nesting, ("parsed", "")),
    "deep-dicts": (deep_dicts, ("parsed", "")),
    "broken-xref": (broken_xref, ("parsed", "")),
    "no-xref": (no_xref, ("parsed", "")),
    "javascript": (javascript, ("parsed",)),
    "launch-action": (launch_action, ("parsed",)),
    "page-tree-cycle": (page_tree_cycle, ("parsed", "")),
    "recursive-xobject": (recursive_xobject, ("parsed", "")),
    "text-bomb": (text_bomb, ("parsed", "")),
    "wrong-page-count": (wrong_count, ("parsed", "")),
    "bad-font": (bad_font, ("parsed", "")),
    "garbage": (garbage_after_header, ("",)),
    "controls-in-text": (controls_in_text, ("parsed",)),
    "nul-in-strings": (nul_in_strings, ("parsed",)),
    "bad-stream-length": (broken_stream_length, ("parsed", "")),
    "corrupt-flate": (corrupt_flate, ("parsed", "")),
    "broken-incremental-update": (incremental_broken, ("parsed", "")),
}
