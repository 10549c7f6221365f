"""Whatever a model answers, the pipeline yields a persona that keeps every domain rule,
or fails with a clear permanent error — never a half persona.

The model is scripted at the seam every cloud provider shares: the provider is
a :class:`ModelProvider` (the same analyze/map/write code Bedrock and the
OpenAI-compatible provider run) whose ``structured`` asks through
:func:`ask_structured` with the step's parser, so a reply is validated, sent
back once with its errors, and either accepted or refused.
Hypothesis chooses the two replies of each step: valid answers, answers with a
field dropped, replaced or pushed out of range, JSON in prose or fences,
arbitrary JSON and arbitrary text.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import AvatarImage, Usage
from petavatar.errors import InvalidModelOutputError, PetAvatarError
from petavatar.jobs.pipeline import Pipeline
from petavatar.ports.provider import ProviderConfig, StepResult
from petavatar.providers.model_provider import STEPS, ModelProvider, StepSpec
from petavatar.providers.structured import Reply, answer_schema, ask_structured, parser
from petavatar.rendering.decode import LoadedImage
from tests.support.model_answers import (
    analysis_answer,
    career_answer,
    identity_answer,
    photo_jpeg,
    png_image,
)

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def replies(valid: dict[str, Any], extra: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy:
    keys = sorted(valid)
    return st.one_of(
        st.just(valid),
        st.just(json.dumps(valid)),
        st.just(f"Sure! ```json\n{json.dumps(valid)}\n``` Anything else?"),
        st.sampled_from(keys).map(lambda k: {key: v for key, v in valid.items() if key != k}),
        st.tuples(st.sampled_from(keys), JSON).map(lambda kv: {**valid, kv[0]: kv[1]}),
        st.tuples(st.text(max_size=12), JSON).map(lambda kv: {**valid, kv[0]: kv[1]}),
        extra,
        JSON,
        st.text(max_size=60),
    )


DIM_MUTATION = st.tuples(st.sampled_from(DIMENSIONS), st.integers(-50, 150) | JSON).map(
    lambda kv: analysis_answer(
        personality_dimensions={**analysis_answer()["personality_dimensions"], kv[0]: kv[1]}
    )
)
BIO_MUTATION = st.lists(st.text(min_size=1, max_size=20), max_size=5).map(
    lambda parts: identity_answer(bio="\n\n".join(parts))
)
SKILLS_MUTATION = st.lists(st.text(max_size=10), max_size=12).map(
    lambda skills: identity_answer(skills=skills)
)
CAREER_MUTATION = st.sampled_from(["cfo-of-naps", "", "chief-executive-officer"]).map(
    lambda cid: career_answer(career_id=cid, seniority="executive")
)


class _Scripted:
    def __init__(self, answers: deque[object]) -> None:
        self.answers = answers

    def ask(self) -> Reply:
        return Reply(self.answers.popleft(), Usage(model_calls=1, input_tokens=10))

    def correct(self, previous: Reply, problems: str) -> Reply:
        assert problems  # the model is always told what was wrong
        return self.ask()


class ScriptedModelProvider(ModelProvider):
    """The cloud providers' shared steps, with the model's answers taken from a script."""

    AVATAR = png_image(1024)

    def __init__(self) -> None:
        super().__init__(ProviderConfig(name="scripted"))
        self.script: dict[str, deque[object]] = {}

    def content(self, text: str, photo: LoadedImage | None) -> list[dict[str, Any]]:
        return [{"text": text, "with_photo": photo is not None}]

    def structured(
        self, step: StepSpec, content: list[dict[str, Any]], build: Any
    ) -> StepResult[Any]:
        answer_schema(step.answer)  # the schema every mode would send must build
        key = next(k for k, spec in STEPS.items() if spec is step)
        done = ask_structured(
            _Scripted(self.script[key]),
            parser(step.answer, build),
            what=key,
            source="the scripted model",
        )
        return StepResult(done.value, done.usage)

    def render_avatar_from_photo(self, photo, analysis, career):  # type: ignore[no-untyped-def]
        avatar = AvatarImage(png=self.AVATAR, width=1024, height=1024, prompt="headshot")
        return StepResult(avatar, Usage(model_calls=1, images_generated=1))


PROVIDER = ScriptedModelProvider()
PIPELINE = Pipeline(PROVIDER)
PHOTO = photo_jpeg()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    analyze=st.lists(replies(analysis_answer(), DIM_MUTATION), min_size=2, max_size=2),
    career=st.lists(replies(career_answer(), CAREER_MUTATION), min_size=2, max_size=2),
    write=st.lists(
        replies(identity_answer(), st.one_of(BIO_MUTATION, SKILLS_MUTATION)),
        min_size=2,
        max_size=2,
    ),
)
def test_any_model_output_gives_a_whole_persona_or_a_clear_permanent_error(
    analyze: list[object], career: list[object], write: list[object]
) -> None:
    PROVIDER.script = {"analyze": deque(analyze), "map": deque(career), "write": deque(write)}
    try:
        result = PIPELINE.run(PHOTO)
    except PetAvatarError as error:
        assert isinstance(error, InvalidModelOutputError), error
        assert not error.transient and error.status_code == 502
        assert "twice" in error.message and "the scripted model" in error.message
        return
    dims = result.analysis.personality_dimensions
    assert list(dims) == list(DIMENSIONS) and all(0 <= v <= 100 for v in dims.values())
    assert len(result.analysis.dominant_traits) == 3
    identity = result.identity
    assert len(identity.bio_paragraphs) == 3
    assert 5 <= len(identity.skills) <= 10
    assert 0 <= identity.similarity_score <= 100
    assert identity.similarity_score == identity.similarity_breakdown.weighted_score()
    assert identity.job_title == result.career.job_title
    assert result.report_card_png.startswith(b"\x89PNG")
