"""The price table: packaged data, user overrides, most-specific match, unknown never zero."""

from __future__ import annotations

from pathlib import Path

import pytest

from petavatar.domain.models import PartProvenance, Usage
from petavatar.errors import InvalidInputError
from petavatar.providers.pricing import PriceTable


def test_packaged_table_prices_the_default_models() -> None:
    table = PriceTable.load()
    claude = table.find("bedrock", "us.anthropic.claude-sonnet-5-5", "us-east-1")
    assert claude is not None and claude.input_per_mtok == 2.0
    assert table.find("bedrock", "stability.sd3-5-large-v1:0", "us-west-2") is not None
    assert table.find("local", "efficientnet-lite0", None) is not None
    assert table.find("openai", "llava", None) is None


def test_user_file_overrides_and_exact_region_wins(tmp_path: Path) -> None:
    user = tmp_path / "prices.toml"
    user.write_text(
        '[[price]]\nprovider = "bedrock"\nmodel = "stability.sd3-5-large-v1:0"\n'
        'region = "us-west-2"\nper_image = 0.5\n\n'
        '[[price]]\nprovider = "openai"\nmodel = "llava*"\nsource = "my own GPU"\n'
    )
    table = PriceTable.load(user)
    assert table.find("bedrock", "stability.sd3-5-large-v1:0", "us-west-2").per_image == 0.5
    assert table.find("bedrock", "stability.sd3-5-large-v1:0", "eu-west-1").per_image == 0.08
    free = table.find("openai", "llava:13b", None)
    assert free is not None and free.charge(Usage(input_tokens=10**6)) == 0.0


def test_job_cost_sums_parts_and_flags_unknown_models() -> None:
    table = PriceTable.load()
    usage = {
        "analyze": Usage(input_tokens=2_000_000, output_tokens=100_000),
        "render": Usage(images_generated=1),
        "write": Usage(input_tokens=5),
    }
    made = {
        "analyze": PartProvenance(provider="bedrock", model="us.anthropic.claude-sonnet-5-5"),
        "render": PartProvenance(provider="bedrock", model="stability.sd3-5-large-v1:0"),
        "write": PartProvenance(provider="openai", model="mystery"),
    }
    cost = table.job_cost(usage, made)
    assert cost.total is None and cost.unknown == ["openai/mystery"]
    assert cost.priced_total == pytest.approx(4.0 + 1.0 + 0.08)
    assert [line.amount is None for line in cost.lines] == [False, False, True]
    assert "price unknown" in cost.summary


@pytest.mark.parametrize("text", ["[[price]]\nmodel = 'x'\n", "not toml ["])
def test_a_broken_user_file_is_a_clear_error(tmp_path: Path, text: str) -> None:
    user = tmp_path / "prices.toml"
    user.write_text(text)
    with pytest.raises(InvalidInputError, match="not a valid price table"):
        PriceTable.load(user)


def test_a_missing_user_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="PETAVATAR_PRICE_FILE"):
        PriceTable.load(tmp_path / "nope.toml")
