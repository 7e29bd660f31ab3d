"""Pure logic of the "methods" widget family (osteo_lib/care/treatments/).

Expected results are computed from the catalog's records at test time (an independent oracle), for the
real data and for a small fixed fixture in tests/fixtures/methods_catalog whose contents we know.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest
import textstat

from osteo_lib.care.treatments import (
    EVIDENCE_LABELS,
    PRIORITIES,
    PRIORITY_LABELS,
    STUDENT_TEXT,
    TEXT,
    WHO_GROUPS,
    Filters,
    check_picks,
    check_priorities,
    clock_words,
    comparison_rows,
    duration_text,
    evidence_bar_label,
    evidence_label,
    evidence_text,
    filter_methods,
    fits_text,
    format_clock,
    heat_cold_methods,
    names_sentence,
    offered_methods,
    order_by_priorities,
    ordered_cautions,
    priorities_sentence,
    seconds_left,
    session_minutes,
    split_summary,
    student_texts,
    texts,
    usage_text,
    why_empty,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import CATEGORY_LABELS, EVIDENCE_LEVELS, Evidence, Method, MethodMatch
from osteo_lib.errors import UnknownIdError

LEVEL_RANK = {"avoid": 0, "modify": 1, "caution": 2}
CATEGORIES = [None, *CATEGORY_LABELS]
PAIN_TYPES = [None, "acute", "chronic"]
WHOS = [None, "self_care", "professional"]
AT_HOME = [None, True]


def offered(catalog: Catalog) -> list[Method]:
    """The methods patients are offered (the others are kept for nursing students only)."""
    return [m for m in catalog.methods if m.patient_option]


def oracle(catalog: Catalog, f: Filters) -> list[str]:
    """The filter rules written out independently of the code under test."""
    keep = []
    for m in catalog.methods:
        if f.audience == "patient" and not m.patient_option:
            continue
        if f.category and m.category != f.category:
            continue
        if f.pain_type and f.pain_type not in m.pain_types:
            continue
        if f.who == "self_care" and m.provided_by not in ("self_care", "after_training"):
            continue
        if f.who == "professional" and m.provided_by not in ("professional", "prescription"):
            continue
        if f.at_home and not m.at_home:
            continue
        if f.hide_avoid and any(c.level == "avoid" and set(c.conditions) & set(f.conditions) for c in m.cautions):
            continue
        keep.append(m.id)
    return keep


def all_filters() -> list[Filters]:
    return [Filters(*combo) for combo in itertools.product(CATEGORIES, PAIN_TYPES, WHOS, AT_HOME)]  # type: ignore[arg-type]


# --- filter_methods ---------------------------------------------------------------------------------------
def test_no_filters_gives_every_method_in_data_order(any_catalog: Catalog) -> None:
    assert [m.method.id for m in filter_methods(any_catalog, Filters())] == [m.id for m in offered(any_catalog)]
    assert [m.method.id for m in filter_methods(any_catalog, Filters(audience="student"))] == [
        m.id for m in any_catalog.methods
    ]
    assert [m.id for m in offered_methods(any_catalog)] == [m.id for m in offered(any_catalog)]
    assert offered_methods(any_catalog, "student") == any_catalog.methods


def test_students_only_methods_are_never_offered_to_patients(fixture_catalog: Catalog) -> None:
    kept = [m.id for m in fixture_catalog.methods if not m.patient_option]
    assert kept == ["calcitonin"]
    for f in all_filters():
        patient = [m.method.id for m in filter_methods(fixture_catalog, f)]
        student = [m.method.id for m in filter_methods(fixture_catalog, dataclasses.replace(f, audience="student"))]
        assert "calcitonin" not in patient
        assert student == oracle(fixture_catalog, dataclasses.replace(f, audience="student"))
        assert [i for i in student if i != "calcitonin"] == patient
    assert "calcitonin" in [
        m.method.id
        for m in filter_methods(fixture_catalog, Filters(category="medicine", pain_type="acute", audience="student"))
    ]
    assert fixture_catalog.find_methods(patient_option=False) == (fixture_catalog.method("calcitonin"),)
    # the comparison refuses it for patients and shows it to students
    with pytest.raises(UnknownIdError, match="calcitonin"):
        comparison_rows(fixture_catalog, ["heat", "calcitonin"])
    assert comparison_rows(fixture_catalog, ["heat", "calcitonin"], "student")


def test_every_filter_combination_matches_the_oracle(any_catalog: Catalog) -> None:
    seen_nonempty = seen_empty = 0
    for f in all_filters():
        got = [m.method.id for m in filter_methods(any_catalog, f)]
        assert got == oracle(any_catalog, f), f
        seen_nonempty += bool(got)
        seen_empty += not got
    assert seen_nonempty
    assert seen_empty


def test_known_combinations_in_fixture(fixture_catalog: Catalog) -> None:
    ids = lambda f: [m.method.id for m in filter_methods(fixture_catalog, f)]  # noqa: E731
    assert ids(Filters(category="physical", pain_type="chronic", who="self_care")) == ["heat", "cold"]
    assert ids(Filters(category="physical", pain_type="chronic", who="professional")) == ["massage"]
    assert ids(Filters(category="medicine", pain_type="acute", who="professional")) == ["opioids"]
    assert ids(Filters(who="self_care", at_home=True, pain_type="chronic")) == [
        "heat",
        "cold",
        "pain_relievers",
        "relaxation",
    ]
    # "I can do it myself" includes methods learnt in training.
    assert "relaxation" in ids(Filters(who="self_care"))
    assert set(WHO_GROUPS["self_care"]) | set(WHO_GROUPS["professional"]) == {
        "self_care",
        "after_training",
        "professional",
        "prescription",
    }


def avoid_ids(catalog: Catalog, condition: str) -> set[str]:
    return {m.id for m in catalog.methods if any(c.level == "avoid" and condition in c.conditions for c in m.cautions)}


def test_hide_leaves_out_methods_to_avoid_for_stomach_ulcer(any_catalog: Catalog) -> None:
    condition = "stomach_ulcer_or_bleeding"
    to_avoid = avoid_ids(any_catalog, condition)
    assert to_avoid, "the data should name at least one method to avoid with a stomach ulcer"
    flagged = filter_methods(any_catalog, Filters(conditions=(condition,)))
    to_avoid &= {m.id for m in offered(any_catalog)}
    assert {m.method.id for m in flagged if m.excluded} == to_avoid
    assert len(flagged) == len(offered(any_catalog))
    hidden = [m.method.id for m in filter_methods(any_catalog, Filters(conditions=(condition,), hide_avoid=True))]
    assert not to_avoid & set(hidden)
    assert set(hidden) | to_avoid == {m.id for m in offered(any_catalog)}


def test_hiding_without_conditions_hides_nothing(any_catalog: Catalog) -> None:
    assert len(filter_methods(any_catalog, Filters(hide_avoid=True))) == len(offered(any_catalog))


# --- caution order ----------------------------------------------------------------------------------------
def test_ordered_cautions_puts_matching_first_by_level(any_catalog: Catalog) -> None:
    every = tuple(c.id for c in any_catalog.conditions)
    mixed = 0
    for match in filter_methods(any_catalog, Filters(conditions=every)):
        ordered = ordered_cautions(match)
        assert sorted(c.id for c, _ in ordered) == sorted(c.id for c in match.method.cautions)
        flags = [applies for _, applies in ordered]
        assert flags == sorted(flags, reverse=True)  # all matching ones come first
        applying = [c for c, applies in ordered if applies]
        assert applying == [c for c in sorted(match.method.cautions, key=lambda c: LEVEL_RANK[c.level]) if c.conditions]
        ranks = [LEVEL_RANK[c.level] for c in applying]
        assert ranks == sorted(ranks)
        mixed += len(set(ranks)) > 1
    assert mixed, "no method has matching cautions of two levels: the order check would be empty"


def test_ordered_cautions_in_fixture(fixture_catalog: Catalog) -> None:
    [massage] = [
        m
        for m in filter_methods(
            fixture_catalog, Filters(conditions=("stomach_ulcer_or_bleeding", "spinal_osteoporosis"))
        )
        if m.method.id == "massage"
    ]
    assert [(c.id, applies) for c, applies in ordered_cautions(massage)] == [("spine", True), ("ulcer_note", True)]
    [heat] = [m for m in filter_methods(fixture_catalog, Filters()) if m.method.id == "heat"]
    # Nothing chosen: the avoid caution still comes first among the rest.
    assert [c.id for c, applies in ordered_cautions(heat) if not applies] == ["nerves", "burns", "ask_first"]


# --- why_empty ----------------------------------------------------------------------------------------------
def test_why_empty_is_blank_when_something_matches(any_catalog: Catalog) -> None:
    assert why_empty(any_catalog, Filters()) == ""


def test_why_empty_names_each_filter_and_a_way_out_that_works(any_catalog: Catalog) -> None:
    labels = {
        "category": TEXT["filter_category"],
        "pain_type": TEXT["filter_pain_type"],
        "who": TEXT["filter_who"],
        "at_home": TEXT["filter_at_home"],
    }
    checked = 0
    for f in all_filters():
        if filter_methods(any_catalog, f):
            continue
        msg = why_empty(any_catalog, f)
        assert msg.startswith(TEXT["empty_intro"])
        active = [k for k in labels if getattr(f, k)]
        for key in active:
            assert f"'{labels[key]}'" in msg
        widen = {key: oracle(any_catalog, dataclasses.replace(f, **{key: None})) for key in active}  # type: ignore[arg-type]
        assert any(widen.values()), "in these catalogs one change is always enough"
        for key, ids in widen.items():
            suggested = re.search(
                rf"Try (?:choosing 'Any' for|unticking) '{re.escape(labels[key])}'\. "
                rf"Then you will see (\d+) methods?\.",
                msg,
            )
            assert bool(suggested) == bool(ids), (f, key, msg)
            if suggested:
                assert int(suggested.group(1)) == len(ids)
        checked += 1
    assert checked


def test_why_empty_fixture_example(fixture_catalog: Catalog) -> None:
    msg = why_empty(fixture_catalog, Filters(category="clinic", pain_type="acute"))
    assert "You chose 'Pain clinics' for 'Kind of method'." in msg
    assert "You chose 'New pain (acute)' for 'Type of pain'." in msg
    assert "Try choosing 'Any' for 'Kind of method'. Then you will see 3 methods." in msg  # cold, relievers, opioids
    assert "Try choosing 'Any' for 'Type of pain'. Then you will see 1 method." in msg  # pain clinic


def test_why_empty_suggests_showing_methods_to_avoid(fixture_catalog: Catalog) -> None:
    f = Filters(category="medicine", who="self_care", conditions=("stomach_ulcer_or_bleeding",), hide_avoid=True)
    assert filter_methods(fixture_catalog, f) == []
    msg = why_empty(fixture_catalog, f)
    assert f"Try '{TEXT['mode_flag']}' for '{TEXT['filter_mode']}'. Then you will see 1 method." in msg


def _only(catalog: Catalog, *ids: str) -> Catalog:
    return dataclasses.replace(catalog, methods=tuple(catalog.method(i) for i in ids))


def test_why_empty_suggests_two_filters_when_one_is_not_enough(fixture_catalog: Catalog) -> None:
    small = _only(fixture_catalog, "heat", "opioids")  # physical/chronic/self-care and medicine/acute/prescription
    f = Filters(category="clinic", pain_type="chronic", who="professional")
    for key in ("category", "pain_type", "who"):
        assert not filter_methods(small, dataclasses.replace(f, **{key: None}))  # type: ignore[arg-type]
    msg = why_empty(small, f)
    assert "Try choosing 'Any' for 'Kind of method' and for 'Type of pain'. Then you will see 1 method." in msg


def test_why_empty_falls_back_to_any_for_everything(fixture_catalog: Catalog) -> None:
    small = _only(fixture_catalog, "heat")
    msg = why_empty(small, Filters(category="medicine", pain_type="acute", who="professional"))
    assert msg.endswith(TEXT["empty_try_all"])


# --- comparison --------------------------------------------------------------------------------------------
def test_comparison_rows_follow_the_data(any_catalog: Catalog) -> None:
    said = TEXT["not_said"]
    methods = offered(any_catalog)
    for trio in (methods[:3], methods[-2:], methods[3:6]):
        ids = [m.id for m in trio]
        rows = dict(comparison_rows(any_catalog, ids))
        shown = {
            "q_onset": any(m.onset for m in trio),
            "q_relief": any(m.relief_duration for m in trio),
            "q_time": any(m.duration_minutes for m in trio),
        }
        assert list(rows) == [
            TEXT[k]
            for k in (
                "q_how_it_works",
                "q_evidence",
                "q_onset",
                "q_relief",
                "q_time",
                "q_steps",
                "q_main_risk",
                "q_needs_pro",
                "q_at_home",
            )
            if shown.get(k, True)
        ]
        for i, m in enumerate(trio):
            # one short sentence per cell (health-literacy rating, PEMAT 19): the first of each text
            assert rows[TEXT["q_how_it_works"]][i] == split_summary(m.how_it_works)[0]
            if m.evidence is None:
                assert rows[TEXT["q_evidence"]][i] == said
            else:
                label, text = rows[TEXT["q_evidence"]][i].split("\n")
                assert label == f"{evidence_label(m.evidence)}."  # no unexplained "(0 of 3 steps)"
                assert text == split_summary(m.evidence.patient_text)[0]
            if shown["q_onset"]:
                assert rows[TEXT["q_onset"]][i] == (m.onset if m.onset else said)
            if shown["q_relief"]:
                assert rows[TEXT["q_relief"]][i] == (m.relief_duration if m.relief_duration else said)
            if shown["q_time"]:
                assert rows[TEXT["q_time"]][i] == (duration_text(m) or said)
            steps = rows[TEXT["q_steps"]][i].split("\n")
            assert steps == (list(m.how_to_steps) if m.how_to_steps else [split_summary(m.how_to_use)[0]])
            risk = m.harms.patient_risk if m.harms else (m.cautions[0].patient_text if m.cautions else said)
            assert rows[TEXT["q_main_risk"]][i] == split_summary(risk)[0]
            assert rows[TEXT["q_at_home"]][i] == TEXT["at_home_yes" if m.at_home else "at_home_no"]
            assert rows[TEXT["q_needs_pro"]][i] == TEXT[f"needs_{m.provided_by}"]
        assert not any("of 3 steps" in a for _, answers in rows.items() for a in answers)


def test_comparison_says_when_sources_are_silent(fixture_catalog: Catalog) -> None:
    rows = dict(comparison_rows(fixture_catalog, ["heat", "pain_relievers", "relaxation"]))
    assert rows[TEXT["q_onset"]] == [TEXT["not_said"], "Within an hour.", TEXT["not_said"]]
    assert rows[TEXT["q_relief"]] == ["For a while after you use it.", "A few hours.", TEXT["not_said"]]
    assert rows[TEXT["q_main_risk"]][2] == TEXT["not_said"]
    assert rows[TEXT["q_needs_pro"]] == [TEXT["needs_self_care"], TEXT["needs_self_care"], TEXT["needs_after_training"]]


def test_a_row_the_sources_are_silent_on_for_every_option_is_left_out(catalog: Catalog) -> None:
    """Issue 15: "How soon it helps" read "Our sources do not say" for every option compared."""
    silent = [m.id for m in offered(catalog) if not m.onset][:3]
    assert len(silent) == 3
    assert TEXT["q_onset"] not in dict(comparison_rows(catalog, silent))
    one = next(m for m in offered(catalog) if m.onset)
    rows = dict(comparison_rows(catalog, [one.id, *silent[:2]]))
    assert rows[TEXT["q_onset"]] == [one.onset, TEXT["not_said"], TEXT["not_said"]]


@pytest.mark.parametrize("count", [0, 1, 4, 5])
def test_comparison_needs_two_or_three(fixture_catalog: Catalog, count: int) -> None:
    ids = [m.id for m in fixture_catalog.methods][:count]
    expected = TEXT["compare_too_few" if count < 2 else "compare_too_many"].format(n=count)
    assert check_picks(ids) == expected
    with pytest.raises(ValueError, match=re.escape(expected)):
        comparison_rows(fixture_catalog, ids)


def test_comparison_rejects_unknown_ids(fixture_catalog: Catalog) -> None:
    assert check_picks(["heat", "nope"]) == ""
    with pytest.raises(UnknownIdError, match="nope"):
        comparison_rows(fixture_catalog, ["heat", "nope"])


def test_names_sentence() -> None:
    assert names_sentence(["A"]) == "A"
    assert names_sentence(["A", "B"]) == "A and B"
    assert names_sentence(["A", "B", "C"]) == "A, B and C"


def test_comparison_evidence_rows_for_students(fixture_catalog: Catalog) -> None:
    rows = comparison_rows(fixture_catalog, ["heat", "pain_clinic", "calcitonin"], "student")
    questions = [q for q, _ in rows]
    assert questions[:5] == [
        TEXT["q_how_it_works"],
        TEXT["q_evidence"],
        STUDENT_TEXT["study_type"],
        STUDENT_TEXT["outcome"],
        STUDENT_TEXT["evidence_sources"],
    ]
    answers = dict(rows)
    heat, calcitonin = fixture_catalog.method("heat").evidence, fixture_catalog.method("calcitonin").evidence
    assert heat is not None
    assert calcitonin is not None
    assert answers[STUDENT_TEXT["study_type"]] == [heat.study_type_label, TEXT["not_said"], calcitonin.study_type_label]
    assert answers[STUDENT_TEXT["outcome"]] == [heat.outcome, TEXT["not_said"], calcitonin.outcome]
    assert answers[TEXT["q_evidence"]][0] == f"Strong evidence (3 of 3 steps).\n{heat.student_text}"
    assert answers[TEXT["q_evidence"]][1] == TEXT["not_said"]  # pain_clinic has no rating
    cite = lambda r: f"{fixture_catalog.reference(r).authors[0].split()[0]} {fixture_catalog.reference(r).year}"  # noqa: E731
    assert answers[STUDENT_TEXT["evidence_sources"]] == [
        "\n".join(cite(r) for r in heat.references),
        TEXT["not_said"],
        "\n".join(cite(r) for r in calcitonin.references),
    ]
    # patients get none of the students' rows
    assert not [q for q, _ in comparison_rows(fixture_catalog, ["heat", "cold"]) if q in STUDENT_TEXT.values()]


# --- evidence -------------------------------------------------------------------------------------------
def test_evidence_labels_and_words_for_every_level(fixture_catalog: Catalog) -> None:
    seen = set()
    for m in fixture_catalog.methods:
        e = m.evidence
        if e is None:
            assert evidence_label(e) == ""
            assert evidence_text(e) == ""
            continue
        seen.add(e.level)
        assert evidence_label(e) == EVIDENCE_LABELS[e.level] != ""
        assert evidence_bar_label(e) == f"{EVIDENCE_LABELS[e.level]}: {e.steps} of 3 steps"
        # the summary line leaves out the count of steps: "of 3 steps" was never explained to the reader
        assert evidence_text(e) == f"{EVIDENCE_LABELS[e.level]}. {e.patient_text}"
    assert seen == set(EVIDENCE_LEVELS)  # the fixture covers every level
    assert [EVIDENCE_LABELS[level] for level in EVIDENCE_LEVELS] == [
        "Strong evidence",
        "Some evidence",
        "Little evidence",
        "Not tested in people with weak bones",
    ]
    against = Evidence("good", "x", "x", "x", "rct", ("ref_a",), does_not_help=True)
    assert evidence_label(against) == "Strong evidence that it does not help most people"
    assert evidence_bar_label(against) == "Strong evidence that it does not help most people: 3 of 3 steps"
    steps = {level: Evidence(level, "x", "x", "x", "rct", ("ref_a",)).steps for level in EVIDENCE_LEVELS}
    assert steps == {"good": 3, "some": 2, "little": 1, "not_studied": 0}


# --- what matters to me -----------------------------------------------------------------------------------
def fit_count(m: Method, chosen: set[str]) -> int:
    return len(chosen & set(m.fits))


def test_order_by_priorities_in_fixture(fixture_catalog: Catalog) -> None:
    methods = offered(fixture_catalog)
    ids = lambda chosen: [m.id for m in order_by_priorities(methods, chosen)]  # noqa: E731
    assert ids([]) == [m.id for m in methods]  # nothing chosen: data order
    # heat, cold and relaxation fit both; massage, pain relievers and acupuncture one; ties in data order
    assert ids(["no_pills", "low_cost"]) == [
        "heat",
        "cold",
        "relaxation",
        "massage",
        "pain_relievers",
        "acupuncture",
        "opioids",
        "pain_clinic",
    ]
    assert ids(["fast_relief"]) == [
        "cold",
        "pain_relievers",
        "opioids",
        "heat",
        "massage",
        "relaxation",
        "pain_clinic",
        "acupuncture",
    ]
    # the order of the ticks does not matter
    assert ids(["low_cost", "no_pills"]) == ids(["no_pills", "low_cost"])


def test_order_by_priorities_matches_an_oracle_for_every_choice(any_catalog: Catalog) -> None:
    matches = filter_methods(any_catalog, Filters())
    for n in range(len(PRIORITIES) + 1):
        for chosen in itertools.combinations(PRIORITIES, n):
            got = order_by_priorities(matches, chosen)
            assert sorted(m.method.id for m in got) == sorted(m.method.id for m in matches)
            keys = [fit_count(m.method, set(chosen)) for m in got]
            assert keys == sorted(keys, reverse=True)
            for a, b in itertools.pairwise(got):  # ties keep data order
                if fit_count(a.method, set(chosen)) == fit_count(b.method, set(chosen)):
                    assert matches.index(a) < matches.index(b)


def test_an_option_to_avoid_never_comes_first(fixture_catalog: Catalog) -> None:
    matches = filter_methods(fixture_catalog, Filters(conditions=("stomach_ulcer_or_bleeding",)))
    ordered = order_by_priorities(matches, ["fast_relief", "at_home", "low_cost"])
    assert ordered[-1].method.id == "pain_relievers"
    assert ordered[-1].excluded
    assert [m.method.id for m in ordered[:2]] == ["cold", "heat"]
    assert all(isinstance(m, MethodMatch) for m in ordered)


def test_priorities_are_checked_and_said_in_plain_words(fixture_catalog: Catalog) -> None:
    assert check_priorities(["low_risk", "at_home", "at_home"]) == ("at_home", "low_risk")
    with pytest.raises(ValueError, match="cheap"):
        check_priorities(["cheap"])
    with pytest.raises(ValueError, match="cheap"):
        order_by_priorities(fixture_catalog.methods, ["cheap"])
    assert set(PRIORITY_LABELS) == set(PRIORITIES)
    heat = fixture_catalog.method("heat")
    assert fits_text(heat, ["at_home", "no_pills"]) == TEXT["priorities_fits_all"].format(
        labels=f"{PRIORITY_LABELS['at_home']}; {PRIORITY_LABELS['no_pills']}"
    )
    assert fits_text(heat, ["at_home", "fast_relief"]) == TEXT["priorities_fits"].format(
        n=1, total=2, labels=PRIORITY_LABELS["at_home"]
    )
    assert fits_text(heat, ["fast_relief"]) == TEXT["priorities_fits_none"]
    assert priorities_sentence([]) == ""
    assert priorities_sentence(["low_cost", "at_home"]) == (
        f"What matters to me: {PRIORITY_LABELS['at_home']}; {PRIORITY_LABELS['low_cost']}."
    )


# --- usage text -------------------------------------------------------------------------------------------
def test_usage_text_adds_duration_and_frequency_from_data(any_catalog: Catalog) -> None:
    for m in any_catalog.methods:
        text = usage_text(m)
        assert text.startswith(m.how_to_use)
        if m.duration_minutes:
            low, high = m.duration_minutes
            assert f"{low} to {high} minutes" in text or (low == high and f"{low} minutes" in text)
        else:
            assert duration_text(m) == ""
        if m.frequency:
            assert m.frequency in text


# --- heat and cold -----------------------------------------------------------------------------------------
def test_heat_cold_methods_use_the_heat_and_cold_records(any_catalog: Catalog) -> None:
    found = heat_cold_methods(any_catalog)
    assert found["heat"] is any_catalog.method("heat")
    assert found["cold"] is any_catalog.method("cold")


def test_heat_cold_methods_fall_back_to_a_combined_record(fixture_catalog: Catalog) -> None:
    combined = dataclasses.replace(fixture_catalog.method("heat"), id="heat_and_cold")
    ice = dataclasses.replace(fixture_catalog.method("cold"), id="ice_packs")
    only_combined = dataclasses.replace(fixture_catalog, methods=(combined, fixture_catalog.method("massage")))
    assert {k: m.id for k, m in heat_cold_methods(only_combined).items()} == {
        "heat": "heat_and_cold",
        "cold": "heat_and_cold",
    }
    both = dataclasses.replace(fixture_catalog, methods=(combined, ice))
    assert {k: m.id for k, m in heat_cold_methods(both).items()} == {"heat": "heat_and_cold", "cold": "ice_packs"}
    with pytest.raises(LookupError):
        heat_cold_methods(dataclasses.replace(fixture_catalog, methods=(fixture_catalog.method("massage"),)))


def test_session_minutes_come_from_the_catalog(any_catalog: Catalog) -> None:
    heat: Method = any_catalog.method("heat")
    assert heat.duration_minutes is not None
    low, high = heat.duration_minutes
    assert session_minutes(heat) == list(range(low, high + 1))
    no_time = dataclasses.replace(heat, duration_minutes=None)
    assert session_minutes(no_time) == []


def test_clock_helpers() -> None:
    assert seconds_left(100.0, 40.2) == 60  # rounds up: 59.8 s left shows as 60
    assert seconds_left(100.0, 100.0) == 0
    assert seconds_left(100.0, 150.0) == 0
    assert format_clock(15 * 60) == "15:00"
    assert format_clock(61) == "01:01"
    assert format_clock(-3) == "00:00"
    assert clock_words(61) == "1 min 1 s left"


# --- reading level -----------------------------------------------------------------------------------------
def test_every_ui_string_is_plain_language() -> None:
    for key, text in [*TEXT.items(), *PRIORITY_LABELS.items()]:
        filled = re.sub(r"\{n\}", "3", text)
        filled = re.sub(r"\{[a-z_]+\}", "heat", filled)
        for sentence in re.split(r"(?<=[.?!])\s+", filled):
            if len(sentence.split()) >= 3:  # the formula is meaningless for one- or two-word labels
                assert textstat.flesch_kincaid_grade(sentence) <= 8, (key, sentence)


# --- where the words come from ------------------------------------------------------------------------------
def test_the_words_come_from_data_ui_when_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import osteo_lib
    from osteo_lib.care import treatments
    from osteo_lib.content import ui

    assert (texts().label, texts().audience) == ("ui/treatments.yaml", "patient")
    assert (student_texts().label, student_texts().audience) == ("ui/treatments_student.yaml", "student")
    # the tables of earlier versions are the data's words, looked up when asked for
    assert dict(TEXT) == dict(texts())
    assert dict(STUDENT_TEXT) == dict(student_texts())
    assert {p: texts()[f"priority_{p}"] for p in PRIORITIES} == PRIORITY_LABELS
    assert {
        p: texts()[f"needs_{p}"] for p in WHO_GROUPS["self_care"] + WHO_GROUPS["professional"]
    } == treatments.NEEDS_TEXT
    assert set(treatments.LEVEL_LABELS) == {"avoid", "modify", "caution"}
    with pytest.raises(AttributeError, match="NO_SUCH_TABLE"):
        getattr(treatments, "NO_SUCH_TABLE")  # noqa: B009
    # other words in data/ui/ show through every way of asking for them (nothing keeps an old copy)
    real = ui._folder(None)
    copy = tmp_path / "ui"
    copy.mkdir()
    for area in ("treatments", "treatments_student"):
        source = (real / f"{area}.yaml").read_text(encoding="utf-8")
        (copy / f"{area}.yaml").write_text(source.replace('"No pills"', '"Nothing to swallow"'), encoding="utf-8")
    monkeypatch.setattr(ui, "_folder", lambda directory: copy)
    try:
        osteo_lib.reload()
        assert treatments.PRIORITY_LABELS["no_pills"] == "Nothing to swallow"
        assert priorities_sentence(["no_pills"]) == "What matters to me: Nothing to swallow."
    finally:
        monkeypatch.undo()
        osteo_lib.reload()
    assert treatments.PRIORITY_LABELS["no_pills"] == "No pills"
