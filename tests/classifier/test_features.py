import numpy as np

from classifier.features import FEATURE_NAMES, page_features
from classifier.segment import segment_text

PAGE = """Home
News
Sport
We use cookies and similar technologies. By clicking Accept all you consent to our partners' processing.
Accept all
City council approves the new bridge
The council voted on Tuesday to build a new footbridge over the river, after a debate that lasted most of the evening and drew a large crowd.
Residents had asked for the crossing for years, and the plan now goes to the regional authority for funding.
Funding
The cost is put at four million euros, which the city hopes to share with the region and with the state.
© 2026 Example Media. All rights reserved.
"""


def column(matrix: np.ndarray, name: str) -> np.ndarray:
    return matrix[:, FEATURE_NAMES.index(name)]


def test_shape_and_names():
    lines = segment_text(PAGE)
    x = page_features(lines)
    assert x.shape == (len(lines), len(FEATURE_NAMES))
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)
    assert np.isfinite(x).all()
    assert x.dtype == np.float32


def test_empty_page():
    assert page_features([]).shape == (0, len(FEATURE_NAMES))


def test_cues_fire_on_banner_lines_not_on_prose():
    lines = segment_text(PAGE)
    x = page_features(lines)
    consent = column(x, "cue_consent")
    assert consent[3] > 0 and consent[4] > 0
    assert consent[6] == 0
    assert column(x, "cue_other")[-1] > 0  # the copyright line


def test_prose_has_more_function_words_than_a_menu():
    x = page_features(segment_text(PAGE))
    density = column(x, "stopword_density")
    assert density[6] > 0.2
    assert density[0] == 0


def test_main_run_covers_the_article_not_the_menu():
    x = page_features(segment_text(PAGE))
    in_main = column(x, "in_main")
    assert in_main[6] == 1 and in_main[7] == 1 and in_main[9] == 1
    assert in_main[0] == 0 and in_main[1] == 0


def test_neighbour_features_look_at_the_neighbours():
    x = page_features(segment_text(PAGE))
    # The short "Funding" subheading sits between two prose paragraphs.
    assert column(x, "n-1_prose")[8] == 1 and column(x, "n+1_prose")[8] == 1
    assert column(x, "prose")[8] == 0
    assert column(x, "n-1_prose")[0] == 0  # nothing before the first line


def test_currency_signs_are_paywall_cues_only_beside_a_number():
    from classifier.lexicon import CUE_CONCEPTS, lexicon

    paywall = CUE_CONCEPTS.index("paywall")
    counts = lexicon().cue_counts(["first month € 0.99, then 7 $", "$ cargo build --release", "echo $home"])
    assert counts[0][paywall] >= 2
    assert counts[1][paywall] == 0
    assert counts[2][paywall] == 0


LISTING = """Jobs in Rotterdam
Sort by: newest
Warehouse team lead
Rotterdam · full time · posted 2 days ago
Junior data analyst
Rotterdam · hybrid · posted 3 days ago
Night-shift nurse, cardiology ward
Schiedam · part time · posted 5 days ago
Bicycle mechanic
Rotterdam · full time · posted 1 week ago
Next page
"""


def test_page_kind_columns_tell_a_list_page_from_an_article():
    article, listing = page_features(segment_text(PAGE)), page_features(segment_text(LISTING))
    for name in ("page_prose_share", "page_main_words_share", "page_log_prose_lines"):
        # One value per page, the same on every line of it.
        assert np.ptp(column(article, name)) == 0 and np.ptp(column(listing, name)) == 0, name
        assert column(article, name)[0] > column(listing, name)[0], name
    assert 0 < column(article, "page_prose_share")[0] < 1
    assert column(article, "page_main_words_share")[0] <= 1
