"""The index arithmetic of the SKM method: worked examples checked by hand, and properties
that must hold for any tally (hypothesis)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from konsultasi.feedback import skm

answers = st.lists(st.integers(min_value=1, max_value=4), min_size=9, max_size=9)
tallies = st.lists(answers, min_size=1, max_size=60)


def index(responses):
    return skm.index_of_responses(responses)


# --- worked examples --------------------------------------------------------------------


def test_everyone_answering_four_gives_100_and_grade_a():
    result = index([[4] * 9] * 3)
    assert (result.value, result.grade, result.respondents) == (Decimal("100.00"), "A", 3)


def test_everyone_answering_one_gives_25_and_grade_d():
    result = index([[1] * 9])
    assert (result.value, result.grade) == (Decimal("25.00"), "D")


def test_everyone_answering_three_gives_75_and_grade_c():
    assert index([[3] * 9, [3] * 9]).value == Decimal("75.00")
    assert index([[3] * 9]).grade == "C"


def test_a_worked_example_of_two_respondents():
    # Element means: 3.5, 3, 4, 4, 3, 3.5, 4, 2.5, 3 → sum 30.5 → 30.5 / 9 × 25 = 84.7222…
    result = index([[4, 3, 4, 4, 3, 4, 4, 2, 3], [3, 3, 4, 4, 3, 3, 4, 3, 3]])
    assert result.element_means[0] == Fraction(7, 2)
    assert result.element_means[7] == Fraction(5, 2)
    assert result.value == Decimal("84.72")
    assert result.grade == "B"
    assert result.weakest_element == 7  # facilities, mean 2.5


def test_exact_ninths_give_grade_a_where_the_0111_weight_would_give_b():
    # Five respondents, 24 answers of 4 and 21 of 3: the nine element means sum to 159 / 5.
    responses = [
        [4, 4, 4, 4, 4, 3, 3, 3, 3],
        [4, 4, 4, 4, 4, 3, 3, 3, 3],
        [4, 4, 4, 4, 4, 3, 3, 3, 3],
        [4, 4, 4, 4, 4, 3, 3, 3, 3],
        [4, 4, 4, 4, 3, 3, 3, 3, 3],
    ]
    result = index(responses)
    # Exact: 159/5 / 9 × 25 = 88.333… → 88.33, grade A (from 88.31).
    assert result.value == Decimal("88.33")
    assert result.grade == "A"
    # The method's printed weight: 159/5 × 0.111 × 25 = 88.245 → 88.25, grade B.
    with_0111 = sum(result.element_means) * Fraction("0.111") * 25
    assert skm.round_published(with_0111) == Decimal("88.25")
    assert skm.grade_of(skm.round_published(with_0111)) == "B"


@pytest.mark.parametrize(
    ("published", "grade"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_the_grade_boundaries_are_those_of_the_method(published, grade):
    assert skm.grade_of(Decimal(published)) == grade


def test_the_published_figure_rounds_halves_up():
    assert skm.round_published(Fraction(88305, 1000)) == Decimal("88.31")
    assert skm.round_published(Fraction(88304999, 1000000)) == Decimal("88.30")


def test_the_weakest_element_is_the_first_of_equal_lowest_means():
    result = index([[4, 2, 4, 2, 4, 4, 4, 4, 4]])
    assert result.weakest_element == 1


def test_no_respondents_give_no_index_rather_than_zero():
    assert index([]) is None


@pytest.mark.parametrize(
    "bad",
    [
        [4] * 8,
        [4] * 10,
        [4, 4, 4, 4, 4, 4, 4, 4, 5],
        [0, 4, 4, 4, 4, 4, 4, 4, 4],
        [4, 4, 4, 4, 4, 4, 4, 4, 3.5],
        [4, 4, 4, 4, 4, 4, 4, 4, "4"],
        [True] * 9,
        "444444444",
        None,
    ],
)
def test_a_questionnaire_the_method_cannot_count_is_refused(bad):
    with pytest.raises(skm.InvalidResponse):
        index([[4] * 9, bad])


def test_a_refusal_says_which_respondent_and_element():
    with pytest.raises(skm.InvalidResponse, match="respondent 2: element 9: 5 is outside 1–4"):
        index([[4] * 9, [4] * 8 + [5]])


# --- properties -------------------------------------------------------------------------


@given(tallies)
def test_the_index_lies_between_25_and_100(responses):
    value = index(responses).value
    assert Decimal("25.00") <= value <= Decimal("100.00")


@given(tallies)
def test_the_index_is_the_mean_of_every_answer_times_25(responses):
    # Every respondent answers all nine, so the mean of the element means is the mean of all
    # answers: a second route to the same figure.
    all_answers = [score for row in responses for score in row]
    assert index(responses).exact == Fraction(sum(all_answers), len(all_answers)) * 25


@given(tallies)
def test_the_order_of_respondents_does_not_matter(responses):
    assert index(responses).exact == index(list(reversed(responses))).exact


@given(tallies, tallies)
def test_tallies_of_two_groups_add_up_to_the_tally_of_both(first, second):
    combined = skm.ElementTally.of(first) + skm.ElementTally.of(second)
    assert skm.index_of(combined).exact == index(first + second).exact


@given(tallies, st.integers(min_value=0, max_value=8))
def test_raising_one_answer_never_lowers_the_index(responses, element):
    raised = [list(row) for row in responses]
    raised[0][element] = min(raised[0][element] + 1, 4)
    assert index(raised).exact >= index(responses).exact


@given(tallies)
def test_the_weakest_element_has_the_lowest_mean(responses):
    result = index(responses)
    assert result.element_means[result.weakest_element] == min(result.element_means)


@given(tallies)
def test_the_0111_weight_never_raises_the_index(responses):
    result = index(responses)
    assert sum(result.element_means) * Fraction("0.111") * 25 <= result.exact
