"""The shipped model end to end, on the canonical example and on pages written here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from classifier import InputError, Label

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

EXAMPLE = SHARED / "examples" / "de-news-adwall.txt"


@pytest.fixture(scope="module")
def example_page(shipped_model):
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is absent (it ships in ../shared beside the project)")
    return shipped_model.classify_text(EXAMPLE.read_text(encoding="utf-8"))


@pytest.mark.xfail(
    strict=True,
    reason="known miss (docs/quality.md): the gallery teaser (22) reads like a headline of the article; "
    "strict, so a model that fixes it must update this",
)
def test_example_keeps_exactly_the_article(example_page):
    kept = [r.line.index for r in example_page.lines if r.keep]
    assert kept == [*range(12, 22), *range(23, 28)]


def test_example_keeps_the_whole_article(example_page):
    kept = {r.line.index for r in example_page.lines if r.keep}
    assert set(range(12, 22)) | set(range(23, 28)) <= kept


def test_example_removes_the_consent_notice_and_the_offers(example_page):
    labels = {r.line.index: r.label for r in example_page.lines}
    kept = {r.line.index for r in example_page.lines if r.keep}
    assert all(labels[i] is Label.CONSENT for i in (1, 2, 3)), labels
    assert not kept & set(range(1, 12))


def test_example_labels_the_wall_adblock_or_paywall(example_page):
    labels = {r.line.index: r.label for r in example_page.lines}
    assert all(labels[i] in (Label.ADBLOCK, Label.PAYWALL) for i in range(4, 12)), labels


def test_example_findings(example_page):
    assert example_page.consent_banner.present
    assert example_page.adblock_wall.present
    assert example_page.language == "de"


def test_every_line_has_a_probability_per_label(example_page):
    for result in example_page.lines:
        assert set(result.probabilities) == {str(label) for label in Label}
        assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
        assert result.confidence == pytest.approx(result.probabilities[str(result.label)], abs=1e-4)


ARTICLE = """Menu
Home
Politics
Sport
We use cookies and similar technologies to personalise content and ads. By clicking "Accept all" you agree to this and to the processing of your data by our 120 partners.
Accept all
Manage preferences
Harbour town votes to rebuild its old pier
The timber structure, closed since a storm three winters ago, will be replaced by a concrete pier with a small museum at its end, the town council decided on Thursday evening.
Councillors approved the plan by eleven votes to four after a debate that ran well past midnight, with residents filling the public gallery and the corridor outside.
"We have waited long enough for this," said the harbour master, who has argued for the rebuild since the storm.
What happens next
Work is due to start in the spring and should take about eighteen months, although the contractor warned that bad weather could delay the final stage.
© 2026 Harbour Weekly. All rights reserved.
"""


def test_an_article_with_a_consent_banner(shipped_model):
    page = shipped_model.classify_text(ARTICLE)
    kept = [r.line.text for r in page.lines if r.keep]
    assert kept[0] == "Harbour town votes to rebuild its old pier"
    assert "Accept all" not in kept and "Manage preferences" not in kept
    assert not any("cookies" in line for line in kept)
    assert not any(line.startswith("©") or line in ("Menu", "Home", "Sport") for line in kept)
    assert sum(line.startswith(("The timber", "Councillors", '"We have', "Work is")) for line in kept) == 4
    assert page.consent_banner.present
    assert not page.adblock_wall.present


@pytest.mark.xfail(
    strict=True,
    reason="known miss (docs/quality.md): 0.6.0 and 0.7.0 read the three-word subheading before the last "
    "paragraph as a paywall's teaser line (P(content) 0.28); strict, so a model that keeps it again must update this",
)
def test_a_late_subheading_stays(shipped_model):
    # A coin toss for a while (kept by 0.4.0, 0.4.2 and 0.5.2, dropped by 0.4.1, 0.4.3, 0.5.0, 0.5.1 and
    # 0.6.0; docs/quality.md): a model that drops it must mark it as a known miss, not pass quietly.
    kept = [r.line.text for r in shipped_model.classify_text(ARTICLE).lines if r.keep]
    assert "What happens next" in kept


def test_empty_text_is_an_empty_page(shipped_model):
    page = shipped_model.classify_text("\n\n  \n")
    assert page.lines == () and page.text == ""
    assert not page.consent_banner.present


def test_line_cap(shipped_model):
    with pytest.raises(InputError) as err:
        shipped_model.classify_text("x\n" * 101, max_lines=100)
    assert err.value.code == "too_many_lines"


FERRY = """<html lang=en><body><nav><a href=/>Home</a> <a href=/w>World</a> <a href=/s>Sport</a></nav>
<main><article><h1>The ferry returns to the island</h1>
<div class="story-body"><p>After eight months of repairs, the old ferry made its first crossing to the island
on Saturday morning, carrying forty passengers and a van of fresh bread.</p>
<p>The harbour master said the engine had been rebuilt from the ground up, and that the crossing now takes
twenty minutes instead of half an hour.</p>
<p>Islanders had relied on a smaller boat since the spring, which could not carry cars and often stayed in
port when the wind rose.</p>
<p>The council plans a second ferry for the summer season, when visitors double the island's population.</p>
</div></article>
<section class="reader-comments"><h2>12 comments</h2>
<div class=c><p>marina_k</p><p>I took the small boat every week for months and I am so glad this is over, the
new engine sounds great.</p></div>
<div class=c><p>old_salt</p><p>Twenty minutes is still too long if you ask me, they should have bought a new
ship years ago.</p></div>
<div class=c><p>jb1970</p><p>Does anyone know whether the early morning crossing will run on Sundays as well
this summer?</p></div>
</section></main><footer><p>© 2026 Island Courier</p></footer></body></html>"""


def test_html_mode_drops_the_comments_beside_the_article(shipped_model):
    # The text heads alone read the comments as prose worth keeping; the article's container
    # (classifier/html_rules.py) asks more of lines outside it.
    page = shipped_model.classify_html(FERRY)
    kept = [r.line.text for r in page.lines if r.keep]
    assert kept[0] == "The ferry returns to the island"
    assert len(kept) == 5 and all(not t.startswith(("I took", "Twenty minutes", "Does anyone")) for t in kept)


def test_html_mode_gives_the_headline_the_page_s_title_names_as_the_title(shipped_model):
    html = FERRY.replace(
        "<body>", "<head><title>The ferry returns to the island | Island Courier</title></head><body>", 1
    )
    assert html != FERRY
    page = shipped_model.classify_html(html)
    headline = next(r for r in page.lines if r.line.text == "The ferry returns to the island")
    assert page.title == headline.line.text and page.title_line == headline.line.index
    # The headline is the article's (content), given as the title and not in the body text.
    assert headline.label == Label.CONTENT and not headline.keep
    assert page.text.split("\n")[0] != page.title
    assert page.text == shipped_model.classify_html(FERRY).text.split("\n", 1)[1]
    # Without a title naming it, the headline stays in the text; text mode has no title.
    assert shipped_model.classify_html(FERRY).title is None
    assert shipped_model.classify_text("The ferry returns to the island\nThe ferry is back.").title is None


def test_html_mode_caps_the_lines(shipped_model):
    with pytest.raises(InputError) as err:
        shipped_model.classify_html("<p>one</p><p>two</p><p>three</p>", max_lines=2)
    assert err.value.code == "too_many_lines"
    assert len(shipped_model.classify_html("<p>one</p><p>two</p>", max_lines=2).lines) == 2


def test_html_mode_reads_structure(shipped_model):
    html = (
        "<html><body><div id='onetrust-banner-sdk'><p>We use cookies to improve your experience "
        "and for ads.</p><button>Accept all</button></div><nav><a href='/'>Home</a><a href='/n'>News</a>"
        "</nav><article><h1>A bridge opens</h1><p>The new bridge over the river opened on Monday after "
        "two years of work, and hundreds of people walked across it in the first hour.</p><p>The mayor "
        "said the crossing would cut the trip to the station by ten minutes for most of the town.</p>"
        "</article></body></html>"
    )
    page = shipped_model.classify_html(html)
    kept = [r.line.text for r in page.lines if r.keep]
    assert "A bridge opens" in kept
    assert any(t.startswith("The new bridge") for t in kept)
    assert "Accept all" not in kept
    assert page.consent_banner.present


def test_html_keeps_headings_whole_but_not_a_share_boxs(shipped_model):
    from classifier.dom import segment_html
    from classifier.types import LABELS

    prose = "The harbour reopened on Monday after three weeks of repairs to the northern pier."
    lines = segment_html(
        f"<body><article><h2>Results</h2><p>{prose}</p><p>Ferries run again. {prose}</p>"
        "<h3>Share this page</h3></article></body>"
    )
    proba = np.zeros((len(lines), len(LABELS)))
    proba[:, 0] = [0.05, 0.99, 0.99, 0.05]  # both headings read as clutter by the heads
    proba[0, LABELS.index(Label.NAVIGATION)] = 0.95
    proba[3, LABELS.index(Label.SOCIAL)] = 0.95
    keep = shipped_model.keep_decisions(lines, proba, structured=True)
    assert keep.tolist() == [True, True, True, False]


def test_a_second_copy_of_the_article_does_not_keep_the_cards_before_it(shipped_model):
    from classifier.dom import segment_html
    from classifier.types import LABELS

    prose = "The harbour reopened on Monday after three weeks of repairs to the northern pier and its lights."
    cards = "".join(
        f"<li><div><h3><a href='/s{i}'>{title}</a></h3><p>{summary}</p></div></li>"
        for i, (title, summary) in enumerate(
            [
                ("Ferry timetable changes for the winter season", "Fewer crossings from November."),
                ("Harbour master retires after forty years", "A farewell on the quay."),
                ("New fish market opens on the east pier", "Stalls open at six."),
            ]
        )
    )
    # The article, the other stories' cards, then a hidden print copy of the article's paragraph.
    lines = segment_html(
        f"<body><article><p>{prose}</p><p>Ferries run again. {prose}</p></article>"
        f"<ul>{cards}</ul><div class='print-copy'><p>{prose}</p></div></body>"
    )
    proba = np.zeros((len(lines), len(LABELS)))
    proba[:, 0] = [0.99, 0.99] + [0.6] * 6 + [0.99]
    proba[:, LABELS.index(Label.NAVIGATION)] = 1.0 - proba[:, 0]
    keep = shipped_model.keep_decisions(lines, proba, structured=True)
    assert keep.tolist() == [True, True] + [False] * 7


def test_each_mode_s_one_text_product_is_each_of_its_heads_own(shipped_model):
    from classifier.segment import segment_text

    lines = segment_text("We use cookies.\nAccept all\nThe council voted on Tuesday to build a footbridge.")
    sparse = shipped_model.heads.texts[0].sparse_page(lines)
    for structured, heads in (
        (False, shipped_model.heads.texts),
        (True, [*shipped_model.heads.dom_texts, *shipped_model.heads.htmls]),
    ):
        products = shipped_model.text_layers[structured].products(sparse)
        assert len(products) == len(heads)
        for head, product in zip(heads, products, strict=True):
            assert (
                np.asarray(sparse @ head.text_.sparse_coef_t).tobytes()
                == np.ascontiguousarray(product).tobytes()
            )


def test_html_mode_averages_the_html_heads(shipped_model):
    from classifier.dom import read_html
    from classifier.model import html_dense

    lines = read_html(
        "<nav><a href='/'>Home</a><a href='/world'>World</a></nav><h1>Harbour town votes to rebuild its pier</h1>"
        "<p>The timber structure, closed since a storm, will be replaced, the council decided.</p>"
        "<div id='onetrust-banner-sdk'><p>We use cookies to personalise content and ads.</p>"
        "<button>Accept all</button></div>"
    ).lines
    _, p_html = shipped_model.head_probabilities(lines, structured=True)
    own = [head.predict_proba_page(lines, dense=html_dense(lines)) for head in shipped_model.heads.htmls]
    assert len(own) == 2 and not np.allclose(own[0], own[1])  # two draws, not one head twice
    assert p_html is not None and np.allclose(p_html, np.mean(own, axis=0), atol=1e-6)


def test_each_mode_reads_its_own_text_heads(shipped_model):
    from classifier.dom import read_html

    lines = read_html(
        "<h1>Harbour town votes to rebuild its pier</h1><h2>What happens next</h2>"
        "<p>The timber structure, closed since a storm, will be replaced, the council decided.</p>"
        "<h2>What happens next</h2><p>Work is due to start in the spring.</p>"
    ).lines
    heads = shipped_model.heads
    assert len(heads.texts) == len(heads.dom_texts) == 2

    def mean(models):
        return np.mean([head.predict_proba_page(lines) for head in models], axis=0)

    p_text, _ = shipped_model.head_probabilities(lines, structured=False)
    p_dom, _ = shipped_model.head_probabilities(lines, structured=True)
    np.testing.assert_allclose(p_text, mean(heads.texts), atol=1e-9)
    np.testing.assert_allclose(p_dom, mean(heads.dom_texts), atol=1e-9)
    assert not np.allclose(p_text, p_dom)  # trained on other pages (with and without the repeats)
