"""The OpenAI-compatible provider: the real ``openai`` client against a real HTTP fake server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("openai")

from pydantic import SecretStr

from petavatar.bootstrap import build_provider
from petavatar.config import Settings
from petavatar.domain.models import PetHints
from petavatar.errors import (
    ContentFilteredError,
    InvalidModelOutputError,
    ProviderAccessError,
    ProviderError,
    ProviderUnavailableError,
)
from petavatar.jobs.pipeline import Pipeline
from petavatar.jobs.retry import RetryPolicy
from petavatar.providers.openai_compat.provider import (
    OpenAICompatProvider,
    OpenAIConfig,
)
from petavatar.providers.pricing import PriceTable
from tests.support.builders import make_analysis, make_career
from tests.support.clock import ManualClock
from tests.support.fake_openai import FakeOpenAI, FakeOpenAIServer, Fault
from tests.support.model_answers import (
    analysis_answer,
    identity_answer,
    loaded_photo,
    photo_jpeg,
)


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(FakeOpenAI()) as running:
        yield running


def provider_for(server: FakeOpenAIServer, **config: Any) -> OpenAICompatProvider:
    options: dict[str, Any] = {
        "base_url": server.base_url,
        "api_key": SecretStr("test-key"),
        "chat_model": "gpt-5-mini",
        "timeout_seconds": 5.0,
    }
    options.update(config)
    return OpenAICompatProvider(OpenAIConfig(**options))


def pipeline_for(provider: OpenAICompatProvider, clock: ManualClock) -> Pipeline:
    return Pipeline(provider, clock=clock, retry=RetryPolicy(), prices=PriceTable.load())


def test_json_schema_vision_chat_and_images_edit_make_a_priced_persona(server) -> None:
    clock = ManualClock()
    result = pipeline_for(provider_for(server), clock).run(photo_jpeg(), job_id="openai-job")
    chats = server.fake.chat_requests()
    assert [c["response_format"]["json_schema"]["name"] for c in chats] == [
        "report_pet_analysis",
        "report_career",
        "report_identity",
    ]
    assert chats[0]["response_format"]["json_schema"]["strict"] is True
    image_part = chats[0]["messages"][1]["content"][1]
    assert image_part["image_url"]["url"].startswith("data:image/jpeg;base64,")
    edits = [r for r in server.fake.requests if r["path"].endswith("/images/edits")]
    assert edits and edits[0]["has_image"]
    assert result.provenance["render"].note == "images.edit with the pet photo"
    assert result.provenance["analyze"].note == "structured output via json_schema"
    assert result.identity.similarity_score == result.identity.similarity_breakdown.weighted_score()
    assert result.usage.input_tokens == 3 * 1000 + 50
    cost = result.cost
    assert cost is not None and cost.total is not None
    assert cost.total == pytest.approx(3 * (1000 * 0.25 + 250 * 2.0) / 1e6 + 0.042)
    assert clock.sleeps == []


def test_falls_back_to_tool_calls_when_json_schema_is_refused(server) -> None:
    server.fake.refuse = {"json_schema"}
    provider = provider_for(server)
    result = provider.map_career(make_analysis())
    assert result.value.career_id == "chief-executive-officer"
    last = server.fake.chat_requests()[-1]
    assert last["tool_choice"] == {"type": "function", "function": {"name": "report_career"}}
    assert "json_schema refused (400)" in (result.provenance.note or "")
    assert "via tools" in (result.provenance.note or "")
    provider.map_career(make_analysis())
    # The working mode is remembered: no second json_schema attempt.
    assert sum("response_format" in r for r in server.fake.chat_requests()) == 1


def test_falls_back_to_plain_json_when_tools_are_refused_too(server) -> None:
    server.fake.refuse = {"json_schema", "tools"}
    result = provider_for(server).write_identity(make_analysis(), make_career())
    last = server.fake.chat_requests()[-1]
    assert "response_format" not in last and "tools" not in last
    assert "JSON schema" in json.dumps(last["messages"])
    assert "via json" in (result.provenance.note or "")
    assert len(result.value.bio_paragraphs) == 3


def test_invalid_tool_answer_is_repaired_through_a_tool_message(server) -> None:
    server.fake.refuse = {"json_schema"}
    server.fake.answers.extend([analysis_answer(coat_color_hex=["orange"]), None])
    result = provider_for(server).analyze(loaded_photo(), PetHints(pet_name="Biscuit"))
    repair = server.fake.chat_requests()[-1]["messages"]
    assert repair[-2]["tool_calls"][0]["id"] == repair[-1]["tool_call_id"]
    assert repair[-1]["role"] == "tool" and "coat_color_hex" in repair[-1]["content"]
    assert result.value.pet_name == "Biscuit" and result.usage.model_calls == 2


def test_invalid_twice_is_a_permanent_error_saying_what_was_wrong(server) -> None:
    bad = identity_answer(skills=["Napping"])
    server.fake.answers.extend([bad, bad])
    with pytest.raises(InvalidModelOutputError, match="skills"):
        provider_for(server).write_identity(make_analysis(), make_career())


def test_429_with_retry_after_is_waited_for(server) -> None:
    server.fake.faults.append(Fault(status=429, retry_after="3", message="Rate limit reached"))
    clock = ManualClock()
    pipeline_for(provider_for(server), clock).run(photo_jpeg())
    assert clock.sleeps == [3.0]


def test_5xx_is_retried_with_backoff_then_gives_up_with_503(server) -> None:
    server.fake.faults.extend(Fault(status=503) for _ in range(4))
    clock = ManualClock()
    with pytest.raises(ProviderUnavailableError, match="after 4 attempts"):
        pipeline_for(provider_for(server), clock).run(photo_jpeg())
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_slow_answer_times_out_and_is_retried(server) -> None:
    server.fake.faults.append(Fault(delay=1.5))
    clock = ManualClock()
    provider = provider_for(server, timeout_seconds=0.5)
    result = pipeline_for(provider, clock).run(photo_jpeg())
    assert clock.sleeps == [1.0]
    assert result.analysis.species == "cat"


def test_bad_key_is_a_permanent_access_error(server) -> None:
    server.fake.api_key = "the-right-key"
    with pytest.raises(ProviderAccessError, match="OPENAI_API_KEY"):
        provider_for(server).map_career(make_analysis())


def test_missing_model_says_how_to_get_it(server) -> None:
    server.fake.models = {"llava"}
    with pytest.raises(ProviderError, match="ollama pull gpt-5-mini"):
        provider_for(server).map_career(make_analysis())


def test_content_filter_finish_reason_is_permanent(server) -> None:
    server.fake.finish_reason = "content_filter"
    with pytest.raises(ContentFilteredError):
        provider_for(server).analyze(loaded_photo(), PetHints())


def test_generate_is_used_when_the_server_has_no_edits(server) -> None:
    server.fake.images = {"generate"}
    result = provider_for(server).render_avatar_from_photo(
        loaded_photo(), make_analysis(), make_career()
    )
    assert result.provenance.provider == "openai"
    assert result.provenance.note == "no images.edit; images.generate"


def test_no_images_api_falls_back_to_the_offline_renderer(server) -> None:
    server.fake.images = set()
    provider = provider_for(server)
    result = provider.render_avatar_from_photo(loaded_photo(), make_analysis(), make_career())
    assert result.provenance.provider == "local"
    assert "drawn by the offline renderer" in (result.provenance.note or "")
    assert result.value.width >= 1024
    calls = len(server.fake.requests)
    provider.render_avatar(make_analysis(), make_career())
    assert len(server.fake.requests) == calls  # remembered: no more probing


def test_unpriced_model_reports_price_unknown(server) -> None:
    server.fake.images = set()
    result = pipeline_for(provider_for(server, chat_model="llava:13b"), ManualClock()).run(
        photo_jpeg()
    )
    assert result.cost is not None and result.cost.total is None
    assert result.cost.unknown == ["openai/llava:13b"]
    assert result.cost.summary.startswith("price unknown (openai/llava:13b)")


def test_openai_environment_variables_are_honoured_and_settings_override(
    server, monkeypatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "from-env")
    server.fake.api_key = "from-env"
    provider = build_provider(Settings(provider="openai", openai_chat_model="gpt-5-mini"))
    assert provider.map_career(make_analysis()).value.job_title
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    overridden = build_provider(
        Settings(
            provider="openai", openai_base_url=server.base_url, openai_api_key=SecretStr("from-env")
        )
    )
    assert overridden.map_career(make_analysis()).value.job_title


def test_no_key_anywhere_still_reaches_a_local_server(server, monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    provider = OpenAICompatProvider(OpenAIConfig(base_url=server.base_url))
    assert provider.map_career(make_analysis()).value.job_title


def test_a_server_that_ignores_response_format_gets_the_schema_in_the_repair_turn(server) -> None:
    server.fake.answers.extend(["I think it is a CEO, honestly.", None])
    result = provider_for(server).map_career(make_analysis())
    repair = server.fake.chat_requests()[-1]["messages"][-1]
    assert repair["role"] == "user" and '"career_id"' in repair["content"]
    assert "no JSON object" in repair["content"]
    assert result.value.job_title
