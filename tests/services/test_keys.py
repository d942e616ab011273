"""Setting a paper's key by hand (``paperdesk key ID NEWKEY``): the old key stays an alias,
and a key that is not valid or names another paper is refused with nothing changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from paperdesk.errors import InvalidIdError, NotFoundError
from paperdesk.library import Library
from paperdesk.services.keys import set_key
from paperdesk.storage import repository as repo
from paperdesk.storage.models import KeyAlias


def test_set_key_by_hand(lib: Library) -> None:
    change = set_key(lib, "1706.03762", "transformer2017")
    assert (change.old, change.new) == ("vaswani2017attention", "transformer2017")
    assert change.aliases == ("vaswani2017attention",)
    with lib.session() as s:
        p = repo.find_paper(s, "vaswani2017attention")
        assert p.key == "transformer2017"
        assert repo.find_paper(s, "TRANSFORMER2017") is p  # keys are case-insensitive
    back = set_key(lib, "transformer2017", "vaswani2017attention")  # its own alias: allowed
    assert back.new == "vaswani2017attention" and back.aliases == ("transformer2017",)
    assert not set_key(lib, "vaswani2017attention", "vaswani2017attention").changed


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        ("devlin2018bert", "key 'devlin2018bert' is taken: it is the key of devlin2018bert"),
        ("Devlin2018BERT", "is taken: it is the key of devlin2018bert"),
        ("cs_0306050", "looks like an arXiv id"),
        ("2106.09685", "must start with a letter"),
        ("has space", "must start with a letter"),
        ("10.1000/x", "must start with a letter"),
    ],
)
def test_set_key_refused(lib: Library, wanted: str, message: str) -> None:
    with pytest.raises(InvalidIdError, match=message) as info:
        set_key(lib, "1706.03762", wanted)
    assert "the key of vaswani2017attention is unchanged" in str(info.value)
    with lib.session() as s:
        assert repo.find_paper(s, "1706.03762").key == "vaswani2017attention"
        assert not s.scalars(select(KeyAlias)).all()


def test_an_alias_of_another_paper_is_refused(lib: Library) -> None:
    set_key(lib, "1706.03762", "transformer")
    with pytest.raises(InvalidIdError, match="an earlier key of transformer"):
        set_key(lib, "1810.04805", "vaswani2017attention")


def test_unknown_paper(lib: Library) -> None:
    with pytest.raises(NotFoundError, match="no paper 'nobody2020'"):
        set_key(lib, "nobody2020", "somebody2020")
