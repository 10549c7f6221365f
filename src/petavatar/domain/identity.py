"""Compose the identity package (step 4) from the analysis, the career and breed facts.

This is the one entry point the offline provider (and any other writer) needs: it
chooses the name, writes the bio, skills, trajectory and "Separated at Birth?"
parallels, and computes the similarity breakdown, all deterministically from
``seed`` (use the photo fingerprint to derive it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis
from petavatar.domain.naming import ChosenName, choose_name
from petavatar.domain.similarity import similarity_breakdown
from petavatar.domain.writing import (
    career_trajectory,
    choose_skills,
    field_phrases,
    uncanny_parallels,
    write_bio,
)

__all__ = ["compose_identity", "persona_name"]


def _field_skills(career: CareerProfile) -> tuple[str, ...]:
    field = field_phrases(career)
    return field.skills if field is not None else ()


def persona_name(
    analysis: PetAnalysis, *, group: str, size: str, origin: str, seed: int
) -> ChosenName:
    """The persona's name, exactly as :func:`compose_identity` chooses it.

    Pure and cheap, so a step that runs beside the identity writer (the avatar
    renderer, which needs the name's presentation) can recompute it rather than
    wait for the identity package.
    """
    return choose_name(
        analysis.species,
        analysis.breed,
        group,
        size,
        origin,
        seed,
        pet_name=analysis.pet_name,
    )


def compose_identity(
    analysis: PetAnalysis,
    career: CareerProfile,
    *,
    group: str,
    size: str,
    origin: str,
    temperament: Sequence[str],
    career_skills: Sequence[str],
    past_roles: Sequence[str],
    future_roles: Sequence[str],
    breed_baseline: Mapping[str, float] | None,
    seed: int,
) -> IdentityPackage:
    """Build a valid :class:`IdentityPackage` for this pet and career.

    ``group``, ``size``, ``origin`` and ``temperament`` come from the breed table;
    ``career_skills``, ``past_roles`` and ``future_roles`` from the career catalog;
    ``breed_baseline`` (dimension → expected score) feeds the trait alignment.
    The job title and seniority are copied from ``career``; the similarity score is
    the breakdown's weighted score, so the package always validates.
    """
    name = persona_name(analysis, group=group, size=size, origin=origin, seed=seed)
    bio = write_bio(analysis, career, name.full, origin=origin, temperament=temperament, seed=seed)
    breakdown = similarity_breakdown(
        analysis,
        career.confidence,
        name.fit,
        breed_baseline=breed_baseline,
        attire_style=career.attire_style,
        work_style=career.work_style,
    )
    return IdentityPackage(
        human_name=name.full,
        job_title=career.job_title,
        seniority=career.seniority,
        bio=bio,
        skills=choose_skills(analysis, career_skills, seed, _field_skills(career)),
        career_trajectory=career_trajectory(career, past_roles, future_roles, seed),
        similarity_score=breakdown.weighted_score(),
        similarity_breakdown=breakdown,
        uncanny_parallels=uncanny_parallels(analysis, career, name.full, seed),
    )
