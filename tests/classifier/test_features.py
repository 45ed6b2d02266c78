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


# Lines that test the page-wide counting: empty, NUL and newline inside, a separator at either end, a
# lone surrogate, unspaced script, title-case digraphs, and counts past the log table.
ODD_LINES = [
    "",
    " ",
    "a\x00b | c",
    "| x",
    "x |",
    "End.",
    "a\nb. c",
    "İstanbul ÇOK güzel",
    "日本語の文章です。これは、",
    "ǅemal Ǆ ǈ x",
    "\ud800x",
    "TermsPrivacyCookie settings",
    "© 2020 (C) Copyright, all",
    "x" * 5000,
]


def test_character_counts_match_the_per_line_definitions():
    import re

    from classifier.features import _DIGITS, _LETTERS, _QUOTES, _UNSPACED, _UPPERS, _char_counts

    glued = re.compile(r"[a-zß-öø-ÿа-я][A-ZÀ-ÖØ-ÞА-Я]")
    sentence_end = re.compile(r"[.!?。！？](?:\s|$)")
    lines = [*ODD_LINES, 'He said "no." Then left.\tThe END.\n', "aBcD.eF!", "Ä.\u2003Ёж."]
    counts = _char_counts(lines)
    for i, text in enumerate(lines):
        initials = [word[0] for word in text.split() if word[0].isalpha()]
        assert counts.chars[i] == len(text)
        assert counts.letters[i] == sum(map(len, _LETTERS.findall(text)))
        assert counts.digits[i] == sum(map(len, _DIGITS.findall(text)))
        assert counts.upper[i] == sum(map(len, _UPPERS.findall(text)))
        assert counts.unspaced[i] == len(_UNSPACED.findall(text))
        assert counts.spaces[i] == text.count(" ")
        assert counts.commas[i] == text.count(",") + text.count("、") + text.count("，")
        assert counts.initials[i] == len(initials)
        assert counts.capital_initials[i] == sum(map(str.isupper, initials))
        assert counts.quotes[i] == len(_QUOTES.findall(text))
        assert counts.glued[i] == len(glued.findall(text)), text
        assert counts.sentence_ends[i] == len(sentence_end.findall(text)), text


def test_page_wise_counts_and_hints_read_each_line_as_alone():
    import re

    from classifier.features import _COPYRIGHT_WORDS, _SEPARATORS, _URL_HINTS, _separators
    from classifier.pagetext import holding

    lines = [*ODD_LINES, 'He said "no." | Then | left.', "a | b", "www.x.com (c) copyright", "a / b", "x»y"]
    assert _separators(lines).tolist() == [len(_SEPARATORS.findall(text)) for text in lines]
    for needles in (_URL_HINTS, _COPYRIGHT_WORDS):
        pattern = re.compile("|".join(map(re.escape, needles)))
        assert holding(lines, needles).tolist() == [pattern.search(text) is not None for text in lines]


def test_log_table_is_math_log1p():
    import math

    from classifier.features import _log1p

    counts = np.array([[0, 1, 7], [4095, 4096, 123456]])
    assert _log1p(counts).tolist() == [[math.log1p(k) for k in row] for row in counts.tolist()]


FOREIGN_LINES = [
    "Home",
    "The council voted on Tuesday to build a new footbridge over the river.",
    "Der Rat hat am Dienstag beschlossen, eine neue Brücke zu bauen, und die Stadt zahlt.",
    "Le conseil a voté mardi pour la construction d'un pont, et la ville paie.",
    "Совет проголосовал во вторник за строительство нового моста и города.",
    "市议会周二投票决定修建一座新的人行桥。",
    "東京の天気は晴れです。明日も晴れるでしょう。",
    "abc αβγ",  # three Latin and three Greek letters: the first seen wins the tie
    "αβγ abc",
    "de la de la the and the and",  # a tie between languages: the first seen wins
    "",
    "12 345 --- !!",
    "İstanbul'da bir köprü yapılacak ve bu çok güzel bir haber",
    "og det er ikke en dag for at være ude",
]


def test_page_wise_scripts_and_languages_match_the_line_by_line_definitions():
    from classifier.features import _line_language, _line_languages, _script, _scripts
    from classifier.lexicon import words

    tokens = [words(text.lower()) for text in FOREIGN_LINES]
    assert _scripts(FOREIGN_LINES) == [_script(text) for text in FOREIGN_LINES]
    assert _line_languages(tokens) == [_line_language(t) for t in tokens]
    assert {"latin", "cyrillic", "cjk", "greek"} <= set(_scripts(FOREIGN_LINES))
    assert len({lang for lang in _line_languages(tokens) if lang}) >= 3


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
