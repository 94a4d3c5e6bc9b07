"""What a factor x lag test reports, and the limits that decide when it can run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from twitchtrack.domain.analysis.series import Outcome

Status = Literal["association", "no_clear_association", "insufficient_data"]
Side = Literal["high", "low"]
LAGS: tuple[int, ...] = (0, 1, 2)
MIN_PAIRED_DAYS = 14
MIN_PER_SIDE = 5

_JSON_KEYS = (
    "factor",
    "lag",
    "n",
    "rho",
    "rho_ci",
    "threshold",
    "high_mean",
    "low_mean",
    "difference",
    "difference_ci",
    "p",
    "p_adjusted",
    "status",
    "direction_unclear",
    "sentence",
    "days_needed",
    "n_effective",
)


@dataclass(frozen=True)
class Association:
    """One factor x lag test and its plain-language sentence."""

    factor: str
    lag: int
    n: int
    rho: float | None
    rho_ci: tuple[float, float] | None
    threshold: float | None
    threshold_kind: Literal["health", "median"]
    high_n: int
    low_n: int
    high_mean: float | None
    low_mean: float | None
    difference: float | None  # high_mean - low_mean, outcome per day
    difference_ci: tuple[float, float] | None
    p: float | None
    p_adjusted: float | None
    status: Status
    days_needed: int
    direction_unclear: bool
    sentence: str
    # Extra detail for charts: how the high side is defined, which side the
    # sentence talks about, the reverse-direction rho, and the outcome measured.
    high_rule: Literal[">=", ">"] = ">="
    focus: Side = "high"
    reverse_rho: float | None = None
    outcome: Outcome = "episodes"
    # The paired days counted as independent ones (docs/statistics.md); None
    # before a test could run.
    n_effective: float | None = None

    @property
    def focus_difference(self) -> float | None:
        """The difference seen from the sentence's side (focus minus other side)."""
        if self.difference is None:
            return None
        return self.difference if self.focus == "high" else -self.difference

    def to_json(self) -> dict[str, Any]:
        """The ``twitchtrack insights --json`` record (plus ``days_needed``)."""
        data: dict[str, Any] = {
            "factor": self.factor,
            "lag": self.lag,
            "n": self.n,
            "rho": self.rho,
            "rho_ci": list(self.rho_ci) if self.rho_ci is not None else None,
            "threshold": self.threshold,
            "high_mean": self.high_mean,
            "low_mean": self.low_mean,
            "difference": self.difference,
            "difference_ci": (
                list(self.difference_ci) if self.difference_ci is not None else None
            ),
            "p": self.p,
            "p_adjusted": self.p_adjusted,
            "status": self.status,
            "direction_unclear": self.direction_unclear,
            "sentence": self.sentence,
            "days_needed": self.days_needed,
            "n_effective": self.n_effective,
        }
        assert tuple(data) == _JSON_KEYS
        return data


@dataclass(frozen=True)
class Insights:
    """All factor x lag results for one range, in ``FACTORS`` x ``LAGS`` order."""

    days_analyzed: int
    associations: list[Association]
    outcome: Outcome = "episodes"

    def get(self, factor: str, lag: int) -> Association:
        """The result for one factor and lag."""
        for a in self.associations:
            if a.factor == factor and a.lag == lag:
                return a
        raise KeyError(f"no result for factor {factor!r} at lag {lag}")

    def clear(self) -> list[Association]:
        """The results reported as an association."""
        return [a for a in self.associations if a.status == "association"]

    def to_json(self) -> dict[str, Any]:
        """The ``twitchtrack insights --json`` document."""
        return {
            "days_analyzed": self.days_analyzed,
            "associations": [a.to_json() for a in self.associations],
        }
