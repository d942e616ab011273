"""A library holding every kind of record export and backup care about."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from paperdesk import tracking
from paperdesk.library import Library
from paperdesk.members import ensure_member
from paperdesk.storage import repository as repo
from paperdesk.storage.models import (
    Cite,
    Claim,
    ListEntry,
    Note,
    Paper,
    ReadingList,
    ReproAttempt,
    ReproLog,
    Run,
    RunResult,
    Tag,
)

WEIRD_TITLE = 'Odd: a # "quoted" {braced} back\\slash 100% & $5 and $10 ~^_'
FRONT_MATTER_NOTE = (
    "---\ntitle: not the real front matter\ntags: [fake]\n---\n\n"
    "Ünïcödé note: 注意 — with a *list*:\n\n- one\n- two\n\n---\n\nafter a rule\n"
)


def at(day: int, hour: int = 9, micro: int = 0) -> datetime:
    return datetime(2024, 5, day, hour, 30, 0, micro)


def populate(lib: Library) -> None:
    """Papers (new-style, old-style, not on arXiv, unicode, awkward title, unfetched; keyed as
    any paper entering the library is), a list with stages,
    notes, tags, history, citations and a replication record with claims, runs and a log."""
    with lib.session() as s:
        attention = Paper(
            arxiv_id="1706.03762",
            version=7,
            title="Attention Is All You Need",
            authors=["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Łukasz Kaiser"],
            abstract="The dominant sequence transduction models are based on RNNs.",
            categories=["cs.CL", "cs.LG"],
            primary_category="cs.CL",
            published=datetime(2017, 6, 12, 17, 57, 34),
            updated=datetime(2023, 8, 2, 0, 41, 18),
            year=2017,
            journal_ref="Advances in Neural Information Processing Systems 30 (2017)",
            url="https://arxiv.org/abs/1706.03762",
            pdf_url="https://arxiv.org/pdf/1706.03762v7",
            pdf_path="1706.03762.pdf",
            pdf_sha256="ab" * 32,
            pdf_version=7,
            metadata_fetched_at=at(1),
            added_at=at(1),
            updated_at=at(2),
        )
        conll = Paper(
            arxiv_id="cs/0306050",
            version=1,
            title="Introduction to the CoNLL-2003 Shared Task: Language-Independent Named Entity "
            "Recognition",
            authors=["Erik F. Tjong Kim Sang", "Fien De Meulder"],
            year=2003,
            categories=["cs.CL"],
            primary_category="cs.CL",
            url="https://arxiv.org/abs/cs/0306050",
            added_at=at(1, 10),
            updated_at=at(1, 10),
        )
        weird = Paper(
            arxiv_id="2401.00001",
            title=WEIRD_TITLE,
            authors=["Jörg Müller", "José Ñúñez"],
            year=2024,
            doi="10.1234/weird.2024",
            abstract="Über naïve façade — 日本語 text.",
            added_at=at(2),
            updated_at=at(2),
        )
        gpt = Paper(
            title="Improving Language Understanding by Generative Pre-Training",
            authors=["Alec Radford", "Karthik Narasimhan"],
            year=2018,
            url="https://openai.com/research/language-unsupervised",
            added_at=at(1, 11),
            updated_at=at(1, 11),
        )
        unfetched = Paper(
            arxiv_id="1810.04805",
            title="arXiv:1810.04805",
            url="https://arxiv.org/abs/1810.04805",
            added_at=at(3),
            updated_at=at(3),
        )
        s.add_all([attention, conll, weird, gpt, unfetched])
        s.flush()

        rl = ReadingList(
            name="transformers-core",
            title="The Transformer — from attention",
            description="Core papers.",
            source="user",
            created_at=at(1),
        )
        other = ReadingList(name="ner", title="Named entities", source="user", created_at=at(1))
        s.add_all([rl, other])
        s.flush()
        s.add_all(
            [
                ListEntry(
                    list_id=rl.id,
                    paper_id=attention.id,
                    stage="1. Attention",
                    position=1,
                    why="Everything builds on it.",
                ),
                ListEntry(list_id=rl.id, paper_id=gpt.id, stage="2. Pre-training", position=2),
                ListEntry(
                    list_id=rl.id, paper_id=unfetched.id, stage="2. Pre-training", position=3
                ),
                ListEntry(list_id=rl.id, paper_id=weird.id, stage=None, position=4),
                ListEntry(list_id=other.id, paper_id=conll.id, stage=None, position=1),
            ]
        )
        me = ensure_member(s).id
        s.add(
            Note(
                paper_id=attention.id,
                member_id=me,
                body=FRONT_MATTER_NOTE,
                revision=3,
                updated_at=at(4, 12, 123456),
            )
        )
        s.add(
            Note(
                paper_id=weird.id,
                member_id=me,
                body='Quote: "x" {y} \\z % 100',
                revision=1,
                updated_at=at(4),
            )
        )
        repo.tag_paper(s, attention, "transformers")
        repo.tag_paper(s, attention, "must-read")
        repo.tag_paper(s, weird, "übung")
        s.add(Tag(name="unused"))
        tracking.set_state(s, attention, "reading", "queued", at=at(2, 8))
        tracking.set_state(s, attention, "reading", "read", at=at(3, 8, 500))
        tracking.set_state(s, weird, "reading", "skimmed", at=at(3, 9))
        s.add(Cite(citing_id=gpt.id, cited_id=attention.id))
        s.add(Cite(citing_id=weird.id, cited_id=gpt.id))
        s.add(Cite(citing_id=weird.id, cited_id=attention.id))

        bleu = Claim(
            paper_id=attention.id,
            label="wmt14-en-de",
            metric="BLEU",
            setting="WMT 2014 en-de, big",
            value=28.4,
            source="Table 2",
            seeded=True,
            created_at=at(1),
        )
        ppl = Claim(
            paper_id=attention.id,
            label="ppl",
            metric="perplexity",
            value=4.33,
            higher_is_better=False,
            tolerance=0.1,
            unit="ppl",
            created_at=at(2),
        )
        s.add_all([bleu, ppl])
        s.flush()
        attempt = ReproAttempt(
            paper_id=attention.id,
            number=1,
            status="running",
            goal="BLEU within 1 point",
            scope="base model only",
            repo_url="https://github.com/x/y",
            repo_commit="abc123",
            environment="1×A100",
            environment_kv={"torch": "2.3", "cuda": "12.1"},
            compute_budget=40.0,
            compute_spent=12.5,
            compute_unit="GPU-h",
            created_at=at(3),
            updated_at=at(5),
        )
        s.add(attempt)
        s.flush()
        tracking.set_state(
            s, attention, "replication", "planned", attempt_id=attempt.id, at=at(3, 1)
        )
        tracking.set_state(
            s, attention, "replication", "running", attempt_id=attempt.id, at=at(4, 1)
        )
        run = Run(
            attempt_id=attempt.id,
            ran_at=at(4, 14),
            command="python train.py --big",
            commit="abc123",
            notes="first | run",
        )
        run2 = Run(attempt_id=attempt.id, ran_at=at(5, 14), command="python train.py --big")
        s.add_all([run, run2])
        s.flush()
        s.add_all(
            [
                RunResult(run_id=run.id, claim_id=bleu.id, value=27.1),
                RunResult(run_id=run.id, claim_id=ppl.id, value=4.5),
                RunResult(run_id=run2.id, claim_id=bleu.id, value=28.0),
                ReproLog(
                    attempt_id=attempt.id,
                    at=at(4, 15),
                    text="Loss diverged at step 10k; lowered LR.\nSecond line with | pipe.",
                ),
                ReproLog(attempt_id=attempt.id, at=at(5, 15), text="Closer: 28.0 BLEU."),
            ]
        )
        old = ReproAttempt(
            paper_id=attention.id, number=2, status="planned", created_at=at(6), updated_at=at(6)
        )
        s.add(old)


SAMPLE_PDFS = ("1706.03762.pdf",)  # the stored files the sample's papers name


def place_pdfs(pdf_dir: Path) -> None:
    """Put the sample's PDF files where a restore looks for them: a restore keeps a paper's PDF
    only when the file is in the library's PDF folder (a backup holds no files)."""
    pdf_dir.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_PDFS:
        (pdf_dir / name).write_bytes(b"%PDF-1.7\n%%EOF\n")
