"""Checks on written prose: sentences, grammar slips and grammatical person.

Used by the tests and by ``bench/persona_bench.py`` to judge every bio the writing
rules produce; pure functions over strings.

* :func:`sentences` splits a text into sentences (after ``.``, ``!`` or ``?``
  followed by a space and a capital letter, digit or quote), keeping abbreviations
  such as "p.m." and "e.g." inside their sentence.
* :func:`grammar_violations` lists the slips a reader would notice: a sentence that
  does not start with a capital (or a digit or quote) or does not end with ``.``,
  ``!``, ``?`` or a closing quote or bracket; a doubled word ("the the"); a list
  with two "and"s joined by commas ("a, b and c and d"); a dangling separator
  (";" or "," before the end); a stray space before punctuation.
* :func:`grammatical_persons` says which persons a text is written in: "first"
  when it uses I/me/my, "third" when it names someone by name or he/she/they.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["grammar_violations", "grammatical_persons", "normalise_sentence", "sentences"]

_SENTENCE_END: Final[re.Pattern[str]] = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[A-Z0-9\"'(])")
_ABBREVIATIONS: Final[tuple[str, ...]] = ("p.m.", "a.m.", "e.g.", "i.e.", "vs.", "etc.", "St.")
_DOUBLED: Final[re.Pattern[str]] = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
#: Two free-standing "and"s after a comma; "and" inside a hyphenated word
#: ("up-and-coming", "rock-and-roll") is part of that word.
_AND: Final[str] = r"(?<![\w-])and(?![\w-])"
_AND_AND_LIST: Final[re.Pattern[str]] = re.compile(rf",[^,;.:!?()]*{_AND}[^,;.:!?()]*{_AND}")
_FIRST_PERSON: Final[re.Pattern[str]] = re.compile(r"\b(I|I'm|I've|I'd|me|my|mine|myself)\b")
_THIRD_PERSON: Final[re.Pattern[str]] = re.compile(
    r"\b(he|she|him|her|his|hers|himself|herself)\b", re.IGNORECASE
)
_DOUBLED_ALLOWED: Final[frozenset[str]] = frozenset({"that", "had", "is"})


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, in order (paragraph breaks also split)."""
    out: list[str] = []
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        protected = paragraph
        for i, abbreviation in enumerate(_ABBREVIATIONS):
            protected = protected.replace(abbreviation + " ", f"\x00{i}\x00 ")
        for part in _SENTENCE_END.split(protected):
            for i, abbreviation in enumerate(_ABBREVIATIONS):
                part = part.replace(f"\x00{i}\x00", abbreviation)
            if part.strip():
                out.append(part.strip())
    return out


def normalise_sentence(sentence: str, names: tuple[str, ...] = ()) -> str:
    """The sentence with the given names replaced by ``<name>``, lower-cased."""
    for name in sorted((n for n in names if n), key=len, reverse=True):
        sentence = re.sub(rf"\b{re.escape(name)}\b", "<name>", sentence)
    return sentence.lower()


def _sentence_problems(sentence: str) -> list[str]:
    problems: list[str] = []
    if not re.match(r"[A-Z0-9\"'(]", sentence):
        problems.append(f"not capitalised: {sentence!r}")
    if not re.search(r"[.!?][\"')]?$", sentence):
        problems.append(f"not punctuated: {sentence!r}")
    for match in _DOUBLED.finditer(sentence):
        if match.group(1).lower() not in _DOUBLED_ALLOWED:
            problems.append(f"doubled word {match.group(0)!r}: {sentence!r}")
    if _AND_AND_LIST.search(sentence):
        problems.append(f"'and … and' list: {sentence!r}")
    if re.search(r"[;,]\s*$|[;,][.!?]", sentence):
        problems.append(f"dangling separator: {sentence!r}")
    if re.search(r"\s[,.;:!?]", sentence):
        problems.append(f"space before punctuation: {sentence!r}")
    return problems


def grammar_violations(text: str) -> list[str]:
    """Every slip :func:`_sentence_problems` finds, sentence by sentence."""
    return [problem for s in sentences(text) for problem in _sentence_problems(s)]


def grammatical_persons(text: str, name: str = "") -> set[str]:
    """``{"first"}``, ``{"third"}``, both, or neither, for the narrative voice of ``text``.

    Quoted speech (double or single quotes) is ignored (a quote may say "I"). Third
    person is signalled by he/she pronouns or by the persona's ``name`` outside an
    introduction ("I'm Greg").
    """
    unquoted = re.sub(r"\"[^\"]*\"", " ", text)
    unquoted = re.sub(r"(?<![A-Za-z])'[^']*'(?![A-Za-z])", " ", unquoted)
    persons: set[str] = set()
    if _FIRST_PERSON.search(unquoted):
        persons.add("first")
    if _THIRD_PERSON.search(unquoted):
        persons.add("third")
    first = name.split()[0] if name.split() else ""
    introduced = re.sub(rf"\b(I'm|I am|call me|name is) {re.escape(name or '-')}", " ", unquoted)
    introduced = re.sub(rf"\b(I'm|I am|call me|name is) {re.escape(first or '-')}", " ", introduced)
    if first and re.search(rf"\b{re.escape(first)}\b", introduced):
        persons.add("third")
    return persons
