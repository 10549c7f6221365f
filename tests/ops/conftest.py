"""A stage deployed to moto for each operations test module that asks for one."""

from __future__ import annotations

import pytest

from tests.support.deployed import DeployedStage, deploy_stage


@pytest.fixture(scope="module")
def deployed() -> DeployedStage:
    """The template's ``test`` stage in a fresh moto account, shared by one module."""
    return deploy_stage("test")
