"""Variety and clean writing of real personas over the labelled fixture photos.

The thresholds sit well below what ``bench/persona_bench.py`` measures (see the
issue note), so the method has to keep spreading personas, not this photo set.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path

import pytest

from petavatar.domain import careers as catalog
from petavatar.domain.breeds import lookup_breed
from petavatar.domain.models import (
    SENIORITIES,
    CareerProfile,
    IdentityPackage,
    PetAnalysis,
    PetHints,
)
from petavatar.domain.prose import (
    grammar_violations,
    grammatical_persons,
    normalise_sentence,
    sentences,
)
from petavatar.domain.writing import role_level, writing_tables
from petavatar.errors import NoPetFoundError
from petavatar.providers.local.classifier import ImageClassifier
from petavatar.providers.local.provider import LocalProvider
from petavatar.rendering.decode import load_image
from petavatar.rendering.report_card import three_parallels
from tests.conftest import SHARED_PETS

pytestmark = pytest.mark.skipif(not SHARED_PETS.exists(), reason="shared fixtures not present")


@dataclass(frozen=True)
class Persona:
    analysis: PetAnalysis
    career: CareerProfile
    identity: IdentityPackage


@pytest.fixture(scope="module")
def personas(classifier: ImageClassifier) -> list[Persona]:
    provider = LocalProvider(classifier=classifier)
    found: list[Persona] = []
    for path in sorted(Path(SHARED_PETS).glob("*.jpg")):
        try:
            analysis = provider.analyze(load_image(path.read_bytes()), PetHints()).value
        except NoPetFoundError:
            continue
        career = provider.map_career(analysis).value
        found.append(Persona(analysis, career, provider.write_identity(analysis, career).value))
    assert len(found) >= 100
    return found


def test_careers_and_vibes_spread(personas: list[Persona]) -> None:
    titles = collections.Counter(p.career.job_title for p in personas)
    assert len(titles) >= 0.45 * len(personas), titles.most_common(5)
    assert titles.most_common(1)[0][1] <= 0.08 * len(personas), titles.most_common(3)
    assert len({p.analysis.vibe for p in personas}) >= 18


def test_guard_breed_personas_stay_protective(personas: list[Persona]) -> None:
    """Protective working and herding dogs land in protective fields or next to them."""
    beside = {"security", "public_safety", "risk", "law", "government", "operations", "logistics"}
    guards = [
        p
        for p in personas
        if p.analysis.species == "dog"
        and (profile := lookup_breed("dog", p.analysis.breed)).group in {"working", "herding"}
        and profile.facts["protectiveness"] == 5
    ]
    fields = [catalog.get_career(p.career.career_id).field for p in guards]
    assert len(guards) >= 4
    assert sum(field in beside for field in fields) >= 0.7 * len(fields), fields


def test_no_sentence_is_shared_by_many_bios(personas: list[Persona]) -> None:
    counts: collections.Counter[str] = collections.Counter()
    for p in personas:
        name = p.identity.human_name
        counts.update(
            {normalise_sentence(s, (name, name.split()[0])) for s in sentences(p.identity.bio)}
        )
    sentence, count = counts.most_common(1)[0]
    assert count <= 0.12 * len(personas), (sentence, count)


def test_parallel_lines_rarely_repeat(personas: list[Persona]) -> None:
    counts: collections.Counter[str] = collections.Counter()
    for p in personas:
        first = p.identity.human_name.split()[0]
        counts.update(
            normalise_sentence(line, (first,)) for line in three_parallels(p.identity, p.analysis)
        )
    line, count = counts.most_common(1)[0]
    assert count <= 4, (line, count)
    assert len(counts) >= 0.8 * sum(counts.values())


def test_every_bio_is_grammatical_and_in_one_person(personas: list[Persona]) -> None:
    problems: list[str] = []
    for p in personas:
        trajectory = p.identity.career_trajectory
        for text in (p.identity.bio, trajectory.past, trajectory.present, trajectory.future):
            problems += grammar_violations(text)
        if len(grammatical_persons(p.identity.bio, p.identity.human_name)) > 1:
            problems.append(f"mixed persons: {p.identity.bio!r}")
    assert not problems, problems[:5]


def test_skills_and_achievements_come_from_the_careers_field(personas: list[Persona]) -> None:
    fields = writing_tables().fields
    for p in personas:
        entry = catalog.get_career(p.career.career_id)
        field = fields[entry.field]
        allowed = {s.lower() for s in (*entry.skills, *field.skills)}
        assert {s.lower() for s in p.identity.skills} <= allowed, (
            entry.career_id,
            p.identity.skills,
        )
        others = {a for name, f in fields.items() if name != entry.field for a in f.achievements}
        assert not [a for a in others if a in p.identity.bio], entry.career_id


def test_trajectories_climb(personas: list[Persona]) -> None:
    for p in personas:
        entry = catalog.get_career(p.career.career_id)
        present = SENIORITIES.index(entry.seniority)
        trajectory = p.identity.career_trajectory
        positions = sorted(
            (trajectory.past.find(r), r) for r in entry.past_roles if r in trajectory.past
        )
        known = [lv for lv in (role_level(r) for _, r in positions) if lv is not None]
        assert known == sorted(known), trajectory.past
        ahead = [role_level(r) for r in entry.future_roles if r in trajectory.future]
        assert all(lv >= min(present, 2) - 1 for lv in ahead if lv is not None), trajectory.future
