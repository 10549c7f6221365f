"""The career catalog and the transparent scorer that maps a pet's personality to a job.

Step 2 of the pipeline ("map") is pure arithmetic over a curated catalog, so the
same 47-dimension vector always yields the same career, and every choice can be
explained trait by trait.

The catalog
-----------
The catalog is data: ``data/careers.toml``, one ``[[career]]`` table per career
(its header lists the fields), validated into :class:`Career` models on first use
by :func:`careers`. Each career carries a *trait signature*: 4–8 of the 47 dimensions, each
with a weight in ``[-1, 1]``. A positive weight means the career wants that
trait high (a Trial Attorney wants ``assertiveness``); a negative weight means it
wants it low (a Chief Risk Officer wants little ``risk_taking``). Careers may also
carry a small per-species affinity bonus (a cat makes a slightly better CEO, a
horse a slightly better Logistics Director).

The score (0–100, 50 = neutral)
-------------------------------
For a career with signature ``{d: w}`` and a pet with dimension values
``dims[d]`` in 0–100::

    c_d    = (dims[d] - 50) / 50                 # centred value, in [-1, 1]
    raw    = Σ_d w_d · c_d / Σ_d |w_d|           # weighted agreement, in [-1, 1]
    bonus  = species_affinity.get(species, 0)    # small, |bonus| <= 0.15
    score  = clamp(50 + 50 · (raw + bonus), 0, 100)

So a pet exactly at every signature trait's ideal extreme scores 100, a pet at
the opposite extreme scores 0, and an all-average pet scores 50. Because each
term is linear in ``dims[d]``, raising a dimension with a positive weight can
never lower the score (and raising one with a negative weight never raises it).
:func:`explain_score` returns the per-dimension terms ``50 · w_d · c_d / Σ|w|``
in score points: they sum to ``score - 50 - 50 · bonus`` (before clamping).

Ranking and confidence
----------------------
:func:`rank_careers` sorts by score, descending, ties broken by ``career_id``
(ascending) so the order is total and deterministic.

:func:`map_career` picks the winner and reports a confidence that reflects both
how well the winner fits (its score ``S1``) and how clearly it beat the
runner-up (margin ``M = S1 - S2`` in score points, capped at 10)::

    confidence = round(clamp(0.8 · S1 + 2 · min(M, 10), 0, 100))

A perfect, unambiguous fit gives 100; a neutral fit that ties with the
runner-up gives 40.

Choosing among close fits
-------------------------
:func:`map_career` does not simply take the top score; the score says how well a
career fits, not how *distinctively*, and a handful of broad careers would win for
most pets. :func:`career_fit` re-expresses each score in the terms the choice
needs (all knobs in ``data/career_affinity.toml``)::

    fit = 50 + (score − mean_c) / spread_c      # z-score, in median-spread points
        + offset_c                              # balance: every career in use
        + breed field points                    # guard → security, herding → operations
        + photo_weight · photo lean             # what this photo adds to the breed

``mean_c`` and ``spread_c`` are the career's score distribution over a reference
population: every breed of the breed table under every expression and posture
shift of ``personality.toml`` (:func:`_reference_population`). ``offset_c`` comes
from iterative proportional fitting over the same population
(:func:`_balance`): the offsets with which the softmax choice below would give
every career the same share there. Both are computed once, from the tables only,
never from photos. The breed's field points (a herding breed's operations and
logistics careers gain a few points; a protective breed's security, public-safety
and risk careers gain more) are left out of the balance, so they remain a lean.
The photo lean is the signature-weighted difference between this pet's
dimensions and its breed's baseline (expression, posture, gaze, framing, setting
and coat), so two photos of one breed lean to different careers.

:func:`choose_career` then draws in two levels, both stable per photo (Gumbel-max
over SHA-256 of the fingerprint and the option, :func:`_draw`): first a **field**
among the ``field_pool`` fields of highest inclusive value whose best career is
within ``diversity_band`` of the overall best (:func:`_field_values`), then a
**career** in that field within ``diversity_band`` of its best, each option with
odds ``exp(value / temperature)``. With one temperature for both levels this is a
flat softmax over the drawn fields' close careers (the rule the balance assumes),
the field stays one of a few plausible ones for the breed and the traits, and
every career of the field is reachable. The same photo always gets the same career.

The rationale names the 2–3 traits that contributed most to the winner's score
(using :func:`~petavatar.domain.dimensions.high_phrases` for traits the career
wants high and :func:`~petavatar.domain.dimensions.low_phrases` for traits it wants low).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from functools import cache, cached_property
from types import MappingProxyType
from typing import Annotated, Any, Final

import numpy as np
from numpy.typing import NDArray
from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    field_validator,
    model_validator,
)

from petavatar.domain.breeds import lookup_breed
from petavatar.domain.data import read_bytes, read_toml, require_known
from petavatar.domain.dimensions import DIMENSION_INDEX, DIMENSIONS, high_phrases, low_phrases
from petavatar.domain.models import (
    SPECIES,
    AttireStyle,
    BackgroundSetting,
    CareerMatch,
    CareerProfile,
    Frozen,
    PetAnalysis,
    Seniority,
    Species,
)

__all__ = [
    "MAX_SPECIES_AFFINITY",
    "Career",
    "CareerCatalog",
    "career_confidence",
    "career_profile",
    "careers",
    "explain_score",
    "get_career",
    "map_career",
    "rank_careers",
    "score_career",
    "species_bonus",
]

#: Largest allowed species affinity bonus, in raw units (0.15 raw = 7.5 score points).
MAX_SPECIES_AFFINITY: Final[float] = 0.15

#: Number of runner-up careers reported by :func:`map_career`.
RUNNER_UP_COUNT: Final[int] = 3

#: Most rounds of iterative proportional fitting in :func:`_balance`.
_BALANCE_ROUNDS: Final[int] = 200

_REFERENCE_SEED: Final[int] = 47

_SLUG: Final[str] = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

_Text = Annotated[str, Field(min_length=1)]
_Bonus = Annotated[float, Field(ge=-MAX_SPECIES_AFFINITY, le=MAX_SPECIES_AFFINITY)]


class Career(Frozen):
    """One career in the catalog: what it is, how it looks and which traits it wants.

    Validated when the catalog loads, so a typo in ``data/careers.toml`` (an unknown
    attire, a misspelt dimension) fails with a message naming the career instead of
    silently scoring zero.
    """

    career_id: Annotated[str, Field(pattern=_SLUG)]
    job_title: _Text
    seniority: Seniority
    industry: _Text
    field: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    work_style: _Text
    attire_style: AttireStyle
    background_setting: BackgroundSetting
    skills: Annotated[tuple[_Text, ...], Field(min_length=6, max_length=10)]
    past_roles: Annotated[tuple[_Text, ...], Field(min_length=2, max_length=3)]
    future_roles: Annotated[tuple[_Text, ...], Field(min_length=2, max_length=3)]
    signature: Annotated[dict[str, float], Field(min_length=4, max_length=8)]
    species_affinity: dict[str, _Bonus] = Field(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _name_the_career(cls, data: Any, handler: ModelWrapValidatorHandler[Career]) -> Career:
        """Report every problem of one entry in one line that names its ``career_id``."""
        try:
            return handler(data)
        except ValidationError as error:
            career_id = data.get("career_id") if isinstance(data, Mapping) else None
            problems = "; ".join(
                f"{'.'.join(str(part) for part in problem['loc']) or 'career'}: {problem['msg']}"
                for problem in error.errors()
            )
            raise ValueError(f"invalid career {career_id!r}: {problems}") from None

    @field_validator("signature")
    @classmethod
    def _known_dimensions_and_weights(cls, signature: dict[str, float]) -> dict[str, float]:
        for dim, weight in signature.items():
            if dim not in DIMENSION_INDEX:
                raise ValueError(f"unknown dimension {dim!r}")
            if not (-1.0 <= weight <= 1.0) or weight == 0.0:
                raise ValueError(f"weight for {dim!r} must be non-zero and in [-1, 1]")
        return signature

    @field_validator("species_affinity")
    @classmethod
    def _known_species(cls, affinity: dict[str, float]) -> dict[str, float]:
        require_known("species_affinity", affinity, SPECIES)
        return affinity

    @cached_property
    def weight_total(self) -> float:
        """Σ|w| over the signature: the normaliser that keeps the raw score in [-1, 1]."""
        return sum(abs(w) for w in self.signature.values())


class CareerCatalog(Frozen):
    """``data/careers.toml``: the careers, with unique ids and unique job titles."""

    career: Annotated[tuple[Career, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _unique(self) -> CareerCatalog:
        for field in ("career_id", "job_title"):
            values = [getattr(career, field) for career in self.career]
            repeated = sorted({value for value in values if values.count(value) > 1})
            if repeated:
                raise ValueError(f"{field} must be unique; repeated: {repeated}")
        return self


@cache
def careers() -> tuple[Career, ...]:
    """The catalog, in file order (loaded and validated once from ``data/careers.toml``)."""
    return CareerCatalog.model_validate(read_toml("careers.toml")).career


@cache
def _by_id() -> Mapping[str, Career]:
    return MappingProxyType({career.career_id: career for career in careers()})


def get_career(career_id: str) -> Career:
    """Look up a career by its slug; raise ``ValueError`` naming the problem if unknown."""
    table = _by_id()
    try:
        return table[career_id]
    except KeyError:
        raise ValueError(
            f"unknown career_id {career_id!r}; the catalog has {len(table)} careers"
        ) from None


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------


def _centred(dimensions: Mapping[str, int | float], dim: str) -> float:
    """The pet's value for ``dim`` centred to [-1, 1] (0–100 input clamped first)."""
    try:
        value = float(dimensions[dim])
    except KeyError:
        raise ValueError(f"personality dimensions are missing {dim!r}") from None
    return (min(100.0, max(0.0, value)) - 50.0) / 50.0


def species_bonus(career: Career, species: str | None) -> float:
    """The career's affinity bonus for ``species`` in raw units (0 when none or unknown)."""
    if species is None:
        return 0.0
    return career.species_affinity.get(species, 0.0)


def explain_score(
    career: Career, dimensions: Mapping[str, int | float], species: str | None = None
) -> list[tuple[str, float]]:
    """Each signature dimension's contribution to the score, in score points.

    A contribution is ``50 · w · c / Σ|w|``: positive when the pet's value pushes the
    score above 50, negative when it pulls it below. Sorted by contribution, largest
    first (ties by canonical dimension order). ``species`` is accepted for symmetry with
    :func:`score_career`; its bonus is reported by :func:`species_bonus`, not here.
    """
    del species  # the species bonus is not a dimension; see species_bonus()
    total = career.weight_total
    parts = [
        (dim, 50.0 * weight * _centred(dimensions, dim) / total)
        for dim, weight in career.signature.items()
    ]
    parts.sort(key=lambda part: (-part[1], DIMENSION_INDEX[part[0]]))
    return parts


def score_career(
    career: Career, dimensions: Mapping[str, int | float], species: str | None = None
) -> float:
    """How well a pet's 47-dimension profile fits ``career``, 0–100 (50 = neutral).

    ``score = clamp(50 + 50 · (Σ w·c / Σ|w| + species bonus), 0, 100)`` where
    ``c = (dims[d] - 50) / 50``; see the module docstring.
    """
    total = career.weight_total
    raw = sum(w * _centred(dimensions, d) for d, w in career.signature.items()) / total
    score = 50.0 + 50.0 * (raw + species_bonus(career, species))
    return min(100.0, max(0.0, score))


@cache
def _signature_dimensions() -> frozenset[str]:
    """Every dimension some career's signature uses."""
    return frozenset(dim for career in careers() for dim in career.signature)


def rank_careers(
    dimensions: Mapping[str, int | float], species: str | None = None
) -> list[tuple[Career, float]]:
    """Every career with its score, best first; ties broken by ``career_id`` ascending."""
    centred = {dim: _centred(dimensions, dim) for dim in _signature_dimensions()}
    scored = [
        (
            career,
            min(
                100.0,
                max(
                    0.0,
                    50.0
                    + 50.0
                    * (
                        sum(w * centred[d] for d, w in career.signature.items())
                        / career.weight_total
                        + species_bonus(career, species)
                    ),
                ),
            ),
        )
        for career in careers()
    ]
    scored.sort(key=lambda pair: (-pair[1], pair[0].career_id))
    return scored


def career_confidence(top_score: float, runner_up_score: float) -> int:
    """Confidence 0–100 from the winner's score and its margin over the runner-up.

    ``round(clamp(0.8 · S1 + 2 · min(S1 - S2, 10), 0, 100))``: the fit itself is worth
    up to 80 points and a clear win (10+ points ahead) up to 20 more.
    """
    margin = max(0.0, top_score - runner_up_score)
    value = 0.8 * top_score + 2.0 * min(margin, 10.0)
    return max(0, min(100, round(value)))


def _join_phrases(phrases: list[str]) -> str:
    """Join phrases as English: "a", "a and b", "a, b and c"."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _article(title: str) -> str:
    """'a' or 'an' by sound: acronyms go by letter name ("an HR", "a UX"), words by vowel."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if first[:1].lower() in "aeiou" else "a"


def career_rationale(career: Career, dimensions: Mapping[str, int | float]) -> str:
    """One sentence naming the 2–3 traits that lifted this career's score the most."""
    contributions = [part for part in explain_score(career, dimensions) if part[1] > 0.0]
    high, low = high_phrases(), low_phrases()
    phrases = [high[dim] if career.signature[dim] > 0 else low[dim] for dim, _ in contributions[:3]]
    fit = f"a natural fit for {_article(career.job_title)} {career.job_title} in {career.industry}"
    if not phrases:
        return (
            f"Chosen as the closest match in a catalog of {len(careers())} careers; "
            f"{fit}, with room to grow."
        )
    return f"Chosen for {_join_phrases(phrases)}; {fit}."


class CareerAffinity(Frozen):
    """``data/career_affinity.toml``: breed-group field points and the two-level draw."""

    diversity_band: Annotated[float, Field(ge=0.0, le=20.0)]
    temperature: Annotated[float, Field(gt=0.0, le=20.0)]
    field_pool: Annotated[int, Field(ge=1)]
    spread_floor: Annotated[float, Field(ge=0.1, le=1.0)]
    photo_weight: Annotated[float, Field(ge=0.0, le=5.0)]
    protective_fields: dict[str, Annotated[float, Field(ge=0.0, le=10.0)]]
    group_fields: dict[str, dict[str, Annotated[float, Field(ge=-10.0, le=10.0)]]]


@cache
def career_affinity() -> CareerAffinity:
    """The affinity table, loaded and validated once."""
    return CareerAffinity.model_validate(read_toml("career_affinity.toml"))


@cache
def _breed_context(species: Species, breed: str) -> tuple[str, float, Mapping[str, float]]:
    """``(group, protectiveness 0–1, baseline dimensions)`` of the pet's breed, cached."""
    from petavatar.domain.breeds import baseline_dimensions

    profile = lookup_breed(species, breed)
    protective = max(0.0, (profile.facts.get("protectiveness", 3) - 3) / 2)
    return profile.group, protective, MappingProxyType(baseline_dimensions(profile))


@cache
def _field_points(species: Species, breed: str) -> Mapping[str, float]:
    """Score points the breed adds to each field (its group's and its protectiveness')."""
    table = career_affinity()
    group, protective, _ = _breed_context(species, breed)
    points = dict(table.group_fields.get(group, {}))
    for field, value in table.protective_fields.items():
        points[field] = points.get(field, 0.0) + protective * value
    return MappingProxyType(points)


def _breed_points(career: Career, analysis: PetAnalysis) -> float:
    """Score points the breed adds to ``career``'s field (group and protectiveness)."""
    return _field_points(analysis.species, analysis.breed).get(career.field, 0.0)


@cache
def _reference_population() -> tuple[NDArray[np.float64], NDArray[np.float64], tuple[Species, ...]]:
    """``(dimensions, baselines, species)`` of the pets the calibration is made over.

    Every known breed's baseline (the whole breed table) under every expression and
    posture shift of ``personality.toml``: one row per breed × expression × posture,
    dimensions in canonical order, clamped to 0–100.
    """
    from petavatar.domain.breeds import baseline_dimensions, known_breeds
    from petavatar.domain.personality import personality_tables

    tables = personality_tables()
    profiles = known_breeds()
    rows = [baseline_dimensions(p) for p in profiles]
    base = np.array([[row[d] for d in DIMENSIONS] for row in rows])
    shifts = np.array(
        [
            [expression.get(d, 0.0) + posture.get(d, 0.0) for d in DIMENSIONS]
            for expression in tables.expression_shifts.values()
            for posture in tables.posture_shifts.values()
        ]
    )
    baselines = np.repeat(base, len(shifts), axis=0)
    cue_shifts = np.array([[cue.shifts.get(d, 0) for d in DIMENSIONS] for cue in tables.cue])
    rng = np.random.default_rng(_REFERENCE_SEED)
    strengths = rng.uniform(-1.0, 1.0, (len(baselines), len(cue_shifts)))
    noise = rng.uniform(-4.0, 4.0, (len(baselines), len(DIMENSIONS)))
    posed = (base[:, None, :] + shifts[None, :, :]).reshape(-1, len(DIMENSIONS))
    dims = np.clip(posed + strengths @ cue_shifts + noise, 0.0, 100.0)
    species = tuple(p.species for p in profiles for _ in range(len(shifts)))
    return dims, baselines, species


@cache
def _weights() -> NDArray[np.float64]:
    """``w / Σ|w|`` of every signature: one row per dimension, one column per career."""
    return np.array(
        [[c.signature.get(d, 0.0) / c.weight_total for c in careers()] for d in DIMENSIONS]
    )


@cache
def _species_bonuses(species: Species) -> NDArray[np.float64]:
    """Every career's species bonus (:func:`species_bonus`) for ``species``, in raw units."""
    return np.array([species_bonus(c, species) for c in careers()])


def _balance(fits: NDArray[np.float64], temperature: float) -> NDArray[np.float64]:
    """Per-career offsets that make the softmax choice use every career equally often.

    Over the rows of ``fits`` (pets × careers), each pet picks career ``c`` with odds
    ``exp((fit + offset_c) / temperature)``; iterative proportional fitting moves each
    offset by ``temperature · ln(share × n_careers)`` until every career's mean share is
    ``1 / n_careers`` (to 1 %). The offsets are centred on 0.
    """
    offsets = np.zeros(fits.shape[1])
    for _ in range(_BALANCE_ROUNDS):
        logits = (fits + offsets) / temperature
        odds = np.exp(logits - logits.max(axis=1, keepdims=True))
        share = (odds / odds.sum(axis=1, keepdims=True)).mean(axis=0) * fits.shape[1]
        offsets -= temperature * np.log(share)
        if np.abs(np.log(share)).max() < 0.01:
            break
    centred: NDArray[np.float64] = offsets - offsets.mean()
    return centred


CALIBRATION_FILE: Final[str] = "career_calibration.json"
"""The stored :func:`compute_calibration` (``scripts/calibrate_careers.py`` writes it)."""
CALIBRATION_INPUTS: Final[tuple[str, ...]] = (
    "careers.toml",
    "career_affinity.toml",
    "breeds.csv",
    "breed_mapping.toml",
    "personality.toml",
    "dimensions.toml",
)
"""The data files the calibration is computed from (their digest is stored beside it)."""
Calibration = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def calibration_inputs_digest() -> str:
    """SHA-256 over :data:`CALIBRATION_INPUTS`, as the package ships them."""
    digest = hashlib.sha256()
    for name in CALIBRATION_INPUTS:
        digest.update(name.encode())
        digest.update(read_bytes(name))
    return digest.hexdigest()


def calibration_document(calibration: Calibration) -> dict[str, Any]:
    """``calibration`` as the JSON document :data:`CALIBRATION_FILE` holds."""
    mean, spread, offsets = calibration
    return {
        "inputs_sha256": calibration_inputs_digest(),
        "careers": {
            career.career_id: [float(mean[i]), float(spread[i]), float(offsets[i])]
            for i, career in enumerate(careers())
        },
    }


def _stored_calibration() -> Calibration | None:
    """The stored calibration, or None when it is missing or not made from today's data."""
    import json

    try:
        stored = json.loads(read_bytes(CALIBRATION_FILE))
        if stored.get("inputs_sha256") != calibration_inputs_digest():
            return None
        rows = [stored["careers"][career.career_id] for career in careers()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    table = np.array(rows, dtype=np.float64)
    return table[:, 0], table[:, 1], table[:, 2]


@cache
def _calibration_arrays() -> Calibration:
    """The stored calibration when it was made from today's tables, else computed now
    (about 0.4 s: a catalog or breed edit works before the file is regenerated)."""
    stored = _stored_calibration()
    return stored if stored is not None else compute_calibration()


def compute_calibration() -> Calibration:
    """Each career's ``(mean, spread, offset)`` over the reference population, as arrays.

    ``mean`` and ``spread`` are the career's score distribution over
    :func:`_reference_population` (the spread floored at ``spread_floor`` × the
    catalog's median spread, so a career whose score barely moves is not magnified
    by noise, and given in units of that median); ``offset`` is :func:`_balance` of
    the trait fits (normalised score plus photo lean, breed field points left out so
    the breed's lean stays a lean).
    """
    table = career_affinity()
    dims, baselines, species = _reference_population()
    weights = _weights()
    bonus = np.array([_species_bonuses(sp) for sp in species])
    scores = np.clip(50.0 + 50.0 * (((dims - 50.0) / 50.0) @ weights + bonus), 0.0, 100.0)
    mean, spread = scores.mean(axis=0), scores.std(axis=0)
    spread = np.maximum(spread, table.spread_floor * float(np.median(spread)))
    typical = float(np.median(spread))
    photo = table.photo_weight * ((dims - baselines) @ weights)
    offsets = _balance(typical * (scores - mean) / spread + photo, table.temperature)
    return mean, spread / typical, offsets


@cache
def _calibration() -> Mapping[str, tuple[float, float, float]]:
    """:func:`_calibration_arrays` by career id: ``(mean, spread, offset)``."""
    mean, spread, offsets = _calibration_arrays()
    return MappingProxyType(
        {
            career.career_id: (float(mean[i]), float(spread[i]), float(offsets[i]))
            for i, career in enumerate(careers())
        }
    )


@cache
def _breed_vectors(species: Species, breed: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(baseline dimensions, field points per career)`` of the pet's breed, cached."""
    _, _, baseline = _breed_context(species, breed)
    points = _field_points(species, breed)
    return (
        np.array([baseline.get(d, 50.0) for d in DIMENSIONS]),
        np.array([points.get(c.field, 0.0) for c in careers()]),
    )


def _fits(analysis: PetAnalysis) -> NDArray[np.float64]:
    """:func:`career_fit` of every career for this pet (catalog order), clamped to 0–100.

    The same arithmetic as :func:`score_career` and :func:`career_fit`, over the
    whole catalog at once.
    """
    given = analysis.personality_dimensions
    missing = [d for d in DIMENSIONS if d not in given]
    if missing:
        raise ValueError(f"personality dimensions are missing {missing[0]!r}")
    dims = np.array([float(given[d]) for d in DIMENSIONS])
    weights = _weights()
    centred = (np.clip(dims, 0.0, 100.0) - 50.0) / 50.0
    bonus = _species_bonuses(analysis.species)
    scores = np.clip(50.0 + 50.0 * (centred @ weights + bonus), 0.0, 100.0)
    mean, spread, offsets = _calibration_arrays()
    baseline, points = _breed_vectors(analysis.species, analysis.breed)
    photo = career_affinity().photo_weight * ((dims - baseline) @ weights)
    fits: NDArray[np.float64] = np.clip(
        50.0 + (scores - mean) / spread + offsets + points + photo, 0.0, 100.0
    )
    return fits


def career_fit(career: Career, score: float, analysis: PetAnalysis) -> float:
    """The fit :func:`choose_career` draws by, in score points around 50.

    ``50 + (score − mean) / spread`` (the score normalised against the career's own
    distribution over the reference population, a z-score in units of the catalog's
    median spread) ``+ offset`` (the balance that keeps every career in use) ``+`` the
    breed's field points ``+`` the photo's own lean (:func:`_photo_alignment`). See
    :func:`_calibration`: a career wins for the pets it fits *unusually* well, not
    for every pet it fits a little.
    """
    mean, spread, offset = _calibration()[career.career_id]
    photo = career_affinity().photo_weight * _photo_alignment(career, analysis)
    normalised = 50.0 + (score - mean) / spread
    return normalised + offset + _breed_points(career, analysis) + photo


def _photo_alignment(career: Career, analysis: PetAnalysis) -> float:
    """How far this photo (not its breed) leans toward ``career``, in dimension points.

    ``Σ w_d · (dims[d] − baseline[d]) / Σ|w|``: the signature-weighted difference
    between the pet's dimensions and its breed's baseline, i.e. what the photo's
    expression, posture, gaze, framing, setting and coat added.
    """
    _, _, baseline = _breed_context(analysis.species, analysis.breed)
    dims = analysis.personality_dimensions
    total = sum(
        weight * (dims[dim] - baseline.get(dim, 50.0)) for dim, weight in career.signature.items()
    )
    return total / career.weight_total


def _field_values(fitted: list[tuple[Career, float]]) -> dict[str, tuple[float, float]]:
    """Each field's ``(best fit, value)``; ``fitted`` is sorted best first.

    The value is the field's *inclusive value* (as in a nested logit): its best fit
    plus ``temperature · ln Σ exp((fit − best) / temperature)`` over its careers
    within ``diversity_band`` of that best. A field with several good careers is
    worth more than one with a single good career, and drawing the field by its
    value and then the career by its fit, at one temperature, gives every career of
    the drawn fields the same odds ``exp(fit / temperature)`` as one flat draw.
    """
    table = career_affinity()
    best: dict[str, float] = {}
    mass: dict[str, float] = {}
    for career, fit in fitted:
        top = best.setdefault(career.field, fit)
        if fit >= top - table.diversity_band:
            mass[career.field] = mass.get(career.field, 0.0) + math.exp(
                (fit - top) / table.temperature
            )
    return {f: (top, top + table.temperature * math.log(mass[f])) for f, top in best.items()}


def _draw(fingerprint: str, key: str) -> float:
    """A stable Gumbel(0, 1) draw for this photo and ``key`` (SHA-256 of both).

    Adding it to ``value / temperature`` and taking the largest picks each option
    with odds ``exp(value / temperature)`` (the Gumbel-max trick), the same way
    for the same photo every time.
    """
    digest = hashlib.sha256(f"career:{fingerprint}:{key}".encode()).digest()
    uniform = (int.from_bytes(digest[:7], "big") + 0.5) / float(1 << 56)
    return -math.log(-math.log(uniform))


def _draw_field(fitted: list[tuple[Career, float]], fingerprint: str) -> tuple[str, float]:
    """The field drawn among the ``field_pool`` of highest value, and its best fit.

    Only fields whose best career is within ``diversity_band`` of the overall best
    take part; each has odds ``exp(value / temperature)``.
    """
    table = career_affinity()
    values = _field_values(fitted)
    floor = fitted[0][1] - table.diversity_band
    near = [f for f, (best, _) in values.items() if best >= floor]
    pool = sorted(near, key=lambda f: (-values[f][1], f))[: table.field_pool]
    field = max(
        pool, key=lambda f: (values[f][1] / table.temperature + _draw(fingerprint, f"field:{f}"), f)
    )
    return field, values[field][0]


def choose_career(analysis: PetAnalysis) -> list[tuple[Career, float]]:
    """Careers in the order :func:`map_career` reports them (winner first), with fits.

    First a field among the few that fit best (:func:`_draw_field`), then a career
    in it within ``diversity_band`` of the field's best, with odds
    ``exp(fit / temperature)``; both draws are stable per photo (:func:`_draw`).
    The drawn field's close careers come first in draw order, then every other
    career by fit. See the module docstring.
    """
    table = career_affinity()
    fitted = list(zip(careers(), (float(fit) for fit in _fits(analysis)), strict=True))
    fitted.sort(key=lambda pair: (-pair[1], pair[0].career_id))
    field, best = _draw_field(fitted, analysis.photo_fingerprint)
    close = [p for p in fitted if p[0].field == field and p[1] >= best - table.diversity_band]
    close.sort(
        key=lambda p: (
            -(p[1] / table.temperature + _draw(analysis.photo_fingerprint, p[0].career_id)),
            p[0].career_id,
        )
    )
    chosen = {career.career_id for career, _ in close}
    return close + [pair for pair in fitted if pair[0].career_id not in chosen]


def map_career(analysis: PetAnalysis) -> CareerProfile:
    """Step 2: map a pet analysis to a close-fitting career, with runner-ups and a reason."""
    return career_profile(analysis, choose_career(analysis))


def career_profile(
    analysis: PetAnalysis, ranked: list[tuple[Career, float]], chosen: Career | None = None
) -> CareerProfile:
    """The profile of ``chosen`` (default: the first of ``ranked``) for this pet.

    ``ranked`` is :func:`choose_career` (or :func:`rank_careers`) for the pet; the
    confidence compares the chosen career's fit with the best other career's, and
    the runner-ups are the next in ``ranked``.
    """
    species: Species = analysis.species
    winner = chosen or ranked[0][0]
    top_score = next(
        (s for c, s in ranked if c.career_id == winner.career_id),
        score_career(winner, analysis.personality_dimensions, species),
    )
    others = [(c, s) for c, s in ranked if c.career_id != winner.career_id]
    return CareerProfile(
        career_id=winner.career_id,
        job_title=winner.job_title,
        seniority=winner.seniority,
        industry=winner.industry,
        work_style=winner.work_style,
        attire_style=winner.attire_style,
        background_setting=winner.background_setting,
        confidence=career_confidence(top_score, max(s for _, s in others)),
        rationale=career_rationale(winner, analysis.personality_dimensions),
        runner_ups=[
            CareerMatch(career_id=c.career_id, job_title=c.job_title, score=round(s, 2))
            for c, s in others[:RUNNER_UP_COUNT]
        ],
    )
