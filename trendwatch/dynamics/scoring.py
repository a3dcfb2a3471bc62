"""How well stated probabilities matched what happened: Brier score and calibration.

Both take (probability, outcome) pairs: probability between 0 and 1 as stated, outcome 1 (came
true), 0.5 (partly) or 0 (did not). Forecasts that cannot be judged or are still open never get here.
"""

from dataclasses import dataclass

# No score is shown for fewer scored forecasts than this: one or two lucky calls say nothing.
MIN_SCORED_FORECASTS = 5


@dataclass
class Score:
    """The Brier score of a group of forecasts; `brier` is None when `count` is below the minimum."""

    count: int
    brier: float | None


@dataclass
class CalibrationPoint:
    """Forecasts stated at one probability, and how often they came true."""

    probability: float
    count: int
    observed: float


def brier_score(pairs):
    """Mean squared difference between stated probability and outcome: 0 is perfect, 0.25 is a coin."""
    pairs = list(pairs)
    if not pairs:
        raise ValueError("brier_score needs at least one (probability, outcome) pair")
    return sum((probability - outcome) ** 2 for probability, outcome in pairs) / len(pairs)


def score(pairs, minimum=MIN_SCORED_FORECASTS):
    """A Score for the pairs; the Brier score only when there are at least `minimum` (default 5)."""
    pairs = list(pairs)
    return Score(count=len(pairs), brier=brier_score(pairs) if pairs and len(pairs) >= minimum else None)


def calibration(pairs):
    """One point per stated probability, lowest first: how many forecasts, and their mean outcome.

    The likelihood scale has a handful of steps, so each step is its own bin.
    """
    bins = {}
    for probability, outcome in pairs:
        bins.setdefault(probability, []).append(outcome)
    return [
        CalibrationPoint(probability=probability, count=len(outcomes), observed=sum(outcomes) / len(outcomes))
        for probability, outcomes in sorted(bins.items())
    ]
