"""parse.text: joining lines into running text (de-hyphenation asks the document), words with
their page, and the cheap sentence splitter that cuts passages."""

from __future__ import annotations

from paperdesk.parse.extract import Line
from paperdesk.parse.text import Token, Vocabulary, join_lines, sentence_ends, tokens


def line(text: str, *, page: int = 1) -> Line:
    return Line(page, 72, 100, 272, 110, text, 10, False, 0, "L")


def words(text: str, page: int = 1) -> list[Token]:
    return [Token(w, page) for w in text.split()]


def test_dehyphenation_asks_the_document() -> None:
    vocab = Vocabulary([line("a citation-informed model"), line("we use representations")])
    assert vocab.join("repre-", "sentations,") == "representations,"
    assert vocab.join("citation-", "informed") == "citation-informed"
    assert vocab.join("BERT-", "based") == "BERT-based"  # an acronym keeps its hyphen
    assert vocab.join("Ming-", "Wei") == "Ming-Wei"
    assert vocab.join("P19-", "1285") == "P19-1285"
    lines = [
        line("see https://arxiv.org/"),
        line("abs/1706.03762 and the state-of-the-"),
        line("art results"),
    ]
    assert (
        join_lines(lines, vocab) == "see https://arxiv.org/abs/1706.03762 and the "
        "state-of-the-art results"
    )


def test_a_compound_the_document_also_writes_closed_up_is_joined() -> None:
    hyphen_only = Vocabulary([line("we study pre-training at scale")])
    both = Vocabulary([line("we study pre-training at scale"), line("and pretraining too")])
    assert hyphen_only.join("pre-", "training") == "pre-training"
    assert both.join("pre-", "training") == "pretraining"


def test_a_line_end_hyphen_of_the_vocabulary_lines_is_not_a_compound() -> None:
    # "pre-" + "training" split across two lines of the document is no evidence for a hyphen
    vocab = Vocabulary([line("we study pre-"), line("training at scale")])
    assert "pre-training" not in vocab.hyphenated
    assert vocab.join("pre-", "training") == "pretraining"


def test_sentence_ends_skip_abbreviations() -> None:
    text = "As in Vaswani et al. (2017) we train. Fig. 2 shows it."
    toks = [Token(w, 1) for w in text.split()]
    ends = [toks[i].word for i in sentence_ends(toks)]
    assert ends == ["train.", "it."]


def test_sentence_ends_need_a_capital_or_digit_next_and_skip_initials() -> None:
    toks = words("We use A. Turing's test. it goes on. 3 runs end here")
    ends = [toks[i].word for i in sentence_ends(toks)]
    # "A." is an initial, "test." is followed by lower case; "on." by a digit; the last word
    # always closes the text
    assert ends == ["on.", "here"]


def test_sentence_ends_see_through_closing_quotes_and_brackets() -> None:
    toks = words('He said "stop." Then (see above.) We left!')
    ends = [toks[i].word for i in sentence_ends(toks)]
    assert ends == ['"stop."', "above.)", "left!"]
    assert sentence_ends([]) == []


def test_tokens_keep_pages() -> None:
    vocab = Vocabulary([])
    toks = tokens([line("end of a pa-", page=1), line("ragraph", page=2)], vocab)
    assert [(t.word, t.page) for t in toks] == [("end", 1), ("of", 1), ("a", 1), ("paragraph", 1)]


def test_tokens_skip_empty_lines_and_split_replacement_characters() -> None:
    vocab = Vocabulary([])
    toks = tokens([line("one\ufffdtwo"), line("   "), line("three", page=2)], vocab)
    assert [(t.word, t.page) for t in toks] == [("one", 1), ("two", 1), ("three", 2)]


def test_a_dash_at_a_line_end_does_not_join_the_next_word() -> None:
    vocab = Vocabulary([])
    assert join_lines([line("this --"), line("that")], vocab) == "this -- that"
    assert join_lines([line("a path a/b/"), line("c")], vocab) == "a path a/b/c"
    assert join_lines([line("either/"), line("or")], vocab) == "either/ or"  # one slash: a word


def test_a_mixed_case_name_broken_inside_its_capitals_joins() -> None:
    vocab = Vocabulary([])
    assert vocab.join("SciB-", "ERT:") == "SciBERT:"
    assert vocab.join("RoB-", "ERTa") == "RoBERTa"
    assert vocab.join("BERT-", "Base") == "BERT-Base"  # a compound's own hyphen stays
    assert vocab.join("GPT-", "Neo") == "GPT-Neo"
