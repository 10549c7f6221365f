"""The prose checks catch the slips they are for (and pass clean text)."""

from __future__ import annotations

from petavatar.domain.prose import (
    grammar_violations,
    grammatical_persons,
    normalise_sentence,
    sentences,
)


def test_sentences_split_but_keep_abbreviations() -> None:
    text = "Meets at 4:59 p.m. Every day. Ask why!\n\nNew paragraph here."
    assert sentences(text) == ["Meets at 4:59 p.m. Every day.", "Ask why!", "New paragraph here."]


def test_clean_text_has_no_violations() -> None:
    assert grammar_violations("Greg is calm, kind and funny. He ships on time.") == []
    # "and" inside a hyphenated word is part of the word, not a second list "and".
    assert grammar_violations("My name is Greg, and I'm an up-and-coming Analyst.") == []
    assert grammar_violations("Greg is calm, kind and up-and-coming and fun.") != []


def test_each_slip_is_caught() -> None:
    slips = {
        "lower start. Fine.": "not capitalised",
        "No full stop": "not punctuated",
        "The the cat sat.": "doubled word",
        "Powered by grit, polish and calm and a personal brand.": "'and … and' list",
        "Friends describe Heidi as loyal, loving and confident guardian;": "not punctuated",
        "Space before , comma.": "space before punctuation",
    }
    for text, problem in slips.items():
        assert any(problem in v for v in grammar_violations(text)), text


def test_grammatical_person() -> None:
    assert grammatical_persons("I'm Greg. I ship.", "Greg Barnes") == {"first"}
    assert grammatical_persons("Greg ships. His team agrees.", "Greg Barnes") == {"third"}
    mixed = "I'm Greg. Greg ships on time."
    assert grammatical_persons(mixed, "Greg Barnes") == {"first", "third"}
    assert grammatical_persons('Greg says "I love it" often.', "Greg Barnes") == {"third"}
    assert grammatical_persons("Greg is known for 'per my last email'.", "Greg") == {"third"}


def test_normalise_sentence_hides_names() -> None:
    assert normalise_sentence("Greg Barnes met Greg.", ("Greg Barnes", "Greg")) == (
        "<name> met <name>."
    )
