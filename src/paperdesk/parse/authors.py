"""Author names from the lines between a paper's title and its abstract.

The front matter mixes names with affiliations, e-mail addresses, footnote marks and
conjunctions. A line of names is told from an affiliation by its words (no "University",
"Institute", country or street) and by its style: the first line of names sets the font size and
weight, and later lines count only when they share it (affiliations are set smaller or
lighter). A line whose names are not separated at all ("Arman Cohan Sergey Feldman …", where
the PDF only leaves a gap) is cut into given name + initials + surname groups, or at the
surnames the PDF's Info dict lists.
"""

from __future__ import annotations

import re
import unicodedata

from paperdesk.keys import NAME_PARTICLES
from paperdesk.parse.extract import Line
from paperdesk.parse.venue import MONTH

# word starts (univ…, institut…) and whole words (places, companies): a surname that only
# contains one ("Hirano" holds "iran", "Parisa" holds "paris") is no affiliation
_AFFILIATION = re.compile(
    r"\b(?:univ|institut|college|school|department|dept\b|facult|laborator|labs?\b|research|"
    r"cent(?:er|re)\b|academy|inc\b|corp|ltd\b|gmbh|company|foundation|hospital|clinic|"
    r"group\b|consortium|organi[sz]ation|ministry|national|council|society|collaboration|"
    r"address|affiliation|city\b|province|zip\b|country|street|road\b|avenue|box\b|campus|"
    r"polytechn|technolog|science|engineering|ecole|école|escuela|istituto|editor|abstract|"
    r"keywords|dated|received|accepted|equal contribution|corresponding|work\b|done\b|interns?\b|"
    r"preprint\b|draft\b|report\b|review\b|manuscript\b|submitted\b|version\b)"
    r"|\b(?:google|microsoft|facebook|meta|amazon|ibm|nvidia|openai|deepmind|huawei|alibaba|"
    r"baidu|tencent|salesforce|ai2|usa|u\.s\.a|uk|united|kingdom|china|india|germany|france|"
    r"japan|korea|canada|netherlands|switzerland|italy|spain|israel|australia|singapore|"
    r"iceland|brazil|sweden|denmark|norway|finland|austria|belgium|portugal|poland|russia|"
    r"taiwan|hong kong|ireland|scotland|mexico|argentina|chile|greece|turkey|iran|egypt|"
    r"africa|zealand|vietnam|thailand|malaysia|indonesia|pakistan|bangladesh|california|"
    r"washington|seattle|boston|new york|texas|beijing|shanghai|london|paris|berlin|tokyo|"
    r"toronto|montr[ée]al|stanford|mit|cmu|berkeley|oxford|cambridge|princeton|harvard|yale|"
    r"eth|epfl|inria|cnrs|max planck)\b",
    re.I,
)
_EMAIL = re.compile(r"\{[^}]*\}\s*@\S+|\S+@\S+|\b(?:e-?mail|contact)\s*:", re.I)
_MARKS = re.compile(r"[∗*†‡§¶⋆✉♠♣♦♥♮#⊕⊗◦•\u2020\u2021]|\(\s*\d+\s*\)|(?<=[^\W\d_])\d+[a-z]?\b")
# Elsevier's letter marks glued to a name: "Krishnana,c,∗,1" is Krishnan with marks a, c, ∗, 1
_LETTER_MARKS = re.compile(r"(?<=[a-z])[a-z],[a-z](?:,(?:[a-z]|\d+|[∗*†‡]+))*(?=[\s,]|$)")
# ORCID iDs printed after a name ("Colomo1[0000-0002-1825-0097]")
#: a date printed with or under the names ("Printed April 16, 2004", "1 Feb 2011"): no name
_DATE = re.compile(
    rf"(?i)\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}(?:er)?\.?\s+{MONTH}\s+\d{{4}}\b"
)
_ORCID = re.compile(r"\[[\dX\s\-−–]+\]")
# marks set apart from the names they follow ("Nirupam Roy 1 2 Qin Liu * 1"): a separator
_LONE_MARKS = re.compile(
    r"(?<=[^\W\d_.])\s+(?:(?:[∗*†‡§¶⋆]+\d{0,2}|\d{1,2}[∗*†‡§¶⋆]*)(?:\s*,\s*|\s+|$))+(?=\S|$)"
)
_AIP_MARK = re.compile(r"(?<![A-Z(.])[a-z]\)")
#: PTP's compound marks: "Tomonaga1,∗)", "Yukawa2,∗∗)" (the ")" closes the marks, not a name)
_COMPOUND_MARK = re.compile(r"(?<=[^\W\d_])\d{0,2},?[∗*†‡§¶]+\)")
_ROLE = re.compile(r"\([^)]*\)|\b(?:Sir|Dr|Prof|Professor|Mr|Mrs|Ms)\b\.?\s+(?=[A-Z])")
_IEEE_GRADE = re.compile(
    r",?\s*(?:Student\s+|Senior\s+|Life\s+)?(?:Member|Fellow),?\s+IEEE\b,?", re.I
)
_GLUED_AND = re.compile(r"(?<=[^\W\d_]{2})and\s+(?=[A-Z])")
_NOT_GLUED = re.compile(
    r"(?:rol|hol|fin|po|is|gar|cope|suther|cleve|eng|scot|ire|main|high|ferdin|arm|bertr|"
    r"dur|legr|rowl|st|br|gr|r|h|s|w|l|b|str|ros|al|ash)and$",  # Roland, Holland, Brand…
    re.I,
)
_PARTICLES = NAME_PARTICLES | {"lo", "ibn", "el", "zu", "y", "e", "in", "'t", "’t", "het", "op"}
# initials, also of two letters (Th. Henning, Yu.N. Kosovtsov, J.-Cl. Falmagne)
_INITIAL = re.compile(
    r"(?:[^\W\d_][a-z]?\.)+(?:-[^\W\d_][a-z]?\.)*|[^\W\d_]\.?-[^\W\d_][a-z]?\.|[A-Z]"
)
#: a template's stand-ins that are no names ("No Second Author", "First Last", "Course Title");
#: "Second Author" and "Author Name" read as names and are kept
PLACEHOLDER_NAME = re.compile(
    r"(?i)no\s+(?:\w+\s+)?authors?|first\s+last\d*|course\s+(?:title|name)|your\s+name|"
    r"firstname\s+lastname"
)
#: words of a front page that no surname or given name is: "Technical Support", "Electronic
#: Products and Services" (ijmart's address block), "PACKAGE DOCUMENTATION" (a subtitle)
_NOT_NAME_WORD = re.compile(
    r"(?i)\b(?:documentation|package|manual|template|support|services|products|instructions|"
    r"guidelines|tutorial|overview|handbook|user'?s?)\b"
)
_SUFFIX = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def clean_line(text: str) -> str:
    """A front-matter line without e-mails, marks and glued conjunctions ("Authorand B")."""
    text = _EMAIL.sub(" ", _ORCID.sub(" ", text.replace("\ufffd", " ")))
    text = _LONE_MARKS.sub(", ", text)
    text = _IEEE_GRADE.sub(",", text)
    text = _GLUED_AND.sub(lambda m: m[0] if _glued_word(text, m.start()) else " and ", text)
    text = _LETTER_MARKS.sub("", text)
    text = _AIP_MARK.sub(" ", _ROLE.sub(" ", _COMPOUND_MARK.sub(" ", text)))
    text = _MARKS.sub(" ", text)
    return " ".join(text.split())


def _glued_word(text: str, end: int) -> bool:
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return bool(_NOT_GLUED.fullmatch(text[start : end + 3]))


def is_affiliation(text: str) -> bool:
    return bool(_AFFILIATION.search(text)) or bool(re.search(r"\d{3,}", text))


def _is_token(tok: str) -> bool:
    if tok in _PARTICLES or tok.lower() in _SUFFIX:
        return True
    if _INITIAL.fullmatch(tok):
        return True
    core = tok.strip("'’")
    if re.fullmatch(r"[^\W\d_][a-z]+-[A-Z]\.", core):  # Hans-G. Ludwig
        return True
    return (
        len(core) >= 2
        and core[0].isupper()
        and all(ch.isalpha() or ch in "-'’." for ch in core)
        and not core.endswith(".")
    )


def is_name(piece: str) -> bool:
    """Two to five name-like words ("Daniel S. Weld", "Madeleine van Zuylen", "BEN TROVATO")."""
    toks = piece.split()
    if not 2 <= len(toks) <= 5 or not all(_is_token(t) for t in toks):
        return False
    if toks[0] in _PARTICLES or toks[-1] in _PARTICLES:  # lower-case: "van", not "Lo"
        return False
    return any(not _INITIAL.fullmatch(t) for t in toks) and not is_affiliation(piece)


def tidy_name(name: str) -> str:
    """``BEN TROVATO`` → ``Ben Trovato``; ``oren etzioni`` → ``Oren Etzioni``; initials kept."""
    out: list[str] = []
    for tok in name.split():
        if tok.lower() in _PARTICLES and len(out) > 0:
            out.append(tok.lower() if tok.isupper() or tok.islower() else tok)
        elif _INITIAL.fullmatch(tok) or (len(tok) <= 2 and tok.isupper()):
            out.append(tok)
        elif tok.isupper() or tok.islower():
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in tok.split("-")))
        else:
            out.append(tok)
    return unicodedata.normalize("NFC", " ".join(out))


def segment(tokens: list[str], surnames: list[str] | None = None) -> list[str]:
    """Cut a run of name words with no separators into names: at the given surnames when the
    Info dict lists them, else as given name, initials and particles, then one surname."""
    if surnames:
        wanted = [s.lower() for s in surnames]
        names, cur = [], []
        for tok in tokens:
            cur.append(tok)
            if wanted and tok.lower() == wanted[0]:
                names.append(" ".join(cur))
                cur = []
                wanted.pop(0)
        if not cur and not wanted:
            return names
    names, cur = [], []
    for tok in tokens:
        cur.append(tok)
        low = tok.lower()
        if low in _SUFFIX and names:  # "Martin Luther King Jr.": the words before end a name
            names[-1] += " " + " ".join(cur)
            cur = []
        elif len(cur) >= 2 and not _INITIAL.fullmatch(tok) and low not in _PARTICLES:
            names.append(" ".join(cur))
            cur = []
    if cur:
        if names and all(_INITIAL.fullmatch(t) or t.lower() in _SUFFIX for t in cur):
            names[-1] += " " + " ".join(cur)
        elif len(cur) >= 2:
            names.append(" ".join(cur))
    return names


def names_in(
    text: str, surnames: list[str] | None = None, *, gappy: bool = False
) -> tuple[list[str], bool]:
    """The names a front-matter line lists, and whether the line is (mainly) names.

    Pieces are separated by commas, semicolons, "and", "&"; an affiliation after the names
    ("LARS THØRVÄLD, The Thørväld Group, Iceland") ends the line's names. A ``gappy`` line
    (set wider than its letters need: names spaced apart, nothing between them) is cut into
    names even when it has only four words.
    """
    text = _DATE.sub(" ", text)
    separated = bool(re.search(r"[,;&]|\b(?:and|und|et)\b", text))  # else only marks part the names
    text = clean_line(text)
    if not text or text.startswith("("):
        return [], False
    text = re.sub(r"\b([A-Z])\.(?=[A-Z][a-z])", r"\1. ", text)  # "B.Benciolini"
    text = re.sub(r"(?:,\s*|\s+|^)(?:and|und|et)\s+|\s*&\s*", ", ", text)
    pieces = [p.strip(" .") for p in re.split(r"\s*[,;·|]\s*", text) if p.strip(" .")]
    names: list[str] = []
    for piece in pieces:
        piece = re.sub(r"^\d+\s+", "", piece)  # a line number or a detached mark
        if not piece or re.fullmatch(r"[\d\s]+", piece):
            continue
        if piece.lower() in _SUFFIX and names:
            names[-1] += " " + piece
            continue
        toks = piece.split()
        run = _run_of_names(toks, gappy)
        if is_name(piece) and not run:
            names += [piece] if separated else _two_names(toks)
            continue
        if run and all(_is_token(t) for t in toks) and not is_affiliation(piece):
            names += segment(toks, surnames)
            continue
        if names or is_affiliation(piece) or len(toks) > 1:
            break  # names end where the affiliation begins
        return [], False  # a lone word first: not a names line
    return [tidy_name(n) for n in names], bool(names)


def _two_names(toks: list[str]) -> list[str]:
    """One name, or two run together where their marks were lost: two full words and then
    initials and a surname ("Pablo Diaz M. A. Perez") start a second name."""
    for k in range(2, len(toks) - 1):
        full = [not _INITIAL.fullmatch(t) and t not in _PARTICLES for t in toks[:k]]
        if _INITIAL.fullmatch(toks[k]) and "." in toks[k] and len(full) >= 2 and all(full):
            cut = k if k == 2 else k - 1  # "John Southworth | Peter J. Wheatley"
            return [" ".join(toks[:cut]), " ".join(toks[cut:])]
    return [" ".join(toks)]


def _run_of_names(toks: list[str], gappy: bool) -> bool:
    """Several names with nothing between them (ICML prints "Ashish Vaswani * 1 Noam
    Shazeer * 1", and the marks are gone): six words or more, four when the line is spaced
    out, or four plain words (no initial, no particle: two names more often than one)."""
    plain = all(not _INITIAL.fullmatch(t) and t not in _PARTICLES for t in toks)
    return len(toks) >= 6 or (len(toks) >= 4 and (gappy or plain))


def _joined(lines: list[Line]) -> list[Line]:
    """Lines with a name broken across a line end joined: hyphenated inside an author grid
    cell ("Aparna Pa-" + "tel, …"), or a paragraph of names wrapped after an initial or a
    particle ("…, P." + "Caselli, …")."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        hyphen = (
            prev and prev.block == ln.block and prev.text.endswith("-") and ln.text[:1].islower()
        )
        wrapped = (
            prev
            and abs(prev.size - ln.size) <= 0.3
            and prev.bold == ln.bold
            and -0.3 * ln.size <= ln.y0 - prev.y1 <= 0.8 * ln.size
            and ln.text[:1].isupper()
            and bool(re.search(r"(?:^|[\s,])(?:[A-Z]\.|" + "|".join(_PARTICLES) + r")$", prev.text))
        )
        # "…, Erhan Yenilmez, Hongjie" + "Dai, Kathryn A. Moler": a list of names wrapped
        # between a given name and its surname
        split_name = (
            prev
            and not wrapped
            and abs(prev.size - ln.size) <= 0.3
            and prev.bold == ln.bold
            and -0.3 * ln.size <= ln.y0 - prev.y1 <= 0.8 * ln.size
            and bool(re.search(r"[,;·]", prev.text))
            and bool(re.search(r"\s[A-Z][^\W\d_-]+(?:-[A-Z][^\W\d_]+)?$", prev.text))
            and bool(re.match(r"[A-Z][^\W\d_'’-]*(?:\s*[,;·]|\s+and\b|$)", ln.text))
            and not is_affiliation(ln.text.split(",")[0])
        )
        wrapped = wrapped or split_name
        if prev and (hyphen or wrapped):
            head = prev.text[:-1] if hyphen else prev.text + " "
            out[-1] = Line(
                prev.page,
                prev.x0,
                prev.y0,
                ln.x1,
                ln.y1,
                head + ln.text,
                prev.size,
                prev.bold,
                prev.block,
                prev.col,
            )
        else:
            out.append(ln)
    return out


def _gappy(ln: Line) -> bool:
    """Set wider than its letters need (about 0.45 em a letter in a proportional font): the
    PDF spaced the names apart without a separator."""
    letters = sum(ch.isalpha() for ch in ln.text)
    caps = sum(ch.isupper() for ch in ln.text)
    if letters < 10 or caps > 0.5 * letters:
        return False
    return (ln.x1 - ln.x0) > 0.53 * len(ln.text) * ln.size


def front_authors(lines: list[Line], surnames: list[str] | None = None) -> list[str]:
    """The names of the lines between title and abstract (in the PDF's block order, which is
    the order of the author grid), styled like the first line of names."""
    out: list[str] = []
    style: tuple[float, bool] | None = None
    for ln in _joined(lines):
        if style is not None and (abs(ln.size - style[0]) > 0.3 or ln.bold != style[1]):
            continue
        names, ok = names_in(ln.text, surnames, gappy=_gappy(ln))
        names = [
            n for n in names if not PLACEHOLDER_NAME.fullmatch(n) and not _NOT_NAME_WORD.search(n)
        ]
        if not ok or not names:
            continue
        if style is None:
            style = (ln.size, ln.bold)
        out += [n for n in names if n not in out]
    return out or _small_caps_name(lines)


def _small_caps_name(lines: list[Line]) -> list[str]:
    """A lone name set in lower-case small capitals ("tyler durden", classicthesis), taken
    only when nothing else in the front matter reads as names."""
    for ln in lines[:3]:
        words = ln.text.split()
        if (
            2 <= len(words) <= 3
            and all(w.isalpha() and w.islower() for w in words)
            and not is_affiliation(ln.text)
            and not set(words) & _PARTICLES
        ):
            return [tidy_name(ln.text)]
    return []
