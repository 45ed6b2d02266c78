"""The segmenter's tag tables: inline and skipped elements apart, and one context bit per flag."""

from __future__ import annotations

from classifier.tags import ARTICLE, FLAGS, FORM, INLINE, LINK, NAV, PRE, ROLE_BITS, SKIP, TAG_BITS


def test_no_tag_is_both_skipped_and_inline():
    assert not SKIP & INLINE
    assert {"script", "style", "template"} <= SKIP
    assert {"a", "span", "b", "em"} <= INLINE


def test_each_context_bit_is_one_bit_and_flags_follow_line_order():
    for bits in (*TAG_BITS.values(), *ROLE_BITS.values()):
        assert bits and bits & (bits - 1) == 0
    # Line's flags in order: in_form, in_button, in_dialog, in_nav, in_header, in_footer, in_aside,
    # in_article; the link and preformatted bits are the walk's own and no flag.
    assert FLAGS[FORM | NAV | ARTICLE] == (True, False, False, True, False, False, False, True)
    assert len(FLAGS) == 256 and LINK >= 256 and PRE >= 256
    assert TAG_BITS["main"] == ROLE_BITS["main"] == ARTICLE
