"""A corpus of first pages typeset by the real publisher classes, with real paper metadata,
and the truth of what each page prints: for ``bench/metadata.py``.

    python bench/corpus.py OUT [--dev N] [--heldout N] [--jobs 2] [--round K]

Titles, abstracts and years are those of real arXiv records (../shared/data/arxiv-metadata/
cs_1800.jsonl); author lists are real ones (kaggle_first2000.jsonl, LaTeX accents and all).
Each paper is set in one of the layouts arXiv ML papers and the big publishers use — the real
classes where TeX Live has them (acmart, IEEEtran, elsarticle, llncs, revtex4-2), look-alikes
of the NeurIPS, ICLR, ICML and ACL styles (same structure: NeurIPS's ruled title and author
tabular, ICLR's small-caps title and header, ICML's names with marks and the affiliation
footnote, ACL's author columns and proceedings footer) — with hard cases drawn at random:
the rotated arXiv margin stamp (a later version's date), ALL-CAPS and two-line titles, many
authors, particles and accents, e-mails, equal-contribution marks, cited papers' years and
DOIs in the running text and footnotes.

The two sets use disjoint records and their own random seed: tune on ``dev`` only. Writes
``OUT/NAME.pdf`` and ``OUT/NAME.json`` (``"pdf"``, ``"set"``, title, authors, year, doi,
arxiv_id; null where the page prints none). Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
DATA = ROOT.parent / "shared" / "data" / "arxiv-metadata"

from bench.corpus_styles import LAYOUTS, Paper  # noqa: E402

_ACCENT = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303"}
_ACCENT |= {"=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "H": "\u030b"}
_ACCENT |= {"u": "\u0306", "k": "\u0328"}
_LETTERS = {"o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ss": "ß", "l": "ł", "L": "Ł", "ae": "æ"}
_LETTERS |= {"i": "ı", "oe": "œ"}


def untex(text: str) -> str | None:
    """A LaTeX author string in Unicode (``Bal\\'azs`` → ``Balázs``); None when it keeps
    markup this does not know."""
    text = re.sub(r"\\([cvHuk])\s*\{\s*(\\?\w)\s*\}", r"\\\1\2", text)
    text = re.sub(r"\\([cvHuk]) (\w)", r"\\\1\2", text)

    def accent(m: re.Match[str]) -> str:
        base = m[2].lstrip("\\")
        base = {"i": "i", "j": "j"}.get(base, base)
        return unicodedata.normalize("NFC", base + _ACCENT[m[1]])

    text = re.sub(r"\{?\\(['`\"^~=.cvHuk])\s*\{?(\\?[a-zA-Z])\}?\}?", accent, text)
    text = re.sub(
        r"\{?\\(" + "|".join(sorted(_LETTERS, key=len, reverse=True)) + r")\b\s*\}?",
        lambda m: _LETTERS[m[1]],
        text,
    )
    text = text.replace("{", "").replace("}", "")
    if "\\" in text or "$" in text:
        return None
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _strip_parens(text: str) -> str:
    while True:
        new = re.sub(r"\([^()]*\)", "", text)
        if new == text:
            return new
        text = new


def author_lists() -> list[list[str]]:
    """Real author lists (2 to 14 people, each a plausible full name)."""
    out = []
    for line in (DATA / "kaggle_first2000.jsonl").open():
        raw = _strip_parens(json.loads(line)["authors"])
        text = untex(raw)
        if not text:
            continue
        names = [
            n.strip(" .") for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if n.strip(" .")
        ]
        if not 1 <= len(names) <= 14:
            continue
        if any(
            not re.fullmatch(r"[^\W\d_][\w.'’ -]*[^\W\d_]", n) or len(n.split()) < 2 for n in names
        ):
            continue
        if any(re.search(r"collaboration|group|team", n, re.I) for n in names):
            continue
        out.append(names)
    return out


def records() -> list[dict]:
    out = []
    for line in (DATA / "cs_1800.jsonl").open():
        rec = json.loads(line)
        title = " ".join(rec["title"].split())
        if re.search(r"[$\\{}^_~]", title) or not 3 <= len(title.split()) <= 22:
            continue
        if not re.fullmatch(r"\d{4}\.\d{4,5}v\d+", rec["id"]):
            continue
        if not rec.get("year") or not str(rec["year"]).isdigit():
            continue
        out.append(
            {"id": rec["id"], "title": title, "abstract": rec["abstract"], "year": int(rec["year"])}
        )
    return out


@dataclass
class Job:
    name: str
    set: str
    paper: Paper
    layout: str
    truth: dict = field(default_factory=dict)


def plan(n_dev: int, n_held: int, round_: int = 0) -> list[Job]:
    """The jobs of both sets; a later ``round_`` takes the next records of each set's pool
    and its own draws (a fresh dev set once the first one is used up)."""
    recs, lists = records(), author_lists()
    # disjoint halves of both pools: held-out never shares a record with dev
    rng0 = random.Random(0)
    rng0.shuffle(recs)
    rng0.shuffle(lists)
    jobs: list[Job] = []
    for set_name, seed, lo in (("dev", 11, 0), ("heldout", 29, 1)):
        rng = random.Random(seed + 1000 * round_)
        pool_r = recs[lo::2]
        pool_a = lists[lo::2]
        count = n_dev if set_name == "dev" else n_held
        start = round_ * max(n_dev, n_held)
        names = sorted(LAYOUTS)
        if round_:
            rng.shuffle(names)
        tag = f"{set_name}-r{round_}" if round_ else set_name
        for i in range(count):
            layout = names[i % len(names)]
            rec = pool_r[(start + i) % len(pool_r)]
            paper = Paper.draw(rng, rec, pool_a[(start + i) % len(pool_a)])
            jobs.append(Job(f"{tag}-{i:03d}-{layout}", set_name, paper, layout))
    return jobs


def build(job: Job, out: Path) -> str | None:
    """Typeset one job; None when it worked, else the reason."""
    rng = random.Random(job.name)
    tex, truth = LAYOUTS[job.layout](job.paper, rng)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "paper.tex"
        src.write_text(tex)
        for _ in range(2 if "\\label" in tex or "acmart" in tex else 1):
            proc = subprocess.run(
                ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"],
                cwd=tmp,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=120,
            )
        pdf = Path(tmp) / "paper.pdf"
        if proc.returncode or not pdf.exists():
            tail = [ln for ln in proc.stdout.splitlines() if ln.startswith("!")][:2]
            (out / f"{job.name}.log").write_text(proc.stdout[-4000:])
            return "; ".join(tail) or "no PDF"
        target = out / f"{job.name}.pdf"
        wrng = random.Random(job.name + "/watermark")
        watermark = None
        if job.layout.startswith("ieee") and wrng.random() < 0.5:
            # IEEE Xplore's download line: a date years after the paper's
            watermark = (
                "Authorized licensed use limited to: Stanford University. Downloaded on "
                f"{wrng.choice(['March', 'May', 'October'])} {wrng.randint(1, 28)},"
                f"{job.paper.year + wrng.randint(1, 4)} at 14:22:31 UTC from IEEE Xplore. "
                "Restrictions apply."
            )
        _overlay(pdf, target, job.paper.stamp, watermark)
        if job.paper.stamp:
            truth["arxiv_id"] = job.paper.arxiv_id
    truth = {"pdf": str(target.resolve()), "set": job.set, "layout": job.layout, **truth}
    (out / f"{job.name}.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False))
    return None


def _overlay(src: Path, dst: Path, stamp: str | None, watermark: str | None) -> None:
    """arXiv's margin stamp (grey Times, rotated 90°, along the left edge of page 1) and a
    download watermark along the bottom edge of every page."""
    import pymupdf

    doc = pymupdf.open(src)
    page = doc[0]
    h = page.rect.height
    if stamp:
        page.insert_text(
            (32, h / 2 + 170), stamp, fontname="tiro", fontsize=20, rotate=90, color=(0.5,) * 3
        )
    for page in doc if watermark else []:
        page.insert_text((40, page.rect.height - 8), watermark, fontname="helv", fontsize=6)
    doc.save(dst)
    doc.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--dev", type=int, default=120)
    ap.add_argument("--heldout", type=int, default=120)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="build only jobs whose name contains this")
    ap.add_argument("--round", type=int, default=0, help="later rounds: other records, draws")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = plan(args.dev, args.heldout, args.round)
    jobs = [j for j in jobs if not args.only or args.only in j.name]
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda j: build(j, args.out), jobs))
    failed = [(j.name, r) for j, r in zip(jobs, results, strict=True) if r]
    print(f"{len(jobs) - len(failed)} PDFs written to {args.out}, {len(failed)} failed")
    for name, why in failed:
        print(f"  {name}: {why}")


if __name__ == "__main__":
    main()
