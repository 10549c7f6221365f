"""coach-companion: a scripted conversation that survives a restart and saves a version."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from starlette.testclient import TestClient

from petavatar.agents.coach_companion import CoachPlanner, career_history, intents
from petavatar.agents.hosting import create_agent_app
from petavatar.agents.runtime import SESSION_HEADER
from petavatar.bootstrap import Stack
from petavatar.config import Settings
from petavatar.domain.careers import get_career
from petavatar.domain.coaching import shorten_bio
from petavatar.domain.models import SENIORITIES
from tests.support.clock import ManualClock

SESSION = {SESSION_HEADER: "coach-session-0123456789abcdef0123456789"}


@contextmanager
def coach(settings: Settings, clock: ManualClock) -> Iterator[TestClient]:
    """A coach runtime over the data dir (a new one each time: a restart)."""
    app = create_agent_app("coach-companion", settings, clock=clock)
    with TestClient(app) as client:
        yield client
    app.state.runtime.close()


def say(client: TestClient, prompt: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/invocations", json={"prompt": prompt, **extra}, headers=SESSION)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_scripted_conversation_with_restarts_and_a_saved_version(
    settings: Settings, clock: ManualClock, stack: Stack, finished_job: str
) -> None:
    original = stack.jobs.get(finished_job)
    first_career = original.career_profile["career_id"]  # type: ignore[index]
    with coach(settings, clock) as client:
        why = say(client, "Why this career?", job_id=finished_job)
        assert why["tool_calls"] == ["explain_persona"]
        assert original.career_profile["rationale"] in why["message"]  # type: ignore[index]

        creative = say(client, "Can you find her something more creative?")
        assert creative["tool_calls"] == ["change_career"]
        creative_id = creative["persona"]["career"]["career_id"]
        entry = get_career(creative_id)
        assert creative_id != first_career
        assert (
            "creative" in entry.attire_style
            or entry.industry
            in {
                "media & design",
                "media",
                "advertising",
                "marketing",
                "broadcast media",
                "culinary",
            }
            or entry.background_setting == "creative_studio"
        )

        designer = say(client, "Hmm, make her a Graphic Designer instead.")
        assert designer["persona"]["career"]["job_title"] == "Graphic Designer"
        level = designer["persona"]["career"]["seniority"]
    clock.advance(30)
    with coach(settings, clock) as client:
        up = say(client, "Make her a bit more senior.")
        assert up["persona"]["career"]["seniority"] == SENIORITIES[SENIORITIES.index(level) + 1]
        upper = say(client, "And make her a bit more senior than that.")
        assert upper["persona"]["career"]["seniority"] == SENIORITIES[SENIORITIES.index(level) + 2]

        funny = say(client, "Rewrite the bio to be funnier.")
        funny_bio = funny["persona"]["identity"]["bio"]
        assert funny["persona"]["tones"] == ["funnier"] and funny_bio in funny["message"]
        short = say(client, "Actually, make it shorter.")
        assert short["persona"]["identity"]["bio"] == shorten_bio(funny_bio)
        assert len(short["persona"]["identity"]["bio"]) < len(funny_bio)

        health = say(client, "Try a career in healthcare instead.")
        assert health["persona"]["career"]["industry"] == "healthcare"
    with coach(settings, clock) as client:
        back = say(client, "Go back to the previous career.")
        assert back["persona"]["career"]["job_title"] == "Graphic Designer"
        assert back["persona"]["career"]["seniority"] == upper["persona"]["career"]["seniority"]

        saved = say(client, "Re-render the avatar and save this version.")
        assert saved["tool_calls"] == ["rerender_avatar", "save_version"]
        assert saved["persona"]["saved_version"] == 1
        assert base64.b64decode(saved["avatar"]["png_base64"]).startswith(b"\x89PNG")

    results = stack.service.get_results(finished_job)
    assert results.version == 1
    assert results.career.job_title == "Graphic Designer"
    assert results.identity.bio == saved["persona"]["identity"]["bio"]
    assert "versions/1/avatar.png" in results.avatar_url


def test_first_turn_needs_a_completed_job(
    settings: Settings, clock: ManualClock, stack: Stack
) -> None:
    with coach(settings, clock) as client:
        missing = client.post("/invocations", json={"prompt": "hi"}, headers=SESSION)
        assert missing.status_code == 400
        unknown = client.post(
            "/invocations",
            json={"prompt": "hi", "job_id": "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"},
            headers={SESSION_HEADER: "another-session-0123456789abcdef01234"},
        )
        assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")
        ticket = stack.service.create_upload()
        stack.jobs.create(ticket.job_id)
        queued = client.post(
            "/invocations",
            json={"prompt": "hi", "job_id": ticket.job_id},
            headers={SESSION_HEADER: "third-session-0123456789abcdef0123456"},
        )
        assert (queued.status_code, queued.json()["error"]) == (409, "conflict")


def test_an_idle_session_ends_and_is_refused(
    settings: Settings, clock: ManualClock, finished_job: str
) -> None:
    with coach(settings, clock) as client:
        say(client, "Why this career?", job_id=finished_job)
    clock.advance(settings.agent_session_idle_seconds + 1)
    with coach(settings, clock) as client:
        late = client.post("/invocations", json={"prompt": "Why?"}, headers=SESSION)
    assert (late.status_code, late.json()["error"]) == (410, "session_expired")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why a paralegal?", [("explain_persona", {"question": "why a paralegal"})]),
        ("make her less senior", [("change_seniority", {"direction": "down", "steps_count": 1})]),
        (
            "make her much more senior",
            [("change_seniority", {"direction": "up", "steps_count": 2})],
        ),
        ("rewrite the bio more formally", [("rewrite_bio", {"tone": "formal"})]),
        (
            "Try healthcare and make it shorter",
            [
                ("change_career", {"industry": "healthcare"}),
                ("rewrite_bio", {"tone": "shorter"}),
            ],
        ),
        ("something outdoors please", [("change_career", {"direction": "outdoors"})]),
        ("what's the weather like", []),
    ],
)
def test_plain_english_becomes_tool_calls(
    text: str, expected: list[tuple[str, dict[str, Any]]]
) -> None:
    assert [(c.name, c.input) for c in intents(text, [])] == expected


def _user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": [{"text": text}]}


def _tool_turn(use_id: str, name: str, result: dict[str, str]) -> list[dict[str, Any]]:
    use = {"toolUse": {"toolUseId": use_id, "name": name, "input": {}}}
    answer = {"toolUseId": use_id, "status": "success", "content": [{"text": json.dumps(result)}]}
    return [
        {"role": "assistant", "content": [use]},
        {"role": "user", "content": [{"toolResult": answer}]},
    ]


def test_references_to_earlier_careers_come_from_the_conversation() -> None:
    messages: list[Any] = [
        _user("[persona] job_id=j career_id=paralegal seniority=entry-level\nhi"),
        *_tool_turn(
            "a", "change_career", {"career_id": "graphic-designer", "seniority": "mid-level"}
        ),
        *_tool_turn(
            "b", "change_seniority", {"career_id": "graphic-designer", "seniority": "senior"}
        ),
        _user("go back to the original one"),
    ]
    assert career_history(messages) == [
        ("paralegal", "entry-level"),
        ("graphic-designer", "senior"),
    ]
    plan = CoachPlanner().plan(messages, frozenset({"change_career"}))
    assert plan.calls[0].input == {"career": "paralegal", "seniority": "entry-level"}
    messages[-1] = _user("hmm, go back to the previous career")
    assert CoachPlanner().plan(messages, frozenset()).calls[0].input["career"] == "paralegal"
