"""The Bedrock provider: Claude (or any Converse model) for analysis, career and identity,
an InvokeModel image model for the avatar.

* Text steps go through ``Converse``. The photo travels as an image block
  (re-encoded from decoded pixels, so no EXIF/GPS leaves the machine). The
  answer is forced into the step's JSON schema (:mod:`petavatar.providers.structured`)
  by Converse structured output (``outputConfig.textFormat`` json_schema) or by
  tool use with ``toolChoice`` naming the one tool. ``structured_output="auto"``
  starts with structured output and, when a model rejects it, switches that
  model to forced tool use for the rest of the process.
* The avatar goes through ``InvokeModel`` with the model named by
  ``image_model_id`` (bodies in :mod:`.image_models`), conditioned on the pet
  photo where the model supports it, and is checked by
  :func:`petavatar.providers.images.accept_avatar`.
* boto3 builds the clients, so ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME``,
  ``AWS_DEFAULT_REGION`` and profiles work as boto3 documents; botocore's own
  retries are off because the pipeline retries transient errors (1/2/4 s).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, cast

from pydantic import Field

from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    PartProvenance,
    PetAnalysis,
    Usage,
)
from petavatar.errors import PetAvatarError
from petavatar.ports.provider import ProviderConfig, StepResult
from petavatar.providers import prompts
from petavatar.providers.bedrock import image_models
from petavatar.providers.bedrock.errors import content_filtered, translate
from petavatar.providers.images import accept_avatar, photo_bytes
from petavatar.providers.model_provider import ModelProvider, StepSpec
from petavatar.providers.structured import Reply, answer_schema, ask_structured, parser
from petavatar.rendering.decode import LoadedImage

if TYPE_CHECKING:
    from mypy_boto3_bedrock_runtime import BedrockRuntimeClient

T = TypeVar("T")
OutputMode = Literal["auto", "output_config", "tool"]

#: Claude Sonnet 5.5 through the US cross-region inference profile.
DEFAULT_TEXT_MODEL: Final[str] = "us.anthropic.claude-sonnet-5-5"
#: Stable Diffusion 3.5 Large: active, 1024² at 1:1, image-to-image with the pet photo.
#: (Titan Image Generator v2 and Nova Canvas v1 reached end of life in 2026.)
DEFAULT_IMAGE_MODEL: Final[str] = "stability.sd3-5-large-v1:0"
_FILTER_STOPS: Final[frozenset[str]] = frozenset({"content_filtered", "guardrail_intervened"})
_UNSUPPORTED_OUTPUT = ("outputconfig", "structured output", "textformat", "json_schema")


class BedrockConfig(ProviderConfig):
    """Bedrock settings (model ids may be inference profile ids or ARNs)."""

    name: str = "bedrock"
    region: str | None = Field(default=None, description="None: boto3's (AWS_DEFAULT_REGION).")
    text_model_id: str = DEFAULT_TEXT_MODEL
    image_model_id: str = DEFAULT_IMAGE_MODEL
    image_region: str | None = Field(default=None, description="None: the text region.")
    structured_output: OutputMode = "auto"
    max_tokens: int = Field(default=4096, ge=256)
    condition_on_photo: bool = True
    image_strength: float = Field(
        default=0.8, ge=0.0, le=1.0, description="How far the avatar may move from the photo."
    )


class _UnsupportedOutputMode(Exception):
    """The model rejected Converse structured output; forced tool use should be tried."""


class BedrockProvider(ModelProvider):
    """All four steps on Amazon Bedrock."""

    config: BedrockConfig

    def __init__(
        self,
        config: BedrockConfig | None = None,
        *,
        client: BedrockRuntimeClient | None = None,
        image_client: BedrockRuntimeClient | None = None,
    ) -> None:
        super().__init__(config or BedrockConfig())
        self._client = client
        self._image_client = image_client
        self._lock = threading.Lock()
        self._modes: dict[str, Literal["output_config", "tool"]] = {}

    # -- clients ---------------------------------------------------------------------

    @property
    def client(self) -> BedrockRuntimeClient:
        with self._lock:
            if self._client is None:
                self._client = self._make_client(self.config.region)
            return self._client

    @property
    def image_client(self) -> BedrockRuntimeClient:
        if self.config.image_region in (None, self.config.region):
            return self._image_client or self.client
        with self._lock:
            if self._image_client is None:
                self._image_client = self._make_client(self.config.image_region)
            return self._image_client

    def _make_client(self, region: str | None) -> BedrockRuntimeClient:
        import boto3
        from botocore.config import Config

        timeout = self.config.timeout_seconds
        settings = Config(
            retries={"total_max_attempts": 1, "mode": "standard"},
            connect_timeout=min(10.0, timeout),
            read_timeout=timeout,
            user_agent_extra="petavatar",
        )
        try:
            return boto3.client("bedrock-runtime", region_name=region, config=settings)
        except Exception as exc:
            raise translate(
                exc,
                model=self.config.text_model_id,
                region=region,
                operation="client set-up",
                setting="PETAVATAR_BEDROCK_REGION",
            ) from exc

    def warm_up(self) -> None:
        _ = self.client

    # -- the steps ---------------------------------------------------------------------

    def content(self, text: str, photo: LoadedImage | None) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = []
        if photo is not None:
            jpeg = photo_bytes(photo.image, max_side=1568, fmt="JPEG")
            blocks.append({"image": {"format": "jpeg", "source": {"bytes": jpeg}}})
        return [*blocks, {"text": text}]

    def render_avatar_from_photo(
        self, photo: LoadedImage | None, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        model = self.config.image_model_id
        spec = image_models.spec_for(model)
        prompt = prompts.avatar_prompt(analysis, career)
        use_photo = photo is not None and self.config.condition_on_photo
        request = image_models.build_request(
            spec,
            prompt=prompt,
            negative=prompts.prompt_book().avatar_negative,
            seed=int(analysis.photo_fingerprint[:8], 16),
            photo_png=photo_bytes(photo.image, max_side=1024) if photo and use_photo else None,
            strength=self.config.image_strength,
        )
        region = self._region(self.image_client)
        source = f"Bedrock image model {model}"
        start = time.perf_counter()
        raw = self._call(
            lambda: self.image_client.invoke_model(
                modelId=model,
                body=_json(request.body),
                contentType="application/json",
                accept="application/json",
            )["body"].read(),
            model=model,
            region=region,
            operation="InvokeModel",
            setting="PETAVATAR_BEDROCK_IMAGE_MODEL_ID",
        )
        elapsed = round(time.perf_counter() - start, 6)
        avatar = accept_avatar(
            image_models.read_response(spec, raw, source=source),
            prompt=prompt,
            source=source,
            parameters={
                "model": model,
                "conditioning": spec.conditioning if request.conditioned else "none",
            },
        )
        note = (
            f"conditioned on the pet photo ({spec.conditioning})" if request.conditioned else None
        )
        return StepResult(
            avatar,
            Usage(model_calls=1, images_generated=1, compute_seconds=elapsed),
            PartProvenance(provider=self.name, model=model, region=region, note=note),
        )

    # -- Converse --------------------------------------------------------------------

    def structured(
        self, step: StepSpec, content: list[dict[str, Any]], build: Callable[[Any], T]
    ) -> StepResult[T]:
        model = self.config.text_model_id
        source = f"Bedrock model {model}"
        mode = self._mode(model)
        schema, parse = answer_schema(step.answer), parser(step.answer, build)
        try:
            exchange = _ConverseExchange(self, mode, step, schema, content)
            done = ask_structured(exchange, parse, what=step.what, source=source)
        except _UnsupportedOutputMode:
            with self._lock:
                self._modes[model] = mode = "tool"
            exchange = _ConverseExchange(self, mode, step, schema, content)
            done = ask_structured(exchange, parse, what=step.what, source=source)
        note = f"structured output via {'forced tool use' if mode == 'tool' else 'outputConfig'}"
        if done.repaired:
            note += "; repaired once after validation errors"
        return StepResult(
            done.value,
            done.usage,
            PartProvenance(
                provider=self.name, model=model, region=self._region(self.client), note=note
            ),
        )

    def _mode(self, model: str) -> Literal["output_config", "tool"]:
        if self.config.structured_output != "auto":
            return self.config.structured_output
        with self._lock:
            return self._modes.get(model, "output_config")

    def converse(self, request: dict[str, Any], mode: str) -> dict[str, Any]:
        """One Converse call with errors translated (and auto mode's fallback signalled)."""
        from botocore.exceptions import ClientError

        model = self.config.text_model_id
        try:
            response: dict[str, Any] = dict(self.client.converse(**request))
        except ClientError as exc:
            message = str(exc.response.get("Error", {}).get("Message", "")).lower()
            code = exc.response.get("Error", {}).get("Code")
            if (
                mode == "output_config"
                and self.config.structured_output == "auto"
                and code == "ValidationException"
                and any(word in message for word in _UNSUPPORTED_OUTPUT)
            ):
                raise _UnsupportedOutputMode() from exc
            raise self._translated(exc) from exc
        except Exception as exc:
            raise self._translated(exc) from exc
        if response.get("stopReason") in _FILTER_STOPS:
            raise content_filtered(f"Bedrock model {model}", f"stopReason={response['stopReason']}")
        return response

    def _translated(self, exc: Exception) -> PetAvatarError:
        return translate(
            exc,
            model=self.config.text_model_id,
            region=self._region(self.client),
            operation="Converse",
            setting="PETAVATAR_BEDROCK_TEXT_MODEL_ID",
        )

    def _call(
        self,
        call: Callable[[], bytes],
        *,
        model: str,
        region: str | None,
        operation: str,
        setting: str,
    ) -> bytes:
        try:
            return call()
        except PetAvatarError:
            raise
        except Exception as exc:
            raise translate(
                exc, model=model, region=region, operation=operation, setting=setting
            ) from exc

    @staticmethod
    def _region(client: BedrockRuntimeClient) -> str | None:
        region = getattr(client.meta, "region_name", None)
        return str(region) if region else None


class _ConverseExchange:
    """One structured answer over Converse, in structured-output or forced-tool mode."""

    def __init__(
        self,
        provider: BedrockProvider,
        mode: Literal["output_config", "tool"],
        step: StepSpec,
        schema: dict[str, Any],
        content: list[dict[str, Any]],
    ) -> None:
        self.provider = provider
        self.mode = mode
        self.tool = step.name
        self.what = step.what
        self.schema = schema
        self.content = content

    def ask(self) -> Reply:
        return self._send([{"role": "user", "content": self.content}])

    def correct(self, previous: Reply, problems: str) -> Reply:
        history, tool_use_id = cast(tuple[list[dict[str, Any]], str | None], previous.state)
        text = prompts.repair_prompt(problems)
        if tool_use_id:
            block: dict[str, Any] = {
                "toolResult": {
                    "toolUseId": tool_use_id,
                    "content": [{"text": text}],
                    "status": "error",
                }
            }
        else:
            block = {"text": text}
        return self._send([*history, {"role": "user", "content": [block]}])

    def _request(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        config = self.provider.config
        request: dict[str, Any] = {
            "modelId": config.text_model_id,
            "messages": messages,
            "system": [{"text": prompts.prompt_book().system}],
            "inferenceConfig": {"maxTokens": config.max_tokens},
        }
        description = f"Report the {self.what} as structured data."
        if self.mode == "tool":
            request["toolConfig"] = {
                "tools": [
                    {
                        "toolSpec": {
                            "name": self.tool,
                            "description": description,
                            "inputSchema": {"json": self.schema},
                        }
                    }
                ],
                "toolChoice": {"tool": {"name": self.tool}},
            }
        else:
            request["outputConfig"] = {
                "textFormat": {
                    "type": "json_schema",
                    "structure": {
                        "jsonSchema": {
                            "schema": _json(self.schema),
                            "name": self.tool,
                            "description": description,
                        }
                    },
                }
            }
        return request

    def _send(self, messages: list[dict[str, Any]]) -> Reply:
        start = time.perf_counter()
        response = self.provider.converse(self._request(messages), self.mode)
        elapsed = round(time.perf_counter() - start, 6)
        message = response.get("output", {}).get("message") or {}
        blocks: list[dict[str, Any]] = list(message.get("content") or [])
        tool_use = next((b["toolUse"] for b in blocks if "toolUse" in b), None)
        payload: object
        if tool_use is not None:
            payload = tool_use.get("input")
        else:
            payload = "".join(str(b.get("text", "")) for b in blocks)
        if not blocks:
            blocks = [{"text": "(no answer)"}]
        used = response.get("usage") or {}
        usage = Usage(
            model_calls=1,
            input_tokens=int(used.get("inputTokens", 0)),
            output_tokens=int(used.get("outputTokens", 0)),
            compute_seconds=elapsed,
        )
        assistant = {"role": "assistant", "content": blocks}
        tool_use_id = tool_use.get("toolUseId") if tool_use else None
        return Reply(payload, usage, state=([*messages, assistant], tool_use_id))


def _json(value: object) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))
