"""HTML mode's rules on what the class and id words name: comments, author's boxes, captions, side rails,
widgets, related stories, galleries."""

from __future__ import annotations

import numpy as np

from classifier.dom import segment_html
from classifier.marked import (
    in_author_boxes,
    in_comments,
    is_comment_word,
    without_author_boxes,
    without_caption_markup,
    without_chrome_markup,
    without_comments,
    without_galleries,
)
from classifier.types import Line

ARTICLE = "The harbour reopened on Monday after three weeks of repairs to the northern pier. " * 2


def test_comment_markup_is_read_from_the_innermost_class_and_id_words():
    lines = segment_html(
        """<body class="single comments-open"><article><p>"""
        + ARTICLE
        + """</p></article><ol class="comment-list"><li id="comment-42" class="comment even">
        <div class="comment-body"><p>Good news at last.</p></div></li></ol>
        <div class="commentary"><p>An opinion piece is no comment thread.</p></div></body>"""
    )
    # <body>'s "comments-open" is too far out to count; "commentary" is another word.
    assert in_comments(lines).tolist() == [False, True, False]


def test_comments_below_an_article_go_unless_they_are_the_page():
    comment = Line(index=2, text="Good news at last.", path=("comment-list", "comment", "list"))
    lines = [Line(index=1, text=ARTICLE), comment, Line(index=3, text="Reply")]
    keep = np.ones(3, dtype=bool)
    assert without_comments(lines, keep, share=0.99).tolist() == [True, False, True]
    # A thread that holds (nearly) all the kept text is all the page has: it stays.
    answer = Line(index=3, text="Same here, thanks for asking.", path=("comment", "odd"))
    thread = [comment, answer]
    assert without_comments(thread, keep[:2], share=0.99).tolist() == [True, True]
    assert without_comments([Line(index=1, text="Question?"), *thread], keep, share=0.8).all()
    # Nothing kept in comment markup: nothing changes.
    assert without_comments(lines, np.array([True, False, True]), share=0.8).tolist() == [True, False, True]


def test_comment_words_further_out_mark_a_thread_unless_it_is_the_page():
    reply = "A reply that reads like prose, as readers' replies do."
    html = (
        "<body><article><p>" + ARTICLE + "</p></article>"
        '<section id="comments"><ul><li><div class="message"><div class="post-text"><div class="text">'
        "<p>" + reply + "</p></div></div></div></li></ul></section></body>"
    )
    lines = segment_html(html)
    # "comments" is further out than the innermost class and id words: only the wider reading sees it.
    assert in_comments(lines).tolist() == [False, False]
    assert in_comments(lines, window=None).tolist() == [False, True]
    keep = np.ones(2, dtype=bool)
    assert without_comments(lines, keep, share=0.5, window=None).tolist() == [True, False]
    assert without_comments(lines, keep, share=0.99).tolist() == [True, True]  # the innermost words only
    # A thread that holds half the kept text or more is the page (a forum, a Q&A): it stays.
    thread = segment_html(
        '<body><h1>Question?</h1><section id="comments"><div class="message"><div class="post-text">'
        '<div class="text"><p>' + reply + "</p></div></div></div></section></body>"
    )
    assert without_comments(thread, np.ones(2, dtype=bool), share=0.5, window=None).all()


def test_the_author_s_box_goes_unless_it_is_the_page():
    bio = "Mara Lind writes about ports and shipping; before that she covered the city council."
    html = (
        '<body class="single author-mara"><article><p>' + ARTICLE + "</p><p>" + ARTICLE + "</p>"
        '<div class="author-bio"><div class="author-bio__text"><p>' + bio + "</p></div></div>"
        "</article></body>"
    )
    lines = segment_html(html)
    # "author" on the <body> of every line (a WordPress body class) marks nothing; the box's words do.
    assert in_author_boxes(lines).tolist() == [False, False, True]
    keep = np.ones(3, dtype=bool)
    assert without_author_boxes(lines, keep, share=0.3).tolist() == [True, True, False]
    # An author's own page: the biography is most of its text, and stays.
    page = segment_html('<body><h1>Mara Lind</h1><div class="author-bio"><p>' + bio + "</p></div></body>")
    assert without_author_boxes(page, np.ones(2, dtype=bool), share=0.3).all()


def test_captions_and_credits_named_in_the_markup_go_unless_they_are_the_page():
    caption = "Fishing boats wait in the northern harbour before the pier reopened on Monday."
    html = (
        "<body><article><p>" + ARTICLE + "</p>"
        '<div class="image-block"><div class="image-caption">' + caption + "</div>"
        '<span class="photo-credit">Photo: Harbour Office</span></div>'
        '<div class="captioned-story"><p>' + ARTICLE + "</p></div></article></body>"
    )
    lines = segment_html(html)
    keep = np.ones(len(lines), dtype=bool)
    # The caption and the credit go; a paragraph whose element is merely named near the word stays.
    assert without_caption_markup(lines, keep, share=0.3).tolist() == [True, False, False, True]
    # A photo page whose captions are most of its text keeps them.
    photos = segment_html(
        '<body><h1>The harbour in pictures</h1><p class="caption">' + caption + "</p></body>"
    )
    assert without_caption_markup(photos, np.ones(2, dtype=bool), share=0.3).all()


def test_a_side_rail_a_widget_and_related_stories_go_unless_they_are_the_page():
    about = "The harbour desk reports on ports, shipping and the people who work the quays."
    related = "Pier repairs to start in spring after the council approved the budget on Tuesday."
    html = (
        '<body class="single"><article><p>' + ARTICLE + "</p><p>" + ARTICLE + "</p></article>"
        '<div class="right-rail"><div class="about-blog"><p>' + about + "</p></div></div>"
        '<section class="related-stories"><p>' + related + "</p></section>"
        '<div class="sidebarWidget"><p>' + about + "</p></div></body>"
    )
    lines = segment_html(html)
    keep = np.ones(len(lines), dtype=bool)
    # "sidebarWidget" is one word, not "widget": the words are whole names or their parts.
    assert without_chrome_markup(lines, keep, share=0.5).tolist() == [True, True, False, False, True]
    # A page of related stories and little else keeps them.
    page = segment_html('<body><h1>More stories</h1><ul class="related"><li>' + related + "</li></ul></body>")
    assert without_chrome_markup(page, np.ones(2, dtype=bool), share=0.5).all()


def test_a_gallery_s_captions_go_when_an_article_came_with_it():
    caption = "The old ferry terminal, photographed from the breakwater at low tide last winter."
    gallery = (
        '<div class="inline-gallery"><ul class="legends"><li><h2>1/3 Ferry</h2><p>'
        + caption
        + "</p></li></ul></div>"
    )
    html = "<body><article><p>" + ARTICLE + "</p><p>" + ARTICLE + "</p>" + gallery + "</article></body>"
    lines = segment_html(html)
    keep = np.ones(len(lines), dtype=bool)
    sure = np.ones(len(lines))
    assert without_galleries(lines, keep, sure, min_chars=80).tolist() == [True, True, False, False]
    # Too little article outside the gallery: a gallery page, whose captions are its text.
    assert without_galleries(lines, keep, sure, min_chars=10_000).all()
    # Unsure paragraphs are not an article either.
    assert without_galleries(lines, keep, np.full(len(lines), 0.5), min_chars=80).all()


def test_glued_comment_names_mark_comments_but_commentary_does_not():
    assert is_comment_word("comment") and is_comment_word("comments")
    assert is_comment_word("commentcontent")  # class="commentContent", read lowercased
    assert is_comment_word("commentlist")
    assert not is_comment_word("comment-list")  # the whole name; its parts are read on their own
    assert not is_comment_word("commentary") and not is_comment_word("commentator")
    assert not is_comment_word("commenting")
    lines = segment_html(
        "<body><article><p>" + ARTICLE + "</p></article><div class='commentList'>"
        "<div class='commentContent'><p>Good news at last.</p></div></div>"
        "<div class='commentaryBox'><p>An opinion piece is no comment thread.</p></div></body>"
    )
    assert in_comments(lines).tolist() == [False, True, False]
