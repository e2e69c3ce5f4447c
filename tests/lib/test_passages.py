"""Passages of a text: finding a quote, and cutting a text around overlapping passages."""

from kirok.lib import passages

TEXT = "보위부원들이 어머니를 데려갔다. 보위부원들은 다시 왔다."


def test_locate_finds_every_occurrence():
    assert passages.locate(TEXT, "보위부원들") == [0, 18]
    assert passages.locate(TEXT, "평양") == [] and passages.locate(TEXT, "") == []


def test_fits_checks_the_quote_against_the_offsets():
    assert passages.fits(TEXT, 0, 5, "보위부원들")
    assert not passages.fits(TEXT, 1, 6, "보위부원들")
    assert not passages.fits(TEXT, 0, 500, TEXT) and not passages.fits(TEXT, None, 5, "보위부원들")


def test_nearest_picks_the_occurrence_closest_to_where_the_passage_was():
    changed = "추가된 문장. " + TEXT
    assert passages.nearest(changed, "보위부원들", 18) == changed.index("보위부원들은")
    assert passages.nearest(changed, "없는 말", 0) is None


def test_segments_rebuild_the_text_and_mark_overlaps():
    cut = passages.segments(TEXT, [("a", 0, 10), ("b", 7, 16), ("outside", 5, 999)])
    assert "".join(segment.text for segment in cut) == TEXT
    assert [segment.marks for segment in cut] == [("a",), ("a", "b"), ("b",), ()]
    assert [segment.starts for segment in cut] == [("a",), ("b",), (), ()]


def test_a_text_without_passages_is_one_segment():
    assert passages.segments(TEXT, []) == [passages.Segment(TEXT)]
    assert passages.segments("", []) == []
