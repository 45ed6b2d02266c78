from dataclasses import fields

from classifier.types import Label, Line, LineResult, make_line, make_result


def test_make_line_builds_the_same_line_as_the_constructor() -> None:
    values = {
        "index": 3,
        "text": "Read more",
        "tag": "a",
        "heading": 2,
        "path": ("nav", "menu"),
        "ancestors": ("html", "body", "nav"),
        "link_chars": 9,
        "in_form": True,
        "in_button": False,
        "in_dialog": True,
        "in_nav": True,
        "in_header": False,
        "in_footer": True,
        "in_aside": False,
        "in_article": True,
        "depth": 7,
        "blocks": (1, 4, 9),
    }
    assert list(values) == [f.name for f in fields(Line)]  # every field, in Line's order
    made = make_line(*values.values())
    assert made == Line(**values)
    assert repr(made) == repr(Line(**values))
    assert hash(made) == hash(Line(**values))


def test_make_result_builds_the_same_result_as_the_constructor() -> None:
    line = Line(index=1, text="Accept all")
    values = {
        "line": line,
        "label": Label.CONSENT,
        "confidence": 0.9,
        "keep": False,
        "probabilities": {"consent": 0.9, "content": 0.1},
    }
    assert list(values) == [f.name for f in fields(LineResult)]
    made = make_result(*values.values())
    assert made == LineResult(**values)
    assert repr(made) == repr(LineResult(**values))
