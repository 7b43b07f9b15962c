"""The pieces a claim is checked by: quantities, names with roles, polarity, its form."""

import pytest

from bot.claims import check_claim_form, names_with_roles, negated, opposite_verbs, quantities
from bot.errors import QueryError

HOUR, MINUTE, YEAR = 3600, 60, 31557600


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lasted two hours", [("two hours", 2 * HOUR, "duration")]),
        ("lasted 35 minutes", [("35 minutes", 35 * MINUTE, "duration")]),
        ("a 35-minute call", [("35-minute", 35 * MINUTE, "duration")]),
        ("within ten years", [("ten years", 10 * YEAR, "duration")]),
        ("a 6 percent raise", [("6 percent", 6, "percent")]),
        ("up 5% on the year", [("5%", 5, "percent")]),
        ("buy 400 missiles", [("400 missiles", 400, "missile")]),
        ("1,200 troops", [("1,200 troops", 1200, "troop")]),
        ("2 million people", [("2 million people", 2e6, "people")]),
        ("double its budget", [("double", 2, "times")]),
        ("triple the budget", [("triple", 3, "times")]),
        ("the two-plus-two talks", []),
        ("in 2035", []),  # a year: compared as a date
        ("on the 14th", []),
        ("G7 leaders", []),
    ],
)
def test_quantities(text, expected):
    assert [(q.text, q.value, q.kind) for q in quantities(text)] == expected


def test_durations_compare_across_units():
    [hours] = quantities("two hours")
    [minutes] = quantities("120 minutes")
    assert hours.same_kind(minutes) and hours.value == minutes.value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nakatani and Austin met in Tokyo.", [("Nakatani", ""), ("Austin", ""), ("Tokyo", "in")]),
        (
            "held in the Italian city of Naples, Nakatani said",
            [("Italian", "in"), ("Naples", "in"), ("Nakatani", "")],
        ),
        ("deployed in Akita and Yamaguchi prefectures", [("Akita", "in"), ("Yamaguchi", "in")]),
        ("a fighter jet with Italy and the UK", [("Italy", "with"), ("UK", "with")]),
        ("The Japanese government gave up in June.", [("Japanese", "")]),
        ("talks with the U.S. Defense Secretary", [("U.S. Defense Secretary", "with")]),
        ("Kishida met Biden. Austin left.", [("Kishida", ""), ("Biden", ""), ("Austin", "")]),
    ],
)  # fmt: skip
def test_names_and_roles(text, expected):
    assert [(n.text, n.role) for n in names_with_roles(text)] == expected


def test_name_tokens_fold_dots_and_possessives():
    assert names_with_roles("Japan's ties with the U.S.")[0].tokens == {"japan"}
    assert names_with_roles("ties with the U.S.")[0].tokens == {"us"}


def test_negation_and_opposites():
    assert negated("Japan did not agree") and negated("Japan didn't agree")
    assert not negated("Japan agreed")
    assert opposite_verbs("Abe refused the plan", "Abe agreed with the plan") == (
        "refused",
        "agreed",
    )
    assert opposite_verbs("the alliance is weaker", "the alliance is stronger") == (
        "weaker",
        "stronger",
    )
    assert opposite_verbs("Abe agreed", "Abe agreed, then refused") is None


@pytest.mark.parametrize(
    "claim, message",
    [
        ("Who approved the harbor?", "question"),
        ("Did the council approve it", "question"),
        ("I think the harbor plan is costly", "opinion"),
        ("In my opinion the council was wrong", "opinion"),
        ("This is the worst harbor plan ever", "opinion"),
    ],
)
def test_questions_and_opinions_are_not_claims(claim, message):
    with pytest.raises(QueryError, match=message):
        check_claim_form(claim)


@pytest.mark.parametrize(
    "claim",
    [
        "The council approved the harbor expansion on Tuesday.",
        "Construction should take two years.",  # a forecast, not an opinion
    ],
)
def test_plain_statements_are_claims(claim):
    check_claim_form(claim)


# --- issue 8: paraphrased durations and role conflicts ---------------------------------------


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("lasted half an hour", 30 * MINUTE),
        ("an hour later", HOUR),
        ("half a day", 12 * HOUR),
        ("over a decade", 10 * YEAR),
        ("a half hour", 30 * MINUTE),
    ],
)
def test_durations_in_words_have_their_value(text, seconds):
    assert [(q.value, q.kind) for q in quantities(text)] == [(seconds, "duration")]


def test_a_duration_in_other_words_matches():
    from bot.verdicts.compare import Claim, compare

    claim = Claim.parse("The talks lasted half an hour.")
    said = compare(claim, "The meeting went on for 30 minutes.", [], set(), _aliases())
    assert said.numbers.matched == 1 and not said.mismatches
    wrong = compare(claim, "The meeting went on for 35 minutes.", [], set(), _aliases())
    assert [m.kind for m in wrong.mismatches] == ["number"]


def _aliases():
    from bot.aliases import Aliases

    return Aliases.load()


def test_the_same_relation_with_another_holder_conflicts():
    from bot.claims import relations

    (claim,) = relations("Fumio Kishida succeeded Abe as prime minister.")
    (sentence,) = relations("Yoshihide Suga, who succeeded Shinzo Abe, resigned in 2021.")
    assert claim.verb == sentence.verb and claim.conflicts(sentence)
    (passive,) = relations("Abe was succeeded by Yoshihide Suga.")
    assert passive.holder.text == "Yoshihide Suga" and not sentence.conflicts(passive)
    (other,) = relations("Fumio Kishida met Biden.")
    assert not claim.conflicts(other)  # another relation: nothing to dispute


def test_a_role_conflict_is_a_mismatch():
    from bot.verdicts.compare import Claim, compare

    claim = Claim.parse("Fumio Kishida succeeded Abe.")
    said = compare(
        claim, "Yoshihide Suga, who succeeded Shinzo Abe, resigned.", [], set(), _aliases()
    )
    assert ("role", "Fumio Kishida", "Yoshihide Suga") in [
        (m.kind, m.claim, m.article) for m in said.mismatches
    ]


def test_a_capital_in_a_role_is_a_place_not_its_country():
    from bot.verdicts.compare import Claim, compare

    claim = Claim.parse("The ministers met in Tokyo.")
    said = compare(
        claim, "The ministers met in Washington.", [], {"japan", "washington"}, _aliases()
    )
    assert said.names.matched == 0
