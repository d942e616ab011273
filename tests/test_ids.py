from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperdesk.dates import today
from paperdesk.errors import InvalidIdError
from paperdesk.ids import (
    OLD_ARCHIVES,
    ArxivId,
    check_key,
    find_arxiv_ids,
    find_dois,
    normalize_doi,
    parse_arxiv_id,
)


@pytest.mark.parametrize(
    ("text", "base", "version"),
    [
        ("1706.03762", "1706.03762", None),
        ("1706.03762v7", "1706.03762", 7),
        ("arXiv:1706.03762", "1706.03762", None),
        ("ARXIV: 1706.03762v2", "1706.03762", 2),
        ("https://arxiv.org/abs/1706.03762v2", "1706.03762", 2),
        ("http://arxiv.org/pdf/1706.03762.pdf", "1706.03762", None),
        ("https://arxiv.org/pdf/1706.03762v7", "1706.03762", 7),
        ("https://arxiv.org/pdf/1706.03762v7.pdf", "1706.03762", 7),
        ("http://export.arxiv.org/abs/1706.03762", "1706.03762", None),
        ("https://www.arxiv.org/abs/1706.03762/", "1706.03762", None),
        ("https://arxiv.org/abs/1706.03762?context=cs", "1706.03762", None),
        ("cs/0306050", "cs/0306050", None),
        ("hep-th/9901001v2", "hep-th/9901001", 2),
        ("math.GT/0309136", "math/0309136", None),
        ("https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001", 1),
        ("10.48550/arXiv.1706.03762", "1706.03762", None),
        ("https://doi.org/10.48550/arXiv.1706.03762", "1706.03762", None),
        ("  1706.03762\n", "1706.03762", None),
        ("0704.0001", "0704.0001", None),
        ("1412.6980", "1412.6980", None),
    ],
)
def test_accepts_what_users_paste(text: str, base: str, version: int | None) -> None:
    aid = parse_arxiv_id(text)
    assert (aid.base, aid.version) == (base, version)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1706.3762", "5 digits"),
        ("2013.12345", "month 13"),
        ("cs/03060", "7 digits"),
        ("../../etc/passwd", "expected"),
        ("", "empty"),
        ("   ", "empty"),
        ("1706.03762v0", "v1"),
        ("1412.69801", "4 digits"),
        ("0612.1234", "April 2007"),
        ("9912.12345", "still to come"),
        ("3001.00001", "still to come"),
        ("hep-th/5001001", "1991 to March 2007"),
        ("cs/0704001", "1991 to March 2007"),
        ("notanarchive/0306050", "unknown arXiv archive"),
        ("https://example.org/abs/1706.03762", "expected"),
    ],
)
def test_rejects_with_the_input_quoted(text: str, why: str) -> None:
    with pytest.raises(InvalidIdError) as err:
        parse_arxiv_id(text)
    message = str(err.value)
    assert why in message
    if text.strip():
        assert repr(text.strip()) in message


def test_this_month_is_accepted() -> None:
    yymm = f"{_NOW:04d}"
    assert parse_arxiv_id(f"{yymm}.00001").base == f"{yymm}.00001"


def test_filename_never_contains_a_slash() -> None:
    assert parse_arxiv_id("cs/0306050").filename == "cs_0306050"
    assert parse_arxiv_id("math.GT/0309136v2").filename == "math_0309136"


_NOW = today().year % 100 * 100 + today().month
new_ids = st.builds(
    lambda yymm, num, v: ArxivId(f"{yymm:04d}.{num:0{5 if yymm >= 1501 else 4}d}", v),
    st.integers(7, _NOW // 100)
    .flatmap(lambda yy: st.integers(4 if yy == 7 else 1, 12).map(lambda mm: yy * 100 + mm))
    .filter(lambda yymm: yymm <= _NOW),
    st.integers(0, 9999),
    st.one_of(st.none(), st.integers(1, 99)),
)
old_ids = st.builds(
    lambda archive, yy, mm, num, v: ArxivId(f"{archive}/{yy:02d}{mm:02d}{num:03d}", v),
    st.sampled_from(sorted(OLD_ARCHIVES)),
    st.sampled_from([91, 95, 99, 0, 3, 6]),
    st.integers(1, 12),
    st.integers(0, 999),
    st.one_of(st.none(), st.integers(1, 20)),
)


@given(st.one_of(new_ids, old_ids))
def test_format_then_parse_roundtrips(aid: ArxivId) -> None:
    for text in (str(aid), f"arXiv:{aid}", aid.abs_url, aid.pdf_url, f"{aid.pdf_url}.pdf"):
        assert parse_arxiv_id(text) == aid
    assert parse_arxiv_id(aid.doi) == aid.with_version(None)


@given(st.text(max_size=40))
def test_parse_never_crashes_on_garbage(text: str) -> None:
    try:
        aid = parse_arxiv_id(text)
    except InvalidIdError:
        return
    assert "/" not in aid.filename


def test_finds_ids_and_dois_in_reference_text() -> None:
    ref = (
        "A. Vaswani et al. Attention is all you need. arXiv preprint arXiv:1706.03762, 2017. "
        "See also https://arxiv.org/abs/1810.04805v2, hep-th/9901001 and "
        "doi:10.1162/neco.1997.9.8.1735."
    )
    assert [str(a) for a in find_arxiv_ids(ref)] == ["1706.03762", "1810.04805v2", "hep-th/9901001"]
    assert find_dois(ref) == ["10.1162/neco.1997.9.8.1735"]
    assert find_arxiv_ids("Table 2013.12345 page 1706.3762") == []


def test_normalize_doi() -> None:
    assert normalize_doi("https://doi.org/10.1145/3287560.3287598") == "10.1145/3287560.3287598"
    assert normalize_doi("DOI: 10.3115/v1/D14-1162") == "10.3115/v1/d14-1162"
    assert normalize_doi("not a doi") is None


@pytest.mark.parametrize(
    "key",
    [
        "2401.00001",
        "1706.03762v2",
        "cs_0306050",
        "math_0309136v2",
        "../../etc",
        "10.1145/1",
        "",
        "9lives",
    ],
)
def test_keys_that_could_collide_are_refused(key: str) -> None:
    with pytest.raises(InvalidIdError):
        check_key(key)


def test_good_keys_pass() -> None:
    assert check_key("radford2018gpt1") == "radford2018gpt1"
    assert check_key("Smith-2001.note_2") == "Smith-2001.note_2"
