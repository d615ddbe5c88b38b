"""Word differences between two wordings."""

from __future__ import annotations

from tracker.wording import Op, Piece, similarity, word_diff


def test_inserted_and_removed_words_keep_their_spelling() -> None:
    old = "The fundamental freedoms of association, assembly should be guaranteed."
    new = "the fundamental freedoms of association. Assembly and expression must be guaranteed."
    pieces = word_diff(old, new)
    assert pieces[0] == Piece(
        Op.EQUAL,
        "the fundamental freedoms of association. Assembly",
        "The fundamental freedoms of association, assembly",
    )
    assert Piece(Op.INSERT, "and expression must") in pieces
    assert Piece(Op.DELETE, "should") in pieces
    assert " ".join(p.text for p in pieces if p.op is not Op.DELETE) == new
    assert " ".join(p.as_old for p in pieces if p.op is not Op.INSERT) == old


def test_similarity() -> None:
    assert similarity("a b c d", "a b c d") == 1.0
    assert similarity("a b", "c d") == 0.0
    assert similarity("", "") == 1.0
