"""The pre/post statistics (part P) against hand-computed values and scipy's result on a
known example."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation
from scipy.stats import wilcoxon

from tutori.evaluation import stats

# Twelve pairs: seven one level higher, two two levels higher, two unchanged, one lower.
CHANGES = [(1, 7), (2, 2), (0, 2), (-1, 1)]
DIFFS = [1, 1, 1, 1, 1, 1, 1, 2, 2, 0, 0, -1]


@pytest.fixture(autouse=True)
def finnish():
    with translation.override("fi"):
        yield


def test_the_test_by_hand():
    test = stats.paired_test(CHANGES)
    assert test.n == 12
    assert test.changed == 10  # the two zero differences are left out (zero_method "wilcox")
    # |d| ranked without zeros: eight ones share ranks 1–8 (4.5), two twos 9–10 (9.5).
    # Increases: 7 × 4.5 + 2 × 9.5 = 50.5; decreases: 4.5. W = min = 4.5.
    assert test.statistic == pytest.approx(4.5)
    assert test.r == pytest.approx((50.5 - 4.5) / 55)
    assert test.mean_change == Fraction(10, 12)
    assert test.median_change == 1
    # Tied changes: the normal approximation (scipy's tie correction).
    assert stats.p_method(DIFFS) == "asymptotic"
    assert test.p == pytest.approx(
        wilcoxon(DIFFS, zero_method="wilcox", method="asymptotic").pvalue
    )
    assert test.significant


def test_scipys_known_example():
    # scipy's documentation (Fisher's example of 15 pairs): W = 24, exact p = 0.0413.
    d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
    assert stats.p_method(d) == "exact"  # 15 changes, none tied
    test = stats.paired_test([(value, 1) for value in d])
    assert test.statistic == 24
    assert test.p == pytest.approx(0.041259765625)
    # Ranks of the decreases 10 and 14 → 24; of the increases 120 − 24 = 96.
    assert test.r == pytest.approx((96 - 24) / 120)
    assert stats.effect_words(test.r) == "suuri"


def test_plain_finnish():
    test = stats.paired_test(CHANGES)
    assert stats.significance_text(test) == (
        f"Muutos on tilastollisesti merkitsevä (p = {str(round(test.p, 3)).replace('.', ',')})."
    )
    unchanged = stats.paired_test([(0, 6), (1, 1), (-1, 1)])
    assert not unchanged.significant
    assert stats.significance_text(unchanged).startswith(
        "Muutos ei ole tilastollisesti merkitsevä (p = "
    )
    assert stats.p_text(0.0004) == "p < 0,001"
    assert stats.p_text(0.0031) == "p = 0,003"


@pytest.mark.parametrize(
    ("r", "words"),
    [
        (0.05, "hyvin pieni"),
        (-0.2, "pieni"),
        (0.3, "keskisuuri"),
        (-0.49, "keskisuuri"),
        (0.5, "suuri"),
    ],
)
def test_effect_in_words(r, words):
    assert stats.effect_words(r) == words


def test_nobody_changed():
    test = stats.paired_test([(0, 8)])
    assert test.changed == 0
    assert test.p == 1.0
    assert stats.significance_text(test) == "Kenenkään arvio ei muuttunut."


def test_under_five_pairs_is_not_reported():
    test = stats.paired_test([(1, 4)])
    assert not test.enough
    assert "alle viisi" in stats.summary_text(test)


def test_medians_of_counts():
    assert stats.weighted_median([(Fraction(1, 3), 2), (1, 1)]) == Fraction(1, 3)
    assert stats.weighted_median([(1, 1), (2, 1)]) == Fraction(3, 2)
    assert stats.weighted_median([]) is None
