"""The Bedrock provider against botocore's Stubber with recorded-shape Converse/InvokeModel answers.

Stubber validates every stubbed response against bedrock-runtime's service
model, so these are the shapes Bedrock really sends; the requests are checked
too (the image block, outputConfig / toolChoice, the repair turn).
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

boto3 = pytest.importorskip("boto3")

from botocore.exceptions import (  # noqa: E402
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ReadTimeoutError,
)
from botocore.response import StreamingBody  # noqa: E402
from botocore.stub import ANY, Stubber  # noqa: E402

from petavatar.errors import (  # noqa: E402
    ContentFilteredError,
    InvalidModelOutputError,
    ProviderAccessError,
    ProviderError,
    TransientProviderError,
)
from petavatar.jobs.pipeline import Pipeline  # noqa: E402
from petavatar.jobs.retry import RetryPolicy  # noqa: E402
from petavatar.providers.bedrock.errors import translate  # noqa: E402
from petavatar.providers.bedrock.provider import BedrockConfig, BedrockProvider  # noqa: E402
from petavatar.providers.pricing import PriceTable  # noqa: E402
from tests.support.builders import make_analysis, make_career, open_png  # noqa: E402
from tests.support.clock import ManualClock  # noqa: E402
from tests.support.model_answers import (  # noqa: E402
    analysis_answer,
    as_json,
    career_answer,
    identity_answer,
    loaded_photo,
    photo_jpeg,
    png_image,
)

TEXT_MODEL = "us.anthropic.claude-sonnet-5-5"


def _client() -> Any:
    return boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def stubs() -> Iterator[tuple[Any, Stubber, Any, Stubber]]:
    text, image = _client(), _client()
    with Stubber(text) as text_stub, Stubber(image) as image_stub:
        yield text, text_stub, image, image_stub
        text_stub.assert_no_pending_responses()
        image_stub.assert_no_pending_responses()


def _provider(stubs: tuple[Any, Stubber, Any, Stubber], **config: Any) -> BedrockProvider:
    text, _, image, _ = stubs
    return BedrockProvider(BedrockConfig(**config), client=text, image_client=image)


def converse_text(text: str, *, stop: str = "end_turn", tokens: tuple[int, int] = (1200, 400)):
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": stop,
        "usage": {"inputTokens": tokens[0], "outputTokens": tokens[1], "totalTokens": sum(tokens)},
        "metrics": {"latencyMs": 900},
    }


def converse_tool(name: str, document: dict[str, Any], tool_id: str = "tooluse_1"):
    return {
        "output": {
            "message": {
                "role": "assistant",
                "content": [{"toolUse": {"toolUseId": tool_id, "name": name, "input": document}}],
            }
        },
        "stopReason": "tool_use",
        "usage": {"inputTokens": 1500, "outputTokens": 300, "totalTokens": 1800},
        "metrics": {"latencyMs": 1100},
    }


def image_answer(document: dict[str, Any]) -> dict[str, Any]:
    raw = json.dumps(document).encode()
    return {"body": StreamingBody(io.BytesIO(raw), len(raw)), "contentType": "application/json"}


def requests_of(client: Any, operation: str) -> list[dict[str, Any]]:
    """Every request ``client`` sends for ``operation``, as the parameters it was given."""
    seen: list[dict[str, Any]] = []
    client.meta.events.register(
        f"provide-client-params.bedrock-runtime.{operation}",
        lambda params, **_: seen.append(params),
    )
    return seen


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_analysis_uses_structured_output_with_the_photo_as_an_image_block(stubs) -> None:
    _, text_stub, _, _ = stubs
    expected = {
        "modelId": TEXT_MODEL,
        "messages": ANY,
        "system": ANY,
        "inferenceConfig": {"maxTokens": 4096},
        "outputConfig": ANY,
    }
    text_stub.add_response("converse", converse_text(as_json(analysis_answer())), expected)
    provider = _provider(stubs)
    result = provider.analyze(loaded_photo(), _hints())
    assert result.value.species == "cat"
    assert len(result.value.personality_dimensions) == 47
    assert result.usage.input_tokens == 1200 and result.usage.output_tokens == 400
    assert result.provenance is not None
    assert result.provenance.model == TEXT_MODEL and result.provenance.region == "us-east-1"
    assert "outputConfig" in (result.provenance.note or "")


def test_request_shape_image_block_and_json_schema(stubs) -> None:
    text, _, _, _ = stubs
    seen = requests_of(text, "Converse")
    stubs[1].add_response("converse", converse_text(as_json(analysis_answer())))
    _provider(stubs).analyze(loaded_photo(), _hints())
    request = seen[0]
    blocks = request["messages"][0]["content"]
    assert blocks[0]["image"]["format"] == "jpeg"
    assert blocks[0]["image"]["source"]["bytes"].startswith(b"\xff\xd8")
    structure = request["outputConfig"]["textFormat"]
    assert structure["type"] == "json_schema"
    schema = json.loads(structure["structure"]["jsonSchema"]["schema"])
    dims = schema["properties"]["personality_dimensions"]
    assert len(dims["required"]) == 47 and dims["additionalProperties"] is False


def test_forced_tool_use_names_the_tool(stubs) -> None:
    text, text_stub, _, _ = stubs
    seen = requests_of(text, "Converse")
    text_stub.add_response("converse", converse_tool("report_career", career_answer()))
    result = _provider(stubs, structured_output="tool").map_career(make_analysis())
    assert result.value.career_id == "chief-executive-officer"
    assert seen[0]["toolConfig"]["toolChoice"] == {"tool": {"name": "report_career"}}
    assert "outputConfig" not in seen[0]
    assert "forced tool use" in (result.provenance.note or "")


def test_auto_mode_falls_back_to_tool_use_when_structured_output_is_refused(stubs) -> None:
    _, text_stub, _, _ = stubs
    text_stub.add_client_error(
        "converse",
        service_error_code="ValidationException",
        service_message="outputConfig.textFormat is not supported for this model.",
        http_status_code=400,
    )
    text_stub.add_response("converse", converse_tool("report_career", career_answer()))
    text_stub.add_response("converse", converse_tool("report_career", career_answer()))
    provider = _provider(stubs)
    assert provider.map_career(make_analysis()).value.seniority == "executive"
    # The model is remembered as tool-only: the next step goes straight to tool use.
    assert "forced tool use" in (provider.map_career(make_analysis()).provenance.note or "")


def test_invalid_json_is_repaired_once_with_the_validation_errors(stubs) -> None:
    text, text_stub, _, _ = stubs
    seen = requests_of(text, "Converse")
    broken = analysis_answer()
    del broken["personality_dimensions"]["naps_at_desk"]
    text_stub.add_response("converse", converse_tool("report_pet_analysis", broken))
    text_stub.add_response(
        "converse", converse_tool("report_pet_analysis", analysis_answer(), tool_id="tooluse_2")
    )
    result = _provider(stubs, structured_output="tool").analyze(loaded_photo(), _hints())
    assert result.value.personality_dimensions["naps_at_desk"] >= 0
    repair_turn = seen[1]["messages"][-1]["content"][0]["toolResult"]
    assert repair_turn["toolUseId"] == "tooluse_1" and repair_turn["status"] == "error"
    assert "naps_at_desk" in repair_turn["content"][0]["text"]
    assert seen[1]["messages"][1]["role"] == "assistant"
    assert result.usage.model_calls == 2 and result.usage.input_tokens == 3000
    assert "repaired once" in (result.provenance.note or "")


def test_not_json_then_fenced_json_is_accepted(stubs) -> None:
    _, text_stub, _, _ = stubs
    text_stub.add_response("converse", converse_text("Sure! Here is the career: {oops"))
    text_stub.add_response(
        "converse", converse_text("```json\n" + as_json(career_answer()) + "\n```")
    )
    assert _provider(stubs).map_career(make_analysis()).value.job_title


def test_second_invalid_answer_is_a_clear_permanent_error(stubs) -> None:
    _, text_stub, _, _ = stubs
    bad_bio = identity_answer(bio="Only one paragraph.")
    text_stub.add_response("converse", converse_text(as_json(bad_bio)))
    text_stub.add_response("converse", converse_text(as_json(bad_bio)))
    with pytest.raises(InvalidModelOutputError) as caught:
        _provider(stubs).write_identity(make_analysis(), make_career())
    assert caught.value.transient is False
    assert "twice" in caught.value.message and "3 paragraphs" in caught.value.message


def test_identity_score_is_the_weighted_breakdown_and_title_is_the_careers(stubs) -> None:
    _, text_stub, _, _ = stubs
    text_stub.add_response("converse", converse_text(as_json(identity_answer())))
    career = make_career(title="Chief Napping Officer")
    identity = _provider(stubs).write_identity(make_analysis(), career).value
    assert identity.similarity_score == identity.similarity_breakdown.weighted_score()
    assert identity.job_title == "Chief Napping Officer"
    assert len(identity.bio_paragraphs) == 3


@pytest.mark.parametrize(
    ("code", "status", "kind", "words"),
    [
        ("AccessDeniedException", 403, ProviderAccessError, "enable model access"),
        ("ThrottlingException", 429, TransientProviderError, "busy"),
        ("ModelNotReadyException", 429, TransientProviderError, "busy"),
        ("InternalServerException", 500, TransientProviderError, "unavailable"),
        ("ResourceNotFoundException", 404, ProviderError, "not found"),
    ],
)
def test_bedrock_errors_are_translated(stubs, code, status, kind, words) -> None:
    _, text_stub, _, _ = stubs
    text_stub.add_client_error(
        "converse", service_error_code=code, service_message="nope", http_status_code=status
    )
    with pytest.raises(kind) as caught:
        _provider(stubs).map_career(make_analysis())
    assert words in caught.value.message
    assert caught.value.transient is (kind is TransientProviderError)


def test_retired_model_id_says_to_choose_an_active_one(stubs) -> None:
    _, text_stub, _, _ = stubs
    text_stub.add_client_error(
        "converse",
        service_error_code="ValidationException",
        service_message="The provided model identifier is invalid.",
        http_status_code=400,
    )
    with pytest.raises(ProviderError, match="PETAVATAR_BEDROCK_TEXT_MODEL_ID"):
        _provider(stubs).map_career(make_analysis())


def test_content_filtered_answer_is_permanent(stubs) -> None:
    _, text_stub, _, _ = stubs
    text_stub.add_response("converse", converse_text("", stop="content_filtered"))
    with pytest.raises(ContentFilteredError, match="different photo"):
        _provider(stubs).analyze(loaded_photo(), _hints())


def test_sd35_avatar_is_image_to_image_and_resized(stubs) -> None:
    _, _, image, image_stub = stubs
    seen = requests_of(image, "InvokeModel")
    image_stub.add_response(
        "invoke_model",
        image_answer({"seeds": [7], "finish_reasons": [None], "images": [b64(png_image(640))]}),
    )
    result = _provider(stubs).render_avatar_from_photo(
        loaded_photo(), make_analysis(), make_career()
    )
    body = json.loads(seen[0]["body"])
    assert seen[0]["modelId"] == "stability.sd3-5-large-v1:0"
    assert body["mode"] == "image-to-image" and body["image"] and 0 < body["strength"] <= 1
    assert "tailored dark business suit" in body["prompt"]
    assert "corner office" in body["prompt"]
    avatar = result.value
    assert (avatar.width, avatar.height) == (1024, 1024)
    assert open_png(avatar.png).size == (1024, 1024)
    assert avatar.parameters["resized_from"] == "640x640"
    assert result.usage.images_generated == 1
    assert "image-to-image" in (result.provenance.note or "")


def test_nova_canvas_avatar_uses_image_variation(stubs) -> None:
    _, _, image, image_stub = stubs
    seen = requests_of(image, "InvokeModel")
    image_stub.add_response(
        "invoke_model", image_answer({"images": [b64(png_image())], "error": None})
    )
    provider = _provider(stubs, image_model_id="amazon.nova-canvas-v1:0")
    provider.render_avatar_from_photo(loaded_photo(), make_analysis(), make_career())
    body = json.loads(seen[0]["body"])
    assert body["taskType"] == "IMAGE_VARIATION"
    assert body["imageGenerationConfig"]["width"] == 1024
    assert len(body["imageVariationParams"]["images"]) == 1


def test_text_only_render_without_a_photo(stubs) -> None:
    _, _, image, image_stub = stubs
    seen = requests_of(image, "InvokeModel")
    image_stub.add_response("invoke_model", image_answer({"images": [b64(png_image())]}))
    result = _provider(stubs).render_avatar(make_analysis(), make_career())
    assert json.loads(seen[0]["body"])["mode"] == "text-to-image"
    assert result.provenance.note is None


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ({"finish_reasons": ["Filter reason: output image"], "images": []}, ContentFilteredError),
        ({"images": [], "error": "blocked by our content filters"}, ContentFilteredError),
        ({"images": [b64(png_image(blank=True))]}, ProviderError),
        ({"images": [b64(b"not an image")]}, ProviderError),
        ({"images": []}, ProviderError),
    ],
)
def test_bad_image_answers_fail_clearly(stubs, answer, kind) -> None:
    _, _, _, image_stub = stubs
    image_stub.add_response("invoke_model", image_answer(answer))
    with pytest.raises(kind):
        _provider(stubs).render_avatar(make_analysis(), make_career())


def test_unknown_image_model_is_refused_before_any_call(stubs) -> None:
    with pytest.raises(ProviderError, match="PETAVATAR_BEDROCK_IMAGE_MODEL_ID"):
        _provider(stubs, image_model_id="acme.painter-v9").render_avatar(
            make_analysis(), make_career()
        )


def test_pipeline_on_bedrock_retries_throttling_and_prices_the_job(stubs) -> None:
    _, text_stub, _, image_stub = stubs
    text_stub.add_client_error(
        "converse",
        service_error_code="ThrottlingException",
        service_message="Rate exceeded",
        http_status_code=429,
    )
    text_stub.add_response("converse", converse_text(as_json(analysis_answer())))
    text_stub.add_response("converse", converse_text(as_json(career_answer())))
    text_stub.add_response("converse", converse_text(as_json(identity_answer())))
    image_stub.add_response("invoke_model", image_answer({"images": [b64(png_image())]}))
    clock = ManualClock()
    pipeline = Pipeline(
        _provider(stubs), clock=clock, retry=RetryPolicy(), prices=PriceTable.load()
    )
    result = pipeline.run(photo_jpeg(), job_id="bedrock-job")
    assert clock.sleeps == [1.0]
    assert result.identity.job_title == "Chief Executive Officer"
    assert {p.provider for p in result.provenance.values()} == {"bedrock"}
    assert result.provenance["render"].model == "stability.sd3-5-large-v1:0"
    cost = result.cost
    assert cost is not None and cost.unknown == []
    # 3 Converse calls at 1200 in / 400 out on $2/$10 per MTok, one $0.08 image.
    assert cost.total == pytest.approx(3 * (1200 * 2 + 400 * 10) / 1e6 + 0.08)


def test_boto3_honours_the_bedrock_endpoint_variable(monkeypatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://127.0.0.1:4599")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    provider = BedrockProvider(BedrockConfig())
    assert provider.client.meta.endpoint_url == "http://127.0.0.1:4599"
    assert provider.client.meta.region_name == "eu-west-1"


def _hints():
    from petavatar.domain.models import PetHints

    return PetHints()


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (ReadTimeoutError(endpoint_url="https://bedrock"), TransientProviderError, "in time"),
        (EndpointConnectionError(endpoint_url="https://bedrock"), TransientProviderError, "time"),
        (NoCredentialsError(), ProviderAccessError, "AWS_PROFILE"),
        (NoRegionError(), ProviderError, "AWS_DEFAULT_REGION"),
    ],
)
def test_network_and_configuration_errors_are_translated(error, kind, words) -> None:
    translated = translate(
        error, model=TEXT_MODEL, region="us-east-1", operation="Converse", setting="X"
    )
    assert type(translated) is kind and words in translated.message
