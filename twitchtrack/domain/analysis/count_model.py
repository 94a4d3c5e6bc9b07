"""One count model per person: check-in factors at lags 0-2 against twitch counts."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

import numpy as np

from twitchtrack.domain.analysis.count_results import (
    CountModelResult,
    DoseResponse,
    FactorResult,
    LagFit,
    Method,
    Outcome,
    ReverseCheck,
    days_needed,
    sentence,
)
from twitchtrack.domain.analysis.stats import benjamini_hochberg
from twitchtrack.domain.analysis.tracking import (
    DOSE_STEPS,
    LAGS,
    MIN_PER_SIDE,
    MODEL_FACTORS,
    OPS,
    BoolArray,
    DayInput,
    FloatArray,
    TrackedDays,
    coding,
    indicator,
    tracked_days,
)

ALPHA = 0.05
Z975 = 1.959963984540054
MIN_DAYS = 28  # tracked days with the factor known, below which nothing is fitted
ADJUST_MIN_COVERAGE = 0.8  # another factor must be known on 80% of the rows
ADJUST_MIN_CORRELATION = 0.1  # and go with this one, to be worth three columns
ROWS_PER_PARAMETER = 8  # no adjustment that would leave fewer rows per term
HAC_LAGS = 7  # a week of serial correlation in the reverse check
SERIAL_LAGS = 14  # residual autocorrelation counted over two weeks
# A log rate ratio with a larger standard error is not estimable from these
# days (e.g. no twitches at all on one side): it is not tested.
MAX_SE = 3.0


@dataclass(frozen=True)
class Config:
    """Model choices the calibration compares; the defaults are the measured best."""

    persistence: Literal["none", "ar1", "both", "long"] = "long"
    trend_days_per_df: int = 60
    adjust: bool = True
    small_sample: bool = True
    serial: bool = True
    # Weighted Benjamini-Hochberg (Genovese, Roeder & Wasserman 2006), weights
    # fixed before any data and averaging 1: the same day (for sleep, the day
    # after the night) is each factor's main question, the next two days are
    # checks. Measured: power at 240 days 22% -> 35%, false links 3.5% -> 4.5%.
    lag_weights: tuple[float, float, float] = (2.0, 0.5, 0.5)


# ------------------------------------------------------------------ design


def _lag(a: FloatArray, k: int) -> FloatArray:
    out = np.full_like(a, np.nan)
    out[k:] = a[: a.size - k]
    return out


def _spline(x: FloatArray, df: int) -> FloatArray:
    """Natural cubic spline basis of ``x`` with ``df`` columns (ESL eq. 5.4-5.5)."""
    x = (x - x.min()) / max(float(np.ptp(x)), 1.0)
    if df <= 1:
        return x[:, None]
    knots = np.quantile(x, np.linspace(0, 1, df + 1))

    def d(k: int) -> FloatArray:
        top = np.clip(x - knots[k], 0, None) ** 3 - np.clip(x - knots[-1], 0, None) ** 3
        return np.asarray(top / (knots[-1] - knots[k]), dtype=np.float64)

    last = d(df - 1)
    basis = np.column_stack([x] + [d(k) - last for k in range(df - 1)])
    scaled = (basis - basis.mean(0)) / np.maximum(basis.std(0), 1e-12)
    return np.asarray(scaled, dtype=np.float64)


def _independent(x: FloatArray) -> BoolArray:
    """Columns not spanned by the ones before them (QR without pivoting)."""
    r = np.linalg.qr(x, mode="r")
    norms = np.linalg.norm(x, axis=0)
    return np.asarray(np.abs(np.diag(r)) > 1e-7 * np.maximum(norms, 1e-300))


def _base_design(td: TrackedDays, rows: BoolArray, cfg: Config) -> FloatArray:
    """Intercept, weekday, partial-day, trend and persistence columns for ``rows``."""
    idx = np.flatnonzero(rows)
    weekday = (np.arange(len(td)) + td.start.weekday()) % 7
    cols: list[FloatArray] = [np.ones(idx.size)]
    cols += [(weekday[idx] == k).astype(float) for k in range(1, 7)]
    cols.append(td.partial[idx].astype(float))
    # About one trend term per two months: slow ups and downs, not the spells
    # (those are the persistence terms' job).
    df = max(1, min(8, idx.size // cfg.trend_days_per_df))
    cols += list(_spline(idx.astype(float), df).T)
    ly = np.where(td.kept, np.log1p(np.nan_to_num(td.counts)), np.nan)
    fill = float(np.nanmean(ly[idx]))
    if cfg.persistence != "none":
        prev = _lag(ly, 1)[idx]  # yesterday, when it was tracked
        cols += [np.where(np.isnan(prev), fill, prev), np.isnan(prev).astype(float)]
    windows = {"both": (7,), "long": (7, 28)}.get(cfg.persistence, ())
    known = np.concatenate(([0.0], np.cumsum(~np.isnan(ly))))
    total = np.concatenate(([0.0], np.cumsum(np.nan_to_num(ly))))
    for days in windows:
        # The past week's (month's) mean: a steadier reading of the spell.
        lo = np.maximum(idx - days, 0)
        k = known[idx] - known[lo]
        mean = np.where(k > 0, (total[idx] - total[lo]) / np.maximum(k, 1), np.nan)
        cols += [np.where(np.isnan(mean), fill, mean), np.isnan(mean).astype(float)]
    x = np.column_stack(cols)
    return x[:, _independent(x)]


# -------------------------------------------------------------------- fits


def _dispersion(y: FloatArray, x: FloatArray) -> tuple[Method, float, FloatArray]:
    """NB2 alpha by maximum likelihood on the base model, else quasi-Poisson."""
    from statsmodels.discrete.discrete_model import NegativeBinomial
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a failed fit is handled below
        try:
            res = NegativeBinomial(y, x, loglike_method="nb2").fit(
                disp=0, method="newton", maxiter=50
            )
            alpha = float(res.params[-1])
            # alpha near 0 is Poisson (the NB variance function is then
            # unidentified); a huge one means the fit ran away.
            if res.mle_retvals.get("converged", False) and 1e-3 < alpha < 20:
                return "negative_binomial", alpha, np.asarray(res.params[:-1])
        except (ValueError, np.linalg.LinAlgError):
            pass
        pois = GLM(y, x, family=families.Poisson()).fit()
    # Never below 1: under-dispersion on a few days is noise, not precision.
    scale = max(1.0, float(pois.pearson_chi2 / max(pois.df_resid, 1)))
    return "quasi_poisson", scale, np.asarray(pois.params)


def _glm(
    y: FloatArray, x: FloatArray, method: Method, disp: float, cfg: Config, start: Any
) -> tuple[FloatArray, FloatArray] | None:
    """(params, standard errors) of the NB GLM with alpha fixed, or quasi-Poisson."""
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    nb = method == "negative_binomial"
    family = families.NegativeBinomial(alpha=disp) if nb else families.Poisson()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # non-finite results are rejected below
        try:
            scale = None if nb else disp
            res = GLM(y, x, family=family).fit(start_params=start, scale=scale)
        except (ValueError, np.linalg.LinAlgError):
            return None
    params, bse = np.asarray(res.params), np.asarray(res.bse)
    if cfg.small_sample:
        # n / (n - k), as in HC1 and the t-test: Wald errors from ~30 fitted
        # terms on a few hundred days run small (5-6% false links without it,
        # 2-3% with it, on the null journals of tests/domain/analysis).
        bse = bse * math.sqrt(y.size / max(y.size - x.shape[1], 1))
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(bse))):
        return None
    return params, bse


def _p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


# -------------------------------------------------------------- per factor


@dataclass
class _Raw:
    factor: str
    cut: float | None
    source: Literal["guideline", "even_split"]
    n: int = 0
    on: int = 0
    adjusted: tuple[str, ...] = ()
    lags: list[tuple[int, float, float, int]] = field(default_factory=list)
    dose: list[tuple[float, float] | None] | None = None  # per lag: b, se
    reverse: ReverseCheck | None = None
    share: float | None = None  # share of logged days meeting the cut-off


def _shift_corr(a: FloatArray, b: FloatArray) -> float:
    """Largest |correlation| of two daily series at shifts -2..2 (days both known)."""
    best = 0.0
    for s in range(-2, 3):
        x = a[max(s, 0) : a.size + min(s, 0)]
        y = b[max(-s, 0) : b.size + min(-s, 0)]
        ok = ~(np.isnan(x) | np.isnan(y))
        if ok.sum() > 10 and np.ptp(x[ok]) > 0 and np.ptp(y[ok]) > 0:
            best = max(best, abs(float(np.corrcoef(x[ok], y[ok])[0, 1])))
    return best


class _Model:
    """One analysis: tracked rows, base design and dispersion shared by all fits."""

    def __init__(self, td: TrackedDays, rows: BoolArray, cfg: Config) -> None:
        self.td, self.cfg = td, cfg
        self.idx = np.flatnonzero(rows)
        self.y = td.counts[self.idx]
        self.xb = _base_design(td, rows, cfg)
        self.method, self.disp, self.start = _dispersion(self.y, self.xb)
        self.codings = {f: coding(td.factors[f], f) for f in MODEL_FACTORS}
        mu = np.exp(np.clip(self.xb @ self.start, -20, 20))
        alpha = self.disp if self.method == "negative_binomial" else 0.0
        scale = self.disp if self.method == "quasi_poisson" else 1.0
        # Mean Fisher weight of a day for a log rate ratio: the person's own
        # variability, which "days needed" plans with.
        self.weight = float(np.mean(mu / (1 + alpha * mu)) / scale)

    def _adjusters(self, factor: str, sub: BoolArray) -> list[str]:
        """Other factors to adjust for: known on most rows and going with this one."""
        scored = []
        for g in MODEL_FACTORS:
            if g == factor or self.codings[g][0] is None:
                continue
            known = ~np.isnan(self.td.factors[g][self.idx[sub]])
            if known.mean() < ADJUST_MIN_COVERAGE:
                continue
            r = _shift_corr(self.td.factors[factor], self.td.factors[g])
            if r >= ADJUST_MIN_CORRELATION:
                scored.append((r, g))
        budget = int(sub.sum()) // ROWS_PER_PARAMETER - self.xb.shape[1] - 6
        return [g for _, g in sorted(scored, reverse=True)][: max(0, budget // 3)]

    def _fit_lags(
        self, focus: FloatArray, sub: BoolArray, adjust: list[str]
    ) -> list[tuple[float, float] | None] | None:
        """Lags 0-2 of ``focus`` in one fit; (log rate ratio, se) per lag."""
        at = self.idx[sub]
        lagged = [_lag(focus, k)[at] for k in LAGS]
        # A missing value is 0 plus a "missing" flag, so a day without
        # yesterday's check-in still informs today's coefficient.
        values = [np.nan_to_num(v) for v in lagged]
        flags = [np.isnan(v).astype(float) for v in lagged]
        extra = []
        for g in adjust:
            cut = self.codings[g][0]
            assert cut is not None
            ind = indicator(self.td.factors[g], OPS[g], cut)
            for k in LAGS:
                v = _lag(ind, k)[at]
                mean = float(np.nanmean(v)) if (~np.isnan(v)).any() else 0.0
                extra.append(np.where(np.isnan(v), mean, v))  # adjusters: mean-fill
        nb = self.xb.shape[1]
        x = np.column_stack([self.xb[sub], *values, *flags, *extra])
        keep = _independent(x)
        start = np.concatenate([self.start, np.zeros(x.shape[1] - nb)])[keep]
        fit = _glm(self.y[sub], x[:, keep], self.method, self.disp, self.cfg, start)
        if fit is None:
            return None
        where = np.cumsum(keep) - 1
        xk = x[:, keep]
        out: list[tuple[float, float] | None] = []
        for j in range(len(LAGS)):
            if not keep[nb + j]:
                out.append(None)
                continue
            col = int(where[nb + j])
            se = float(fit[1][col])
            if self.cfg.serial:
                se *= math.sqrt(self._serial(self.y[sub], xk, fit[0], col))
            out.append((float(fit[0][col]), se))
        return out

    def _serial(
        self, y: FloatArray, x: FloatArray, params: FloatArray, j: int
    ) -> float:
        """Variance inflation of coefficient ``j`` from serially correlated residuals.

        The persistence terms catch most of a spell, not all of it; when the
        factor drifts slowly too, independent-day errors run small (two slow
        series look linked). Bartlett's correction for a regression
        coefficient: 1 + 2 sum_k rho_e(k) rho_a(k), with rho_e the Pearson
        residuals' autocorrelation and rho_a that of the factor column after
        the other terms are partialled out (weighted), over two weeks of lags.
        """
        mu = np.exp(np.clip(x @ params, -30, 30))
        alpha = self.disp if self.method == "negative_binomial" else 0.0
        w = mu / (1 + alpha * mu)
        e = (y - mu) / np.sqrt(mu * (1 + alpha * mu))
        sw = np.sqrt(w)
        others = np.delete(x, j, axis=1) * sw[:, None]
        target = x[:, j] * sw
        coef = np.linalg.lstsq(others, target, rcond=None)[0]
        a = target - others @ coef
        ea, aa = float(e @ e), float(a @ a)
        if ea <= 0 or aa <= 0:
            return 1.0
        total = 1.0
        for k in range(1, min(SERIAL_LAGS, y.size // 4) + 1):
            rho_e = float(e[k:] @ e[:-k]) / ea
            rho_a = float(a[k:] @ a[:-k]) / aa
            total += 2 * rho_e * rho_a
        return max(1.0, total)

    def factor(self, factor: str) -> _Raw:
        """The joint binary fit, the dose-response fit and the reverse check."""
        cut, source = self.codings[factor]
        raw = _Raw(factor, cut, source)
        vals = self.td.factors[factor]
        if cut is None:
            raw.n = int(np.sum(~np.isnan(vals[self.idx])))
            return raw
        ind = indicator(vals, OPS[factor], cut)
        raw.share = float(np.nanmean(ind)) if (~np.isnan(ind)).any() else None
        lagged = [_lag(ind, k)[self.idx] for k in LAGS]
        sub = ~np.all(np.isnan(np.vstack(lagged)), axis=0)
        raw.n = int(np.sum(~np.isnan(lagged[0][sub])))
        raw.on = int(np.nansum(lagged[0][sub]))
        if raw.n < MIN_DAYS or min(raw.on, raw.n - raw.on) < MIN_PER_SIDE:
            return raw
        adjust = self._adjusters(factor, sub) if self.cfg.adjust else []
        got = self._fit_lags(ind, sub, adjust)
        if got is None:
            return raw
        raw.adjusted = tuple(adjust)
        for k, est in zip(LAGS, got, strict=True):
            known = lagged[k][sub]
            n_k = int(np.sum(~np.isnan(known)))
            on_k = int(np.nansum(known))
            if (
                est is not None
                and est[1] < MAX_SE
                and min(on_k, n_k - on_k) >= MIN_PER_SIDE
            ):
                raw.lags.append((k, est[0], est[1], n_k))
        step = DOSE_STEPS[factor][0]
        raw.dose = self._fit_lags((vals - np.nanmean(vals)) / step, sub, adjust)
        raw.reverse = self._reverse(factor)
        return raw

    def _reverse(self, factor: str) -> ReverseCheck | None:
        """Tomorrow's factor on log2(1 + today's count), given today's factor."""
        from statsmodels.regression.linear_model import OLS

        v = self.td.factors[factor]
        today, tomorrow = v[self.idx], np.append(v[1:], np.nan)[self.idx]
        ok = ~(np.isnan(today) | np.isnan(tomorrow))
        if ok.sum() < MIN_DAYS or np.ptp(tomorrow[ok]) == 0:
            return None
        x = np.column_stack([self.xb[ok], np.log2(1 + self.y[ok]), today[ok]])
        x = x[:, _independent(x)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = OLS(tomorrow[ok], x).fit(
                cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS}
            )
        b, se = float(res.params[-2]), float(res.bse[-2])
        if not (math.isfinite(b) and math.isfinite(se) and se > 0):
            return None
        lo, hi = b - Z975 * se, b + Z975 * se
        return ReverseCheck(b, lo, hi, _p(b / se), int(ok.sum()))


# ----------------------------------------------------------------- results


def _finish(
    raws: list[_Raw], model: _Model | None, cfg: Config, outcome: Outcome
) -> tuple[FactorResult, ...]:
    """Benjamini-Hochberg over every factor x lag tested, then one line per factor."""
    flat = [(i, *lag) for i, r in enumerate(raws) for lag in r.lags]
    tests = max(len(flat), len(LAGS) * len(raws))
    w = cfg.lag_weights
    weighted = [min(1.0, _p(b / se) / w[k]) for (_, k, b, se, _) in flat]
    adjusted = benjamini_hochberg(weighted)
    fits: dict[int, list[LagFit]] = {}
    for (i, k, b, se, n), pa in zip(flat, adjusted, strict=True):
        lo, hi = math.exp(b - Z975 * se), math.exp(b + Z975 * se)
        p = _p(b / se)
        # Never below p, so a link's interval always excludes no change.
        fits.setdefault(i, []).append(LagFit(k, math.exp(b), lo, hi, p, max(pa, p), n))
    out = []
    weight = None if model is None else model.weight
    for i, raw in enumerate(raws):
        mine = fits.get(i, [])
        common: dict[str, Any] = {
            "factor": raw.factor,
            "cutoff_op": OPS[raw.factor],
            "cutoff_value": raw.cut,
            "cutoff_source": raw.source,
            "days_meeting_cutoff": raw.on,
            "days_other": raw.n - raw.on,
            "adjusted_for": ("weekday", "trend", "persistence", *raw.adjusted),
            "lags": tuple(mine),
            "reverse": raw.reverse,
            "tests": tests,
        }
        if not mine:
            result = FactorResult(
                status="insufficient_data", lag=0, rate_ratio=None, ci_low=None,
                ci_high=None, p=None, p_adjusted=None, n=raw.n, dose_response=None,
                direction_unclear=False,
                days_needed=days_needed(raw.n, tests / w[0], None, raw.share, weight),
                **common,
            )  # fmt: skip
            out.append(replace(result, sentence=sentence(result, outcome)))
            continue
        best = min(mine, key=lambda f: (f.p_adjusted, f.p))
        # The strongest lag is reported when it passes; otherwise the same-day
        # figure says what the data rule out (one line per factor either way).
        linked = best.p_adjusted < ALPHA
        shown = best if linked else next((f for f in mine if f.lag == 0), best)
        dose = None
        est = None if raw.dose is None else raw.dose[LAGS.index(shown.lag)]
        if est is not None and est[1] < MAX_SE:
            b, se = est
            dose = DoseResponse(
                DOSE_STEPS[raw.factor][1], math.exp(b), math.exp(b - Z975 * se),
                math.exp(b + Z975 * se), _p(b / se),
            )  # fmt: skip
        se_shown = math.log(shown.ci_high / shown.ci_low) / (2 * Z975)
        rev = raw.reverse
        result = FactorResult(
            status="association" if linked else "no_clear_association",
            lag=shown.lag, rate_ratio=shown.rate_ratio, ci_low=shown.ci_low,
            ci_high=shown.ci_high, p=shown.p, p_adjusted=shown.p_adjusted,
            n=shown.n, dose_response=dose,
            direction_unclear=bool(
                linked and rev is not None and rev.p < ALPHA and rev.p < shown.p
            ),
            days_needed=None if linked else days_needed(
                raw.n, tests / w[shown.lag], se_shown, raw.share, None), **common,
        )  # fmt: skip
        out.append(replace(result, sentence=sentence(result, outcome)))
    return tuple(out)


def fit_count_model(
    days: Sequence[DayInput],
    *,
    start: date | None = None,
    end: date | None = None,
    config: Config | None = None,
    outcome: Outcome = "episodes",
) -> CountModelResult:
    """Analyse one journal's days; the outcome rows are limited to start..end.

    Pure: plain inputs in, frozen results out; statsmodels is imported on the
    first call (about 1-2 s cold), so call it from a worker thread.
    """
    cfg = config or Config()
    td = tracked_days(days)
    ordinal = td.start.toordinal() + np.arange(len(td))
    lo, hi = (start or td.start).toordinal(), (end or date.max).toordinal()
    span = (ordinal >= lo) & (ordinal <= hi)
    rows = td.kept & span
    model: _Model | None = None
    if rows.sum() >= MIN_DAYS and np.nansum(td.counts[rows]) > 0:
        model = _Model(td, rows, cfg)
        raws = [model.factor(f) for f in MODEL_FACTORS]
    else:
        raws = []
        for f in MODEL_FACTORS:
            cut, source = coding(td.factors[f], f)
            vals = td.factors[f][rows]
            raw = _Raw(f, cut, source, n=int(np.sum(~np.isnan(vals))))
            if cut is not None:
                ind = indicator(vals, OPS[f], cut)
                raw.on = int(np.nansum(ind))
                raw.share = float(np.nanmean(ind)) if raw.n else None
            raws.append(raw)
    factors = _finish(raws, model, cfg, outcome)
    return CountModelResult(
        days_analyzed=int(rows.sum()),
        days_excluded=td.excluded(span),
        quiet_run=td.quiet_run,
        method=model.method if model else "none",
        dispersion=model.disp if model else None,
        tests=factors[0].tests,
        factors=factors,
    )
