"""The OpenAI-compatible provider: one code path for OpenAI, Ollama, vLLM and LM Studio.

* The official ``openai`` client, built with ``max_retries=0`` (the pipeline
  retries, honouring ``retry-after``). ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``
  are read by the client as it documents; ``base_url``/``api_key`` here (from
  ``PETAVATAR_OPENAI_BASE_URL``/``PETAVATAR_OPENAI_API_KEY``) override them.
  Local servers need no key, so a missing one is replaced by a placeholder.
* Text steps are vision chat completions forced into the step's JSON schema.
  ``output_mode="auto"`` tries ``response_format`` json_schema, then a forced
  function (tool) call, then plain JSON described in the prompt, moving on
  when a server answers 400/422 to a mode; the mode that worked is kept for
  the process and named in the provenance. Every mode validates the answer
  and repairs once (:func:`petavatar.providers.structured.ask_structured`).
* The avatar uses ``images.edit`` with the pet photo, else ``images.generate``;
  a server without an images API (404/405/501) gets the offline renderer, and
  the provenance says so.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, cast

import httpx
from pydantic import Field, SecretStr

from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    PartProvenance,
    PetAnalysis,
    Usage,
)
from petavatar.errors import ContentFilteredError, PetAvatarError, ProviderError
from petavatar.ports.provider import ProviderConfig, StepResult
from petavatar.providers import prompts
from petavatar.providers.images import accept_avatar, photo_bytes
from petavatar.providers.model_provider import ModelProvider, StepSpec
from petavatar.providers.openai_compat.errors import translate
from petavatar.providers.structured import Reply, answer_schema, ask_structured, parser
from petavatar.rendering.decode import LoadedImage

if TYPE_CHECKING:
    from openai import OpenAI

T = TypeVar("T")
OutputMode = Literal["json_schema", "tools", "json"]
ImageWay = Literal["edit", "generate"]
OUTPUT_MODES: Final[tuple[OutputMode, ...]] = ("json_schema", "tools", "json")
_NO_IMAGES_API: Final[frozenset[int]] = frozenset({404, 405, 501})
_MODE_REFUSED: Final[frozenset[int]] = frozenset({400, 422})


class OpenAIConfig(ProviderConfig):
    """OpenAI-compatible settings; None means "as the openai client decides"."""

    name: str = "openai"
    base_url: str | None = None
    api_key: SecretStr | None = None
    chat_model: str = "gpt-5-mini"
    image_model: str = "gpt-image-1"
    output_mode: Literal["auto", "json_schema", "tools", "json"] = "auto"
    images: Literal["auto", "generate", "offline"] = Field(
        default="auto", description="auto: edit with the photo, else generate, else offline."
    )
    max_tokens: int = Field(default=4096, ge=256)


class _ModeRefused(Exception):
    """The server rejected an output mode; the next one should be tried."""


class _NoImagesApi(Exception):
    """The server has no such images endpoint."""


class OpenAICompatProvider(ModelProvider):
    """All four steps on an OpenAI-compatible server."""

    config: OpenAIConfig

    def __init__(self, config: OpenAIConfig | None = None, *, client: OpenAI | None = None) -> None:
        super().__init__(config or OpenAIConfig())
        self._client = client
        self._lock = threading.Lock()
        self._mode: OutputMode | None = None
        self._refused: list[str] = []
        self._missing_images: set[ImageWay] = set()

    @property
    def client(self) -> OpenAI:
        with self._lock:
            if self._client is None:
                self._client = self._make_client()
            return self._client

    def _make_client(self) -> OpenAI:
        from openai import OpenAI, OpenAIError

        options: dict[str, Any] = {"max_retries": 0, "timeout": self.config.timeout_seconds}
        if self.config.base_url:
            options["base_url"] = self.config.base_url
        if self.config.api_key is not None:
            options["api_key"] = self.config.api_key.get_secret_value()
        try:
            return OpenAI(**options)
        except OpenAIError:
            # No key anywhere: local servers (Ollama, vLLM, LM Studio) accept any.
            return OpenAI(**{**options, "api_key": "no-key-needed"})

    @property
    def server(self) -> str:
        return str(self.client.base_url).rstrip("/")

    def warm_up(self) -> None:
        _ = self.client

    # -- text steps --------------------------------------------------------------------

    def content(self, text: str, photo: LoadedImage | None) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = [{"type": "text", "text": text}]
        if photo is not None:
            jpeg = base64.b64encode(photo_bytes(photo.image, max_side=1024, fmt="JPEG")).decode()
            url = f"data:image/jpeg;base64,{jpeg}"
            parts.append({"type": "image_url", "image_url": {"url": url}})
        return parts

    def _modes(self) -> tuple[OutputMode, ...]:
        if self.config.output_mode != "auto":
            return (self.config.output_mode,)
        with self._lock:
            if self._mode is not None:
                return OUTPUT_MODES[OUTPUT_MODES.index(self._mode) :]
        return OUTPUT_MODES

    def structured(
        self, step: StepSpec, content: list[dict[str, Any]], build: Callable[[Any], T]
    ) -> StepResult[T]:
        source = f"model {self.config.chat_model} at {self.server}"
        schema, parse = answer_schema(step.answer), parser(step.answer, build)
        modes = self._modes()
        for mode in modes:
            exchange = _ChatExchange(self, mode, step, schema, content, last=mode == modes[-1])
            try:
                done = ask_structured(exchange, parse, what=step.what, source=source)
            except _ModeRefused as refused:
                with self._lock:
                    self._refused.append(f"{mode} refused ({refused})")
                continue
            with self._lock:
                self._mode = mode
                note = "; ".join([*dict.fromkeys(self._refused), f"structured output via {mode}"])
            if done.repaired:
                note += "; repaired once after validation errors"
            made_by = PartProvenance(provider=self.name, model=self.config.chat_model, note=note)
            return StepResult(done.value, done.usage, made_by)
        raise ProviderError(f"{source} accepted none of the output modes {list(modes)}")

    def chat(self, request: dict[str, Any], *, mode: OutputMode, last: bool) -> Any:
        """One chat completion, errors translated; a refused mode is signalled when not last."""
        import openai

        try:
            completion = self.client.chat.completions.create(**request)
        except openai.APIStatusError as exc:
            if exc.status_code in _MODE_REFUSED and not last:
                raise _ModeRefused(f"{exc.status_code}") from exc
            raise self._translated(exc, self.config.chat_model) from exc
        except openai.OpenAIError as exc:
            raise self._translated(exc, self.config.chat_model) from exc
        if not completion.choices:
            raise ProviderError(f"model {self.config.chat_model} at {self.server} sent no choices")
        if completion.choices[0].finish_reason == "content_filter":
            raise ContentFilteredError(
                f"model {self.config.chat_model} at {self.server} refused the request on "
                "content-safety grounds; use a different photo"
            )
        return completion

    def _translated(self, exc: Exception, model: str) -> PetAvatarError:
        setting = (
            "PETAVATAR_OPENAI_IMAGE_MODEL"
            if model == self.config.image_model
            else "PETAVATAR_OPENAI_CHAT_MODEL"
        )
        return translate(exc, server=self.server, model=model, setting=setting)

    # -- the avatar --------------------------------------------------------------------

    def render_avatar_from_photo(
        self, photo: LoadedImage | None, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        prompt = prompts.avatar_prompt(analysis, career)
        ways: list[ImageWay] = []
        if self.config.images == "auto" and photo is not None:
            ways.append("edit")
        if self.config.images in ("auto", "generate"):
            ways.append("generate")
        skipped: list[str] = []
        for way in ways:
            if way in self._missing_images:
                skipped.append(f"no images.{way}")
                continue
            try:
                return self._drawn(way, prompt, photo, skipped)
            except _NoImagesApi:
                with self._lock:
                    self._missing_images.add(way)
                skipped.append(f"no images.{way}")
        return self._drawn_offline(analysis, career, skipped)

    def _drawn(
        self, way: ImageWay, prompt: str, photo: LoadedImage | None, skipped: list[str]
    ) -> StepResult[AvatarImage]:
        import openai

        model = self.config.image_model
        start = time.perf_counter()
        try:
            if way == "edit" and photo is not None:
                png = photo_bytes(photo.image, max_side=1024)
                answer = self.client.images.edit(
                    model=model,
                    image=("pet.png", png, "image/png"),
                    prompt=prompt,
                    size="1024x1024",
                    n=1,
                )
            else:
                answer = self.client.images.generate(
                    model=model, prompt=prompt, size="1024x1024", n=1
                )
        except openai.APIStatusError as exc:
            if exc.status_code in _NO_IMAGES_API:
                raise _NoImagesApi() from exc
            raise self._translated(exc, model) from exc
        except openai.OpenAIError as exc:
            raise self._translated(exc, model) from exc
        source = f"image model {model} at {self.server}"
        data = self._image_bytes(answer, source)
        elapsed = round(time.perf_counter() - start, 6)
        used = getattr(answer, "usage", None)
        usage = Usage(
            model_calls=1,
            images_generated=1,
            input_tokens=int(getattr(used, "input_tokens", 0) or 0),
            output_tokens=int(getattr(used, "output_tokens", 0) or 0),
            compute_seconds=elapsed,
        )
        avatar = accept_avatar(
            data, prompt=prompt, source=source, parameters={"model": model, "api": f"images.{way}"}
        )
        note = "; ".join(
            [*skipped, f"images.{way}" + (" with the pet photo" if way == "edit" else "")]
        )
        return StepResult(avatar, usage, PartProvenance(provider=self.name, model=model, note=note))

    def _image_bytes(self, answer: Any, source: str) -> bytes:
        items = list(getattr(answer, "data", None) or [])
        if not items:
            raise ProviderError(f"{source} returned no image")
        first = items[0]
        if getattr(first, "b64_json", None):
            try:
                return base64.b64decode(first.b64_json, validate=True)
            except ValueError as exc:
                raise ProviderError(f"{source} returned an image that is not base64") from exc
        if getattr(first, "url", None):
            try:
                reply = httpx.get(first.url, timeout=self.config.timeout_seconds)
                reply.raise_for_status()
            except httpx.HTTPError as exc:
                raise ProviderError(f"{source} gave an image URL that could not be read") from exc
            return reply.content
        raise ProviderError(f"{source} returned neither image data nor a URL")

    def _drawn_offline(
        self, analysis: PetAnalysis, career: CareerProfile, skipped: list[str]
    ) -> StepResult[AvatarImage]:
        from petavatar.providers.local.avatar import render_avatar
        from petavatar.providers.local.provider import LOCAL_MODELS

        start = time.perf_counter()
        avatar = render_avatar(analysis, career)
        elapsed = round(time.perf_counter() - start, 6)
        reason = "; ".join(skipped) or "images disabled (PETAVATAR_OPENAI_IMAGES=offline)"
        note = f"{self.server}: {reason}; drawn by the offline renderer"
        return StepResult(
            avatar,
            Usage(model_calls=1, images_generated=1, compute_seconds=elapsed),
            PartProvenance(provider="local", model=LOCAL_MODELS["render"], note=note),
        )


class _ChatExchange:
    """One structured answer over chat completions in one output mode."""

    def __init__(
        self,
        provider: OpenAICompatProvider,
        mode: OutputMode,
        step: StepSpec,
        schema: dict[str, Any],
        content: list[dict[str, Any]],
        *,
        last: bool,
    ) -> None:
        self.provider = provider
        self.mode = mode
        self.name = step.name
        self.what = step.what
        self.schema = schema
        self.last = last
        self.content = content
        if mode == "json":
            extra = {"type": "text", "text": prompts.json_only_prompt(schema)}
            self.content = [*content, extra]

    def ask(self) -> Reply:
        system = {"role": "system", "content": prompts.prompt_book().system}
        return self._send([system, {"role": "user", "content": self.content}])

    def correct(self, previous: Reply, problems: str) -> Reply:
        history, call_id = cast(tuple[list[dict[str, Any]], str | None], previous.state)
        text = prompts.repair_prompt(problems)
        if self.mode != "json":
            # Some servers accept response_format/tools and silently ignore them; the
            # second try then shows the model the schema itself.
            text = f"{text}\n{prompts.json_only_prompt(self.schema)}"
        follow: dict[str, Any] = (
            {"role": "tool", "tool_call_id": call_id, "content": text}
            if call_id
            else {"role": "user", "content": text}
        )
        return self._send([*history, follow])

    def _request(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        request: dict[str, Any] = {
            "model": self.provider.config.chat_model,
            "messages": messages,
            "max_completion_tokens": self.provider.config.max_tokens,
        }
        description = f"Report the {self.what} as structured data."
        if self.mode == "json_schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": self.name,
                    "description": description,
                    "schema": self.schema,
                    "strict": True,
                },
            }
        elif self.mode == "tools":
            request["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": self.name,
                        "description": description,
                        "parameters": self.schema,
                    },
                }
            ]
            request["tool_choice"] = {"type": "function", "function": {"name": self.name}}
        return request

    def _send(self, messages: list[dict[str, Any]]) -> Reply:
        start = time.perf_counter()
        completion = self.provider.chat(self._request(messages), mode=self.mode, last=self.last)
        elapsed = round(time.perf_counter() - start, 6)
        message = completion.choices[0].message
        calls = list(message.tool_calls or [])
        assistant: dict[str, Any] = {"role": "assistant", "content": message.content or ""}
        payload: object = message.content or ""
        call_id: str | None = None
        if calls:
            call = calls[0]
            call_id = call.id
            payload = call.function.arguments
            assistant["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.function.name, "arguments": call.function.arguments},
                }
            ]
        used = completion.usage
        usage = Usage(
            model_calls=1,
            input_tokens=int(getattr(used, "prompt_tokens", 0) or 0),
            output_tokens=int(getattr(used, "completion_tokens", 0) or 0),
            compute_seconds=elapsed,
        )
        return Reply(payload, usage, state=([*messages, assistant], call_id))
