"""Line scripts and languages: the page-wise readings give the line-by-line definitions' answers."""

from classifier.lexicon import words
from classifier.scripts import _line_language, _line_languages, _script, _scripts

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
    tokens = [words(text.lower()) for text in FOREIGN_LINES]
    assert _scripts(FOREIGN_LINES) == [_script(text) for text in FOREIGN_LINES]
    assert _line_languages(tokens) == [_line_language(t) for t in tokens]
    assert {"latin", "cyrillic", "cjk", "greek"} <= set(_scripts(FOREIGN_LINES))
    assert len({lang for lang in _line_languages(tokens) if lang}) >= 3
