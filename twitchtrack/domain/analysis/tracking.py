"""Which local days enter the count model (and why not), and how factors are coded."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Tracking = Literal["all", "some", "off"]
Op = Literal[">=", "<"]
CutoffSource = Literal["guideline", "even_split"]

TRACKING_STATES: tuple[Tracking, ...] = ("all", "some", "off")
# Days between a factor and the twitches it is compared with.
LAGS: tuple[int, ...] = (0, 1, 2)
# The check-in factors the count model relates to twitches (sleep quality is a
# rating of the same night as sleep_h and stays with the rank statistics for now).
MODEL_FACTORS: tuple[str, ...] = (
    "caffeine_mg",
    "sleep_h",
    "water_ml",
    "stress",
    "exercise_min",
    "alcohol_units",
    "magnesium_mg",
)
# Health-guideline cut-offs on the side people worry about. Caffeine 300 mg: the
# intake WHO calls high (antenatal guidance); the EFSA/FDA 400 mg adult ceiling
# is a safety limit most days never reach, so splitting there compares a thin
# tail with everything else and loses most of the signal (issue 16). Sleep under
# 7 h: the AASM/SRS adult minimum. Water under 1.5 l: kept from issue 5. Other
# factors have no guideline and split where the person's logged values divide
# most evenly; neither choice looks at the twitch counts.
CUTOFFS: dict[str, float] = {"caffeine_mg": 300.0, "sleep_h": 7.0, "water_ml": 1500.0}
OPS: dict[str, Op] = {
    f: "<" if f in ("sleep_h", "water_ml") else ">=" for f in MODEL_FACTORS
}
# Dose-response step, signed so a rate ratio above 1 points the same way as the
# cut-off's side (less sleep, less water).
DOSE_STEPS: dict[str, tuple[float, str]] = {
    "caffeine_mg": (100.0, "per 100 mg more caffeine"),
    "sleep_h": (-1.0, "per hour less sleep"),
    "water_ml": (-500.0, "per 500 ml less water"),
    "stress": (1.0, "per point more stress"),
    "exercise_min": (30.0, "per 30 min more exercise"),
    "alcohol_units": (1.0, "per unit more alcohol"),
    "magnesium_mg": (100.0, "per 100 mg more magnesium"),
}
MIN_PER_SIDE = 7  # days on each side of the cut-off, per lag
# Why a day was left out; keys of ``TrackedDays.excluded`` and of the JSON.
EXCLUSION_REASONS: tuple[str, ...] = (
    "marked_off",
    "no_count",
    "before_first_episode",
    "quiet_stretch",
)
# A run of zero-episode days nobody marked is read as "not tracking" from this
# length on, or longer when the person's own quiet runs are long (see
# ``quiet_threshold``); never longer than four weeks, so a month-long gap in
# twitch logging is always left out.
MIN_QUIET_RUN = 7
MAX_QUIET_RUN = 28
# Chance, per journal, that a run this long arises among truly tracked days.
QUIET_RUN_CHANCE = 0.05


@dataclass(frozen=True, slots=True)
class DayInput:
    """One local day as the model sees it.

    ``episodes`` is None when the caller knows the count is missing;
    ``tracking`` is the check-in's answer (None = not said); ``factors`` maps
    factor names to the day's value (None or absent = not recorded).
    """

    day: date
    episodes: int | None
    tracking: Tracking | None = None
    factors: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class TrackedDays:
    """Calendar arrays from the first to the last input day, and the rule's verdict."""

    start: date
    counts: FloatArray  # episodes per calendar day, NaN where unknown
    kept: BoolArray  # the day enters the model's outcome
    partial: BoolArray  # marked "some": a lower bound, kept with its own term
    factors: dict[str, FloatArray]  # NaN = not recorded; read on every day
    reason: npt.NDArray[np.int8]  # 0 kept, else 1 + index in EXCLUSION_REASONS
    quiet_run: int  # the run length from which unmarked quiet days are left out

    def __len__(self) -> int:
        return int(self.counts.size)

    def excluded(self, within: BoolArray | None = None) -> dict[str, int]:
        """Reason -> days left out (only reasons that occur), optionally in a mask."""
        codes = self.reason if within is None else self.reason[within]
        counts = np.bincount(codes, minlength=len(EXCLUSION_REASONS) + 1)
        return {
            r: int(counts[i + 1])
            for i, r in enumerate(EXCLUSION_REASONS)
            if counts[i + 1]
        }


def _runs(mask: BoolArray) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(starts, lengths) of the runs of True in ``mask``."""
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    starts, ends = edges[0::2], edges[1::2]
    return starts.astype(np.int64), (ends - starts).astype(np.int64)


_Q_GRID = np.linspace(0.01, 0.99, 99)


def quiet_threshold(zero_runs: npt.NDArray[np.int64]) -> int:
    """The zero-run length from which a quiet stretch is read as untracked.

    Natural zero runs are modelled as geometric with continuation ``q`` (the
    chance a zero day is followed by another), fitted by maximum likelihood to
    the runs shorter than the current threshold (truncated, so untracked
    stretches do not inflate ``q``). The threshold is the shortest run that all
    ``R`` runs of the journal would reach with chance below
    ``QUIET_RUN_CHANCE`` (``R * q**(k-1) < chance``), within
    [MIN_QUIET_RUN, MAX_QUIET_RUN]. For someone with three twitches a day that is
    7; for someone with one every other day it is two to three weeks.
    """
    k = MIN_QUIET_RUN
    if zero_runs.size == 0:
        return k
    for _ in range(6):
        short = zero_runs[zero_runs < k]
        if short.size == 0:
            return k
        extra = float(np.sum(short - 1))
        n = short.size
        q = _Q_GRID
        loglik = extra * np.log(q) + n * np.log1p(-q) - n * np.log1p(-(q ** (k - 1)))
        q_hat = float(q[int(np.argmax(loglik))])
        need = 1 + math.ceil(
            math.log(QUIET_RUN_CHANCE / zero_runs.size) / math.log(q_hat)
        )
        new_k = min(MAX_QUIET_RUN, max(MIN_QUIET_RUN, need))
        if new_k == k:
            break
        k = new_k
    return k


def tracked_days(days: Sequence[DayInput]) -> TrackedDays:
    """Apply the tracked-day rule to one journal's days (any order, unique dates).

    Dates missing between the first and last input day count as days with no
    episodes and nothing said. Left out: days marked ``off``; days whose count
    is None; unmarked days before the first sign of tracking (an episode or an
    ``all``/``some`` mark); unmarked zero-episode runs of ``quiet_run`` days or
    more anywhere else (check-ins may continue through them: answering the
    check-in is not logging twitches). A day marked ``all`` or ``some`` is
    always kept, and breaks a quiet run.
    """
    if not days:
        raise ValueError("no days given")
    ordinals = np.fromiter((d.day.toordinal() for d in days), np.int64, len(days))
    first = int(ordinals.min())
    size = int(ordinals.max()) - first + 1
    idx = ordinals - first
    if np.unique(idx).size != idx.size:
        raise ValueError("each date may appear once")
    counts = np.zeros(size)
    said = np.zeros(size, dtype=np.int8)  # 0 not said, 1 all, 2 some, 3 off
    codes = {None: 0, "all": 1, "some": 2, "off": 3}
    factors = {f: np.full(size, np.nan) for f in MODEL_FACTORS}
    for i, d in zip(idx.tolist(), days, strict=True):
        counts[i] = np.nan if d.episodes is None else float(d.episodes)
        if d.episodes is not None and d.episodes < 0:
            raise ValueError(f"negative episode count on {d.day}")
        said[i] = codes[d.tracking]
        for name, value in d.factors.items():
            if name in factors and value is not None:
                factors[name][i] = float(value)
    off = said == 3
    unknown = np.isnan(counts) & ~off
    usable = ~off & ~unknown
    evidence = usable & (((counts > 0) & ~np.isnan(counts)) | (said == 1) | (said == 2))
    hits = np.flatnonzero(evidence)
    before = np.zeros(size, dtype=bool)
    before[: hits[0] if hits.size else size] = True
    before &= usable & (said == 0)
    # Natural zero runs: zero days after the start, whatever their mark.
    zero = usable & ~before & (counts == 0)
    _, all_lengths = _runs(zero)
    k = quiet_threshold(all_lengths)
    quiet_candidates = zero & (said == 0)
    starts, lengths = _runs(quiet_candidates)
    quiet = np.zeros(size, dtype=bool)
    for s, n in zip(starts.tolist(), lengths.tolist(), strict=True):
        if n >= k:
            quiet[s : s + n] = True
    kept = usable & ~before & ~quiet
    reason = np.zeros(size, dtype=np.int8)
    for code, mask in enumerate((off, unknown, before, quiet), start=1):
        reason[mask] = code
    return TrackedDays(
        start=date.fromordinal(first),
        counts=counts,
        kept=kept,
        partial=said == 2,
        factors=factors,
        reason=reason,
        quiet_run=k,
    )


def coding(values: FloatArray, factor: str) -> tuple[float | None, CutoffSource]:
    """The cut-off: the guideline, else the most even split of the logged values.

    The guideline also gives way when it leaves fewer than ``MIN_PER_SIDE``
    logged days on a side, so nobody is asked to log riskier days for an answer.
    """
    known = values[~np.isnan(values)]
    op = OPS[factor]
    guide = CUTOFFS.get(factor)
    if guide is not None and known.size:
        side = int(np.sum(known >= guide if op == ">=" else known < guide))
        if min(side, known.size - side) >= MIN_PER_SIDE:
            return guide, "guideline"
    uniq = np.unique(known)
    if uniq.size < 2:
        return guide, "guideline" if guide is not None else "even_split"
    cand = uniq[1:]  # ">= v" and "< v" both split just below an observed value
    share = np.searchsorted(np.sort(known), cand, side="left") / known.size
    return float(cand[int(np.argmin(np.abs(share - 0.5)))]), "even_split"


def indicator(values: FloatArray, op: Op, cut: float) -> FloatArray:
    """1 on days meeting the cut-off, 0 on others, NaN where not recorded."""
    hit = (values >= cut) if op == ">=" else (values < cut)
    return np.where(np.isnan(values), np.nan, hit.astype(float))
