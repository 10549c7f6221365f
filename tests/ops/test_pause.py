"""ops pause/resume against the template deployed to moto: exactly undone, idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from petavatar.errors import NotFoundError
from petavatar.ops.pause import StagePauser
from petavatar.ops.resources import stage_resources
from tests.support.deployed import MOTO_STACK_MARKS, DeployedStage

pytestmark = MOTO_STACK_MARKS


def _state(lam: Any, functions: dict[str, str]) -> dict[str, Any]:
    concurrency = {
        name: lam.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions")
        for name in functions.values()
    }
    mappings = {
        m["UUID"]: m["State"]
        for part in ("events", "worker")
        for m in lam.list_event_source_mappings(FunctionName=functions[part])["EventSourceMappings"]
    }
    return {"concurrency": concurrency, "mappings": mappings}


def test_pause_stops_everything_and_resume_restores_it(deployed: DeployedStage) -> None:
    res = stage_resources("test", deployed.account)
    lam = deployed.clients.client("lambda")
    lam.delete_function_concurrency(FunctionName=res.functions["events"])  # an unreserved one
    before = _state(lam, res.functions)
    assert before["concurrency"][res.functions["api"]] == 10
    assert len(before["mappings"]) == 2
    pauser = StagePauser(deployed.clients, res, "test")

    changes = pauser.pause()

    paused = _state(lam, res.functions)
    assert set(paused["concurrency"].values()) == {0}
    assert set(paused["mappings"].values()) == {"Disabled"}
    assert len(changes) == 4 + 2
    assert pauser.record() is not None
    assert pauser.pause() == []  # idempotent: already paused, nothing touched
    assert _state(lam, res.functions) == paused

    restored = pauser.resume()

    assert len(restored) == 6
    assert _state(lam, res.functions) == before
    assert before["concurrency"][res.functions["events"]] is None
    assert pauser.record() is None
    assert pauser.resume() == []  # idempotent: not paused


def test_pause_of_a_missing_stage_is_not_found(deployed: DeployedStage) -> None:
    pauser = StagePauser(deployed.clients, stage_resources("prod", deployed.account))
    with pytest.raises(NotFoundError, match="stage 'prod' not found"):
        pauser.pause()
    assert pauser.record() is None
