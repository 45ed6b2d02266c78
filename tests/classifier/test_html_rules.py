"""HTML mode's keep rules: the article's container from the keep decisions, readers' comments, and
repeated copies."""

from __future__ import annotations

import dataclasses

import numpy as np

from classifier.dom import segment_html
from classifier.html_rules import (
    ContainerRule,
    article_container,
    first_copies,
    in_author_boxes,
    in_comments,
    inside,
    is_comment_word,
    keep_by_container,
    locating,
    nested_landmarks,
    not_article_blocks,
    teaser_lists,
    whole_blocks,
    without_author_boxes,
    without_caption_markup,
    without_chrome_markup,
    without_comments,
    without_galleries,
    without_trailing_teasers,
)
from classifier.types import Line


def line(text: str, *blocks: int) -> Line:
    """A line in the elements ``blocks``, outermost first, its own element last (as segmented)."""
    return Line(index=1, text=text, blocks=blocks)


PAGE = [
    line("Menu", 1, 2, 10),
    line("A headline of the article", 1, 3, 11),
    line("The first long paragraph of the article body.", 1, 3, 4, 12),
    line("The second long paragraph of the article body.", 1, 3, 4, 13),
    line("A comment that reads like prose.", 1, 6, 14),
]


def test_the_deepest_block_holding_most_of_the_kept_text():
    keep = np.array([False, True, True, True, True])
    assert article_container(PAGE, keep, share=0.5) == 4
    assert article_container(PAGE, keep, share=0.75) == 3


def test_a_line_of_its_own_is_no_container():
    page = [
        line("A short title", 1, 2, 10),
        line("One very long paragraph that holds nearly all of the kept text on this page.", 1, 2, 3, 11),
    ]
    keep = np.array([True, True])
    assert article_container(page, keep, share=0.5) == 2  # not 3, nor the paragraph's own 11


def test_a_higher_share_climbs_to_an_outer_block():
    keep = np.array([False, True, True, True, True])
    assert article_container(PAGE, keep, share=0.95) == 1


def test_no_container_without_kept_lines_or_blocks():
    assert article_container(PAGE, np.zeros(5, dtype=bool), share=0.5) is None
    plain = [Line(index=i + 1, text="Some words") for i in range(3)]
    assert article_container(plain, np.ones(3, dtype=bool), share=0.5) is None


def test_the_links_of_a_landmark_do_not_locate_the_article():
    teaser = "A linked headline of another story with a sentence of its summary after it, in the menu."
    menu = [
        Line(index=i + 1, text=teaser, blocks=(1, 2, 5, 20 + i), in_nav=True, link_chars=len(teaser))
        for i in range(4)
    ]
    article = [
        line("The article's headline", 1, 3, 30),
        line("The article's one paragraph, shorter than the menu's teasers together.", 1, 3, 31),
    ]
    keep = np.ones(6, dtype=bool)
    assert article_container(menu + article, keep, share=0.6) == 3
    # The same teasers outside a landmark (a list page's own links) still count.
    listed = [dataclasses.replace(item, in_nav=False) for item in menu]
    assert article_container(listed + article, keep, share=0.6) == 5
    # Unlinked text in a landmark counts too.
    unlinked = [dataclasses.replace(item, link_chars=0) for item in menu]
    assert article_container(unlinked + article, keep, share=0.6) == 5
    assert locating(menu + article).tolist() == [False] * 4 + [True] * 2


def test_inside():
    assert inside(PAGE, 3).tolist() == [False, True, True, True, False]
    assert inside(PAGE, 4).tolist() == [False, False, True, True, False]


def test_keep_by_container_takes_inside_and_outside_decisions():
    keep = np.array([False, True, True, True, True])
    lenient = np.ones(5, dtype=bool)
    strict = np.array([False, True, False, False, False])
    assert keep_by_container(PAGE, keep, lenient, strict, share=0.5).tolist() == [
        False,
        True,
        True,
        True,
        False,
    ]
    nothing = np.zeros(5, dtype=bool)
    assert keep_by_container(PAGE, nothing, lenient, strict, share=0.5).tolist() == nothing.tolist()


def test_the_rule_asks_less_inside_than_outside():
    rule = ContainerRule()
    assert 0 < rule.inside < rule.outside < 1 and 0.5 <= rule.share <= 1


def test_segmented_html_finds_the_element_holding_the_article_text():
    html = """<body><nav><a>Home</a> <a>World</a></nav>
      <div class="story"><h1>Harbour reopens</h1><div class="text">
        <p>The harbour reopened on Monday after three weeks of repairs to the northern pier.</p>
        <p>Fishing boats returned before dawn, and the market opened an hour early.</p></div></div>
      <div class="comments"><p>Good news at last.</p></div></body>"""
    lines = segment_html(html)
    keep = np.array([line.text != "Home World" for line in lines])
    block = article_container(lines, keep, share=0.5)
    # The body's <div> holds most of the kept text; the headline sits outside it, where a line stays
    # only when the model is nearly sure of it (a headline mostly is).
    assert [line.text for line, within in zip(lines, inside(lines, block), strict=True) if within] == [
        "The harbour reopened on Monday after three weeks of repairs to the northern pier.",
        "Fishing boats returned before dawn, and the market opened an hour early.",
    ]


def test_first_copies_drop_a_repeated_long_line_only():
    texts = [
        "A paragraph that the page carries twice.",
        "Reply",
        "Reply",
        "A paragraph that the page carries twice.",
    ]
    lines = [Line(index=i + 1, text=t) for i, t in enumerate(texts)]
    assert first_copies(lines, np.ones(4, dtype=bool)).tolist() == [True, True, True, False]
    # A copy after a dropped first one is the first kept copy.
    assert first_copies(lines, np.array([False, True, True, True])).tolist() == [False, True, True, True]


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


def test_a_nav_aside_or_footer_inside_the_container_counts_as_outside_it():
    lines = segment_html(
        """<body><div class="story"><p>"""
        + ARTICLE
        + """</p><aside><p>Read also: the pier's history</p></aside><p>"""
        + ARTICLE
        + """</p><footer><p>Tags: harbour, pier</p></footer></div></body>"""
    )
    keep = np.ones(len(lines), dtype=bool)
    within = inside(lines, article_container(lines, keep, share=0.5))
    assert within.all()
    assert nested_landmarks(lines, within).tolist() == [False, True, False, True]
    lenient, strict = keep, np.array([True, False, True, False])
    assert keep_by_container(lines, keep, lenient, strict, share=0.5).tolist() == [True, False, True, False]
    assert keep_by_container(lines, keep, lenient, strict, share=0.5, landmarks=False).all()


def test_captions_labels_and_buttons_count_as_outside_the_container():
    lines = segment_html(
        "<body><div class='story'><p>" + ARTICLE + "</p><figure><figcaption>The pier at dawn. Photo: Agency"
        "</figcaption></figure><p>" + ARTICLE + "</p><form><label>Your e-mail</label>"
        "<button>Send</button></form></div></body>"
    )
    keep = np.ones(len(lines), dtype=bool)
    assert not_article_blocks(lines).tolist() == [False, True, False, True, True]
    lenient, strict = keep, ~not_article_blocks(lines)
    assert keep_by_container(lines, keep, lenient, strict, share=0.5).tolist() == strict.tolist()
    assert keep_by_container(lines, keep, lenient, strict, share=0.5, tags=False).all()


def test_a_landmark_around_the_whole_container_marks_nothing():
    lines = segment_html(
        "<body><aside><div><p>" + ARTICLE + "</p><p>" + ARTICLE + "</p></div></aside></body>"
    )
    within = np.ones(len(lines), dtype=bool)
    assert not nested_landmarks(lines, within).any()


def test_the_container_holds_its_tables_code_and_headings_whole():
    lines = segment_html(
        "<body><div class='story'><p>" + ARTICLE + "</p><h2>Results</h2><table><tr><th>Boat</th>"
        "<th>Catch</th></tr><tr><td>Aurora</td><td>412</td></tr></table><pre>catch = sum(boats)</pre>"
        "<p>" + ARTICLE + "</p></div><table><tr><td>Ad</td></tr></table></body>"
    )
    assert whole_blocks(lines).tolist() == [False, True, True, True, True, True, True, False, True]
    keep = np.array([True] + [False] * 6 + [True, False])
    # Outside the container (the last table) the whole-block decision does not apply.
    everything = np.ones(len(lines), dtype=bool)
    kept = keep_by_container(lines, keep, keep, keep, share=0.5, keep_whole=everything)
    assert kept.tolist() == [True] * 8 + [False]
    assert keep_by_container(lines, keep, keep, keep, share=0.5).tolist() == keep.tolist()


def card(headline: str, summary: str) -> str:
    return f"<li><div class='card'><h3><a href='/s'>{headline}</a></h3><p>{summary}</p></div></li>"


CARDS = (
    "<ul class='more'>"
    + card("Ferry timetable changes for the winter season", "Fewer crossings from November.")
    + card("Harbour master retires after forty years", "A farewell on the quay.")
    + card("New fish market opens on the east pier", "Stalls open at six.")
    + "</ul>"
)


def test_a_list_of_linked_headline_cards_is_a_teaser_list():
    lines = segment_html(f"<body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article>{CARDS}</body>")
    [(cards, members)] = teaser_lists(lines)
    assert cards.tolist() == members.tolist() == [2, 3, 4, 5, 6, 7]
    # The article's paragraphs are elements of their own in one parent: no cards.
    assert teaser_lists(segment_html(f"<body><article>{'<p>' + ARTICLE + '</p>' * 4}</article></body>")) == []


def test_two_cards_or_cards_without_a_linked_headline_are_no_list():
    two = "<ul>" + card("Ferry timetable changes for the winter", "Fewer crossings.") * 2 + "</ul>"
    assert teaser_lists(segment_html(f"<body>{two}</body>")) == []
    unlinked = CARDS.replace("<a href='/s'>", "").replace("</a>", "")
    assert teaser_lists(segment_html(f"<body>{unlinked}</body>")) == []
    long = CARDS.replace("Stalls open at six.", ARTICLE * 8).replace("A farewell on the quay.", ARTICLE * 8)
    assert teaser_lists(segment_html(f"<body>{long}</body>")) == []  # two long items: one card left


def test_cards_after_the_article_go_cards_before_it_or_without_it_stay():
    after = segment_html(f"<body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article>{CARDS}</body>")
    keep = np.ones(len(after), dtype=bool)
    content = np.array([0.99, 0.99] + [0.5] * 6)
    assert without_trailing_teasers(after, keep, content).tolist() == [True, True] + [False] * 6
    # Not sure of the article: nothing goes.
    unsure = np.array([0.8, 0.8] + [0.5] * 6)
    assert without_trailing_teasers(after, keep, unsure).tolist() == keep.tolist()
    # A shop's category page: the cards are the page, an introduction above them is short.
    category = segment_html(f"<body><p>Our harbour news, week by week.</p>{CARDS}</body>")
    keep = np.ones(len(category), dtype=bool)
    assert without_trailing_teasers(category, keep, np.full(len(category), 0.99)).all()
    # Cards above the article (a "most read" bar) stay to the other rules.
    before = segment_html(f"<body>{CARDS}<article><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body>")
    keep = np.ones(len(before), dtype=bool)
    assert without_trailing_teasers(before, keep, np.array([0.5] * 6 + [0.99, 0.99])).all()


def test_a_sure_summary_in_a_card_list_that_goes_does_not_save_the_list_above_it():
    # "Read next" cards, then a "More from us" list whose first card has a long, sure summary.
    more = CARDS.replace("Fewer crossings from November.", ARTICLE).replace("class='more'", "class='other'")
    lines = segment_html(f"<body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article>{CARDS}{more}</body>")
    keep = np.ones(len(lines), dtype=bool)
    content = np.array([0.99, 0.99] + [0.5] * 6 + [0.5, 0.99] + [0.5] * 4)
    assert without_trailing_teasers(lines, keep, content).tolist() == [True, True] + [False] * 12
    # Without the article above them, the summary is the page's last sure paragraph before neither list.
    alone = segment_html(f"<body>{CARDS}{more}</body>")
    assert without_trailing_teasers(alone, np.ones(len(alone), dtype=bool), content[2:]).all()


def test_plain_text_lines_have_no_teaser_lists():
    assert (
        teaser_lists([Line(index=i + 1, text="Ferry timetable changes for winter") for i in range(5)]) == []
    )
    assert teaser_lists([]) == []


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
