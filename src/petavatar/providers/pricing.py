"""Turn metered usage into money: a price table and the cost of one job.

The table is data (``providers/data/prices.toml`` in the package, plus an
optional user file named by ``PETAVATAR_PRICE_FILE`` whose entries win). Each
entry prices one provider/model/region (globs allowed) per million input and
output tokens, per generated image and per compute second. A step whose model
has no entry gets ``amount=None`` and the job's total becomes "price unknown":
an unpriced model is never reported as free.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatchcase
from importlib import resources
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from petavatar.domain.models import PartProvenance, PersonaPart, Usage
from petavatar.errors import InvalidInputError

CURRENCY: Final[str] = "USD"
PRICE_UNKNOWN: Final[str] = "price unknown"
_MILLION: Final[float] = 1_000_000.0


class Price(BaseModel):
    """The rates of one provider/model/region."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: str
    model: str = Field(description="Model id or glob.")
    region: str = Field(default="*", description="Region or glob.")
    input_per_mtok: float = Field(default=0.0, ge=0)
    output_per_mtok: float = Field(default=0.0, ge=0)
    per_image: float = Field(default=0.0, ge=0)
    per_compute_second: float = Field(default=0.0, ge=0)
    source: str = ""

    def matches(self, provider: str, model: str, region: str | None) -> bool:
        return (
            self.provider == provider
            and fnmatchcase(model, self.model)
            and fnmatchcase(region or "", self.region)
        )

    def specificity(self) -> tuple[bool, bool]:
        return ("*" not in self.model, self.region != "*")

    def charge(self, usage: Usage) -> float:
        return (
            usage.input_tokens * self.input_per_mtok / _MILLION
            + usage.output_tokens * self.output_per_mtok / _MILLION
            + usage.images_generated * self.per_image
            + usage.compute_seconds * self.per_compute_second
        )


class _PriceFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    price: list[Price] = Field(default_factory=list)


class CostLine(BaseModel):
    """What one part of the persona cost."""

    model_config = ConfigDict(frozen=True)

    part: PersonaPart
    provider: str
    model: str
    region: str | None = None
    usage: Usage
    amount: float | None = Field(description="Money spent; null when the price is unknown.")
    price_source: str | None = None


class JobCost(BaseModel):
    """The cost of one job, per part and in total."""

    model_config = ConfigDict(frozen=True)

    currency: str = CURRENCY
    total: float | None = Field(description="Total spend; null if any part's price is unknown.")
    priced_total: float = Field(description="The sum of the parts whose price is known.")
    unknown: list[str] = Field(
        default_factory=list, description="provider/model pairs with no price."
    )
    lines: list[CostLine] = Field(default_factory=list)

    @property
    def summary(self) -> str:
        """``$0.012300`` or ``price unknown (openai/llava); $0.080000 priced``."""
        if self.total is not None:
            return f"${self.total:.6f}"
        return f"{PRICE_UNKNOWN} ({', '.join(self.unknown)}); ${self.priced_total:.6f} priced"


class PriceTable:
    """Looks prices up; user entries are searched before the packaged ones."""

    def __init__(self, prices: list[Price]) -> None:
        self.prices = list(prices)

    @classmethod
    def load(cls, user_file: Path | None = None) -> PriceTable:
        """The packaged table, extended (and overridden) by ``user_file`` when given."""
        packaged = resources.files("petavatar.providers").joinpath("data/prices.toml")
        prices = _parse(packaged.read_text(encoding="utf-8"), "the packaged price table")
        if user_file is not None:
            try:
                text = Path(user_file).read_text(encoding="utf-8")
            except OSError as exc:
                raise InvalidInputError(
                    f"cannot read the price file {user_file}: {exc.strerror}; "
                    "fix PETAVATAR_PRICE_FILE or remove it"
                ) from exc
            prices = _parse(text, f"the price file {user_file}") + prices
        return cls(prices)

    def find(self, provider: str, model: str, region: str | None) -> Price | None:
        """The best entry for this provider/model/region, or None when unpriced."""
        for wanted in ((True, True), (True, False), (False, True), (False, False)):
            for price in self.prices:
                if price.specificity() == wanted and price.matches(provider, model, region):
                    return price
        return None

    def job_cost(
        self, usage: dict[PersonaPart, Usage], provenance: dict[PersonaPart, PartProvenance]
    ) -> JobCost:
        """Price every part; parts without provenance are priced as unknown."""
        lines: list[CostLine] = []
        for part, used in usage.items():
            made_by = provenance.get(part) or PartProvenance(provider="unknown", model="unknown")
            price = self.find(made_by.provider, made_by.model, made_by.region)
            lines.append(
                CostLine(
                    part=part,
                    provider=made_by.provider,
                    model=made_by.model,
                    region=made_by.region,
                    usage=used,
                    amount=None if price is None else round(price.charge(used), 8),
                    price_source=None if price is None else price.source,
                )
            )
        priced = round(sum(line.amount or 0.0 for line in lines), 8)
        unknown = sorted({f"{ln.provider}/{ln.model}" for ln in lines if ln.amount is None})
        return JobCost(
            total=None if unknown else priced, priced_total=priced, unknown=unknown, lines=lines
        )


def _parse(text: str, where: str) -> list[Price]:
    try:
        return _PriceFile.model_validate(tomllib.loads(text)).price
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise InvalidInputError(f"{where} is not a valid price table: {exc}") from exc
