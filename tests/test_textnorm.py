"""The text primitives the checks are built on, pinned where their fast paths could drift: folding,
verbatim search over runs of white space, numbers in prose, and the structural checks of YAML."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from migfacts import textnorm
from migfacts.numbers import find_numbers
from migfacts.textnorm import LazyPattern, find_verbatim, fold, verbatim_in_any
from migfacts.yamlnodes import compose


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chacón", "chacon"),
        ("376,800 and 1.3", "376800 and 1p3"),
        ("IOM’s “best” – `x`", "iom s best x"),
        ("ﬁve ß Ǆ", "five ss dz"),
        ("a,b 1,23 1,2345 x.5 5.x", "a b 1 23 1 2345 x 5 5 x"),
        ("Straße\u0301", "strasse"),
        ("plain ASCII_text, with-marks", "plain ascii text with marks"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_find_verbatim_maps_collapsed_white_space_back_to_the_text():
    text = "one  two\n\n three\tfour two three"
    assert find_verbatim(text, "two three") == [(5, 16), (22, 31)]
    assert find_verbatim(text, "  two   three ") == [(5, 16), (22, 31)]
    assert find_verbatim(text, "four") == [(17, 21)]
    assert find_verbatim(text, " ") == []
    assert verbatim_in_any([text], "two\nthree") and not verbatim_in_any([text], "three two")
    assert not verbatim_in_any([text], "  ")
    assert verbatim_in_any(["one", text], "two\nthree") and not verbatim_in_any([], "two")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "From 2004 to 2008, more than 135,466 people",
            [(5, 9, "2004", "2004"), (13, 17, "2008", "2008"), (29, 36, "135,466", "135466")],
        ),
        ("twenty-five million and Seven", [(0, 19, "twenty-five million", "25000000"), (24, 29, "Seven", "7")]),
        (
            "on 05.06.2020, 1.5 billion",
            [(3, 5, "05", "5"), (6, 8, "06", "6"), (9, 13, "2020", "2020"), (15, 26, "1.5 billion", "1500000000.0")],
        ),
        ("COVID-19 and 3rd, x-5", []),
    ],
)
def test_find_numbers(text, found):
    assert [(m.start, m.end, m.text, str(m.value)) for m in find_numbers(text)] == found


def test_find_numbers_gives_a_list_of_its_own():
    first = find_numbers("12 and 13")
    first.clear()
    assert len(find_numbers("12 and 13")) == 2


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("a: &x 1\nb: *x\n", [(1, "YAML aliases (*name) are not allowed in a fact file")]),
        ("&k a: 1\n*k : 2\n", [(1, "duplicate key 'a' (first at line 1)")]),
        ("a: 1\na: 2\n", [(2, "duplicate key 'a' (first at line 1)")]),
        ("<<: {a: 1}\n", [(1, "YAML merge keys (<<) are not allowed")]),
        ("!!merge a: 1\n", [(1, "YAML merge keys (<<) are not allowed")]),
        ("a: [1, {b: 2, b: 3}]\n", [(1, "duplicate key 'b' (first at line 1)")]),
    ],
)
def test_structural_problems(text, problems):
    _root, found = compose(text, Path("f.yaml"))
    assert [(p.line, p.message) for p in found] == problems


def test_a_lazy_pattern_compiles_when_first_used_and_matches_as_compiled():
    lazy = LazyPattern("[\u0300-\u036f]+")
    assert vars(lazy) == {"_pattern": "[\u0300-\u036f]+"}  # nothing compiled on import
    assert lazy.sub("", "Chaco\u0301n") == "Chacon"
    assert [m.span() for m in lazy.finditer("e\u0301e\u0300\u0301")] == [(1, 2), (3, 5)]
    assert set(vars(lazy)) == {"_pattern", "sub", "finditer"}  # each method looked up once


def _fold_by_its_definition(text: str) -> str:
    """What `fold` means, in the regular expressions its fast paths stand for."""
    text = textnorm._THOUSANDS.sub("", text)
    text = textnorm._DECIMAL_POINT.sub("p", text)
    text = text.translate(textnorm._QUOTES).casefold()
    stripped = textnorm._COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(textnorm._NON_WORD.sub(" ", stripped).split())


FOLD_PIECES = ["1,000", "1.5", "A", "z", "É", "ß", "’", "`", "_", "-", " ", "\t", "\u0301", "ﬁ", "Σ", "١", ",", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FOLD_PIECES) | st.text(max_size=4), max_size=12).map("".join))
@example("plain ASCII_text, with-marks `x`")
def test_fold_is_its_definition_on_any_text(text):
    textnorm.fold.cache_clear()
    assert textnorm.fold(text) == _fold_by_its_definition(text)


@given(st.lists(st.text("ab \n\x00é", max_size=6), max_size=4), st.text("ab \n\x00é", max_size=5))
@example(["a\x00b"], "a\x00b")
@example(["ab", "cd"], "bc")
@example(["one  two", "three"], "two three")
def test_verbatim_in_any_is_find_verbatim_in_any(texts, needle):
    assert verbatim_in_any(texts, needle) == any(find_verbatim(text, needle) for text in texts)
