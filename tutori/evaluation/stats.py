"""The statistics of a pre/post self-assessment: the change of paired answers, its
Wilcoxon signed-rank test (scipy) and the matched-pairs rank-biserial correlation as its
effect size, and how to say them in plain words.

The database hands over the paired differences grouped with their counts (``(difference,
count)``: a handful of rows per statement whatever the number of people); they are
expanded here into the array scipy wants. Zero differences (no change) are dropped before
ranking, as scipy's default ``zero_method="wilcox"`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from tutori.core import privacy
from tutori.core.numbers import middle_values

# The significance level of "tilastollisesti merkitsevä".
ALPHA = 0.05
# Effect size in words: |r| below each bound (rank-biserial correlation, the usual bounds of a
# correlation's size: 0.1, 0.3, 0.5).
EFFECT_BOUNDS = ((0.1, "hyvin pieni"), (0.3, "pieni"), (0.5, "keskisuuri"))
ZERO_METHOD = "wilcox"
# The exact p-value up to this many changed pairs (without ties).
EXACT_UP_TO = 50

Counted = Sequence[tuple[Fraction | int, int]]


def rounded(value: Fraction | float | int | None, places: int = 2) -> Decimal | None:
    """``value`` as a Decimal of ``places`` decimals (half up), None stays None."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def weighted_mean(counts: Counted) -> Fraction | None:
    n = sum(count for _value, count in counts)
    if n == 0:
        return None
    return sum((Fraction(value) * count for value, count in counts), Fraction(0)) / n


def weighted_median(counts: Counted) -> Fraction | None:
    """The median of values given as ``(value, count)`` pairs."""
    middle = middle_values((Fraction(value), count) for value, count in counts)
    return None if middle is None else (middle[0] + middle[1]) / 2


def expanded(counts: Counted) -> list[float]:
    """The values of ``(value, count)`` pairs, each repeated ``count`` times."""
    out: list[float] = []
    for value, count in sorted(counts):
        out.extend([float(value)] * count)
    return out


def rank_biserial(differences: Sequence[float]) -> float | None:
    """The matched-pairs rank-biserial correlation: (sum of the ranks of the increases − sum
    of the ranks of the decreases) / the sum of all ranks, the absolute differences ranked
    with zeros left out (as the test does) and ties given their mean rank. From −1 (everyone
    lower) to 1 (everyone higher); None when nobody changed."""
    from scipy.stats import rankdata

    nonzero = [d for d in differences if d != 0]
    if not nonzero:
        return None
    ranks = rankdata([abs(d) for d in nonzero])
    up = float(sum(r for r, d in zip(ranks, nonzero, strict=True) if d > 0))
    down = float(sum(r for r, d in zip(ranks, nonzero, strict=True) if d < 0))
    return (up - down) / (up + down)


@dataclass(frozen=True)
class PairedTest:
    """The change of ``n`` paired answers (after − before)."""

    n: int
    changed: int  # pairs whose answer changed (the test ranks only these)
    mean_before: Fraction | None
    mean_after: Fraction | None
    mean_change: Fraction | None
    median_change: Fraction | None
    statistic: float | None
    p: float | None
    r: float | None  # matched-pairs rank-biserial correlation

    @property
    def enough(self) -> bool:
        """At least five pairs: anything less is not reported."""
        return not privacy.is_small(self.n)

    @property
    def significant(self) -> bool:
        return self.p is not None and self.p < ALPHA


def p_method(differences: Sequence[float]) -> str:
    """How scipy computes the p-value: "exact" for up to 50 changed pairs without tied
    changes, else "asymptotic" (the normal approximation with scipy's tie correction; the
    choice of R's wilcox.test). scipy's own "auto" would run a permutation test of every
    sign (4 096 for 12 pairs) in Python for each statement: seconds a page."""
    nonzero = [abs(d) for d in differences if d != 0]
    if len(nonzero) <= EXACT_UP_TO and len(set(nonzero)) == len(nonzero):
        return "exact"
    return "asymptotic"


def paired_test(changes: Counted, *, before: Counted = (), after: Counted = ()) -> PairedTest:
    """The Wilcoxon signed-rank test of the paired differences ``changes`` (``(after −
    before, count)``), two-sided, zero differences dropped (scipy's ``zero_method="wilcox"``),
    the p-value as ``p_method`` says; with the means of the pairs' answers ``before`` and
    ``after`` (``(value, count)``)."""
    n = sum(count for _value, count in changes)
    differences = expanded(changes)
    changed = sum(1 for d in differences if d != 0)
    statistic = p = None
    if changed:
        from scipy.stats import wilcoxon

        result: Any = wilcoxon(
            differences,
            zero_method=ZERO_METHOD,
            alternative="two-sided",
            method=p_method(differences),
        )
        statistic, p = float(result.statistic), float(result.pvalue)
    elif n:
        p = 1.0  # nobody changed: no evidence of a change at all
    return PairedTest(
        n=n,
        changed=changed,
        mean_before=weighted_mean(before),
        mean_after=weighted_mean(after),
        mean_change=weighted_mean(changes),
        median_change=weighted_median(changes),
        statistic=statistic,
        p=p,
        r=rank_biserial(differences) if changed else (0.0 if n else None),
    )


def p_text(p: float) -> str:
    """A p-value as written in a report: "p = 0,003", "p < 0,001"."""
    if p < 0.001:
        return _("p < %(p)s") % {"p": _number(Decimal("0.001"))}
    return _("p = %(p)s") % {"p": _number(rounded(p, 3))}


def _number(value: Decimal | None) -> str:
    from django.utils import formats

    return "" if value is None else str(formats.number_format(value, use_l10n=True))


def significance_text(test: PairedTest) -> str:
    """ "Muutos on tilastollisesti merkitsevä (p = 0,003)." or "… ei ole …"."""
    if test.p is None:
        return ""
    if test.changed == 0:
        return _("Kenenkään arvio ei muuttunut.")
    if test.significant:
        return _("Muutos on tilastollisesti merkitsevä (%(p)s).") % {"p": p_text(test.p)}
    return _("Muutos ei ole tilastollisesti merkitsevä (%(p)s).") % {"p": p_text(test.p)}


def effect_words(r: float | None) -> str:
    """The size of the effect |r| in a word: hyvin pieni, pieni, keskisuuri, suuri."""
    if r is None:
        return ""
    size = abs(r)
    words = {
        "hyvin pieni": _("hyvin pieni"),
        "pieni": _("pieni"),
        "keskisuuri": _("keskisuuri"),
    }
    for bound, word in EFFECT_BOUNDS:
        if size < bound:
            return words[word]
    return _("suuri")


def summary_text(test: PairedTest) -> str:
    """The whole result in a sentence or two of plain Finnish."""
    if not test.enough:
        return _("Pareja on alle viisi, joten muutosta ei raportoida.")
    parts = [significance_text(test)]
    if test.r is not None and test.changed:
        parts.append(
            _("Vaikutuksen suuruus on %(size)s (r = %(r)s).")
            % {"size": effect_words(test.r), "r": _number(rounded(test.r, 2))}
        )
    return " ".join(part for part in parts if part)
