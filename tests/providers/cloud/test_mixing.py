"""Mixed steps and cost output end to end: offline steps beside a cloud step, through the CLI."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("openai")
skimage_data = pytest.importorskip("skimage.data")

from PIL import Image  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from petavatar.bootstrap import build_pipeline, build_provider  # noqa: E402
from petavatar.config import Settings  # noqa: E402
from petavatar.entrypoints.cli.main import main  # noqa: E402
from petavatar.providers.composite import MixedProvider  # noqa: E402
from tests.support.fake_openai import FakeOpenAI, FakeOpenAIServer  # noqa: E402


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(FakeOpenAI()) as running:
        yield running


@pytest.fixture(scope="module")
def cat_jpeg() -> bytes:
    out = io.BytesIO()
    Image.fromarray(skimage_data.chelsea()).save(out, format="JPEG", quality=92)
    return out.getvalue()


def test_offline_classifier_with_a_cloud_writer(server, model_cache_dir: Path, cat_jpeg) -> None:
    settings = Settings(
        cache_dir=model_cache_dir,
        provider="local",
        provider_write="openai",
        openai_base_url=server.base_url,
        openai_api_key=SecretStr("k"),
    )
    pipeline = build_pipeline(settings)
    assert isinstance(pipeline.provider, MixedProvider)
    result = pipeline.run(cat_jpeg)
    made = {part: (p.provider, p.model) for part, p in result.provenance.items()}
    assert made == {
        "analyze": ("local", "efficientnet-lite2"),
        "map": ("local", "career-catalog"),
        "render": ("local", "dicebear-avatar"),
        "write": ("openai", "gpt-5-mini"),
    }
    chats = server.fake.chat_requests()
    assert [c["response_format"]["json_schema"]["name"] for c in chats] == ["report_identity"]
    assert result.analysis.species == "cat"  # the offline classifier's reading
    cost = result.cost
    assert cost is not None and cost.total == pytest.approx((1000 * 0.25 + 250 * 2.0) / 1e6)
    local_lines = [line for line in cost.lines if line.provider == "local"]
    assert len(local_lines) == 3 and all(line.amount == 0.0 for line in local_lines)


def test_cli_generate_with_openai_prints_and_writes_the_cost(
    server, tmp_path: Path, cat_jpeg, monkeypatch, capsys
) -> None:
    photo = tmp_path / "cat.jpg"
    photo.write_bytes(cat_jpeg)
    monkeypatch.setenv("PETAVATAR_PROVIDER", "openai")
    monkeypatch.setenv("PETAVATAR_PROVIDER_RENDER", "local")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    code = main(["generate", str(photo), "--out", str(tmp_path / "out")])
    printed = capsys.readouterr().out
    assert code == 0
    assert "cost: $0.002250" in printed
    assert "render: local/dicebear-avatar" in printed and "write: openai/gpt-5-mini" in printed
    document = json.loads((tmp_path / "out" / "identity.json").read_text())
    assert document["cost"]["total"] == pytest.approx(3 * (1000 * 0.25 + 250 * 2.0) / 1e6)
    assert document["provenance"]["analyze"]["provider"] == "openai"
    assert document["usage"]["by_step"]["write"]["input_tokens"] == 1000


def test_missing_cloud_endpoint_is_one_clear_line(tmp_path: Path, cat_jpeg, monkeypatch, capsys):
    photo = tmp_path / "cat.jpg"
    photo.write_bytes(cat_jpeg)
    monkeypatch.setenv("PETAVATAR_PROVIDER", "openai")
    monkeypatch.setenv("PETAVATAR_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("PETAVATAR_MAX_RETRIES", "0")
    code = main(["generate", str(photo), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1 and "could not be reached" in err


def test_the_offline_path_never_imports_cloud_clients() -> None:
    script = (
        "import sys\n"
        "from petavatar.bootstrap import build_pipeline\n"
        "from petavatar.config import Settings\n"
        "import petavatar.entrypoints.cli.main\n"
        "build_pipeline(Settings())\n"
        "loaded = [m for m in ('boto3', 'botocore', 'openai') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_each_provider_is_built_once_however_many_steps_use_it() -> None:
    provider = build_provider(
        Settings(provider="bedrock", provider_analyze="local", provider_map="local")
    )
    assert isinstance(provider, MixedProvider)
    assert provider.steps["render"] is provider.steps["write"]
    assert provider.steps["analyze"] is provider.steps["map"]
    assert provider.name == "mixed(local+bedrock)"
