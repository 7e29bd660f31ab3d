"""Provider summary document (osteo_lib.views.summary_document.build_summary, from the values of
osteo_lib.care.summary): numbers, escaping, marked methods, self-containment, size limits. Expected values
are computed from the entries and the catalog here."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from osteo_lib import load_catalog
from osteo_lib.care.diary import Entry, change_flags, fmt_score
from osteo_lib.care.summary import (
    MAX_ABOUT_LINES,
    MAX_LISTED_ENTRIES,
    MAX_QUESTIONS,
    SummaryBlock,
    about_whole,
    change_words,
    first_sentence,
    fmt_day_short,
    key_cautions,
    key_numbers,
    marked_methods,
    split_questions,
    summary_texts,
    weekly_rows,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.summary_document import build_summary, external_asset_refs, stylesheet
from osteo_lib.views.widgets.diary import PainDiary
from osteo_lib.views.widgets.summary import ProviderSummary
from tests.markup import select_texts, soup
from tests.markup import text as words

TEXT = summary_texts()  # data/ui/summary.yaml

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "diary_catalog"
TODAY = date(2025, 6, 1)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def fixture_catalog() -> Catalog:
    return load_catalog(FIXTURE_DIR)


def make_entries(n: int, start: date = date(2025, 3, 1)) -> list[Entry]:
    pains = [4, 7, 6, 2, 3, 9, 5, 5, 1, 8]
    return [
        Entry(
            start + timedelta(days=i),
            pains[i % len(pains)],
            (i * 3) % 11,
            (i * 7) % 11,
            (i * 5) % 11,
            tried=["Heat packs", "", "Short walk"][i % 3],
            helped=["some", "", "4"][i % 3],
        )
        for i in range(n)
    ]


def text_of(document: str) -> str:
    """The words of the document's body, single-spaced."""
    body = soup(document).body
    assert body is not None
    return words(str(body))


def test_summary_numbers_come_from_the_entries(catalog: Catalog) -> None:
    entries = make_entries(8)
    document = build_summary(entries, [], "", catalog, TODAY)
    text = text_of(document)
    first, last = entries[0], entries[-1]
    low = min(entries, key=lambda e: e.pain)
    high = max(entries, key=lambda e: e.pain)
    assert f"{TEXT['row_first']}: {first.pain} on {fmt_day_short(first.day)}" in text
    assert f"{TEXT['row_last']}: {last.pain} on {fmt_day_short(last.day)}" in text
    assert f"{TEXT['row_low']}: {low.pain} on {fmt_day_short(low.day)}" in text
    assert f"{TEXT['row_high']}: {high.pain} on {fmt_day_short(high.day)}" in text
    change = last.pain - first.pain
    assert f"{TEXT['row_change']}: {change_words(change)}" in text
    recent = entries[-7:]
    assert f"{TEXT.format('row_recent', count=7)}: {about_whole(sum(e.pain for e in recent) / 7)}" in text
    assert f"{TEXT['row_peg']}: {about_whole(last.peg)} on {fmt_day_short(last.day)}" in text
    # the exact averages are printed once, for the provider, under the sources
    exact = (
        f"{TEXT['exact_title']} {TEXT.format('row_recent', count=7)}: {fmt_score(sum(e.pain for e in recent) / 7)}; "
        f"{TEXT['row_peg']}: {fmt_score(last.peg)} (P {last.peg_pain}, E {last.peg_enjoyment}, "
        f"G {last.peg_activity}) on {fmt_day_short(last.day)}."
    )
    assert exact in text
    assert text.index(TEXT["about_sources"]) < text.index(exact)
    assert f"Diary: {len(entries)} entries from 1 March 2025 to 8 March 2025" in text
    assert "Prepared on 1 June 2025" in text
    # each flagged change between entries in a row is listed with its dates and values
    steps = [f for f in change_flags(entries) if f.kind == "since_last"][::-1][:5]
    assert steps
    for f in steps:
        assert f"{fmt_day_short(f.start)} {fmt_day_short(f.end)} {f.before} to {f.after}" in text
    # short diaries are listed entry by entry
    for e in entries:
        assert f"{fmt_day_short(e.day)} {e.pain} {fmt_score(e.peg)}" in text


def test_summary_states_what_it_is_and_cites_its_sources(catalog: Catalog) -> None:
    document = build_summary(make_entries(3), [], "", catalog, TODAY)
    text = text_of(document)
    assert TEXT["summary_disclaimer"] in text
    for ref_id in ("krebs2009", "farrar2001"):
        ref = catalog.reference(ref_id)
        assert f'<a href="{ref.link}">' in document
        assert f"({ref.authors[0].split()[0]} {ref.year})" in text
    assert TEXT["threshold_note"] in text
    assert TEXT["scale_note"] in text


def test_hostile_text_is_escaped(fixture_catalog: Catalog) -> None:
    entries = [
        Entry(date(2025, 3, 1), 3, 3, 3, 3, tried=HOSTILE[:60], note=HOSTILE[:60]),
        Entry(date(2025, 3, 2), 4, 3, 3, 3, tried="ok", note=HOSTILE[-40:]),
    ]
    document = build_summary(
        entries, ["tens"], f"{HOSTILE}\n\n  second?  ", fixture_catalog, TODAY, patient_name=HOSTILE
    )
    assert "<script" not in document.lower()
    assert "<img" not in document.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in document
    assert "TENS &lt;unit&gt;" in document  # a catalog name with markup characters
    assert soup(document).select("script, img") == []
    assert f"Name: {HOSTILE}" in text_of(document)
    assert select_texts(document, "section.ows-questions ol > li") == [HOSTILE, "second?"]


def test_marked_methods_are_listed_with_summary_and_key_cautions(catalog: Catalog) -> None:
    with_cautions = [m for m in catalog.methods if m.cautions][:2]
    chosen = [catalog.methods[0].id, *[m.id for m in with_cautions]]
    document = build_summary(make_entries(5), [*chosen, "no_such_method", chosen[0]], "", catalog, TODAY)
    names = select_texts(document, "span.ows-method")
    expected = [catalog.method(i) for i in dict.fromkeys(chosen)]
    assert names == [m.name for m in expected]
    text = text_of(document)
    for m in expected:
        assert first_sentence(m.patient_summary) in text
        assert m.patient_summary.startswith(first_sentence(m.patient_summary).split()[0])
        for level, caution in key_cautions(m, catalog):
            assert f"{level}: {' '.join(caution.split())}" in text
    # the most serious caution comes first
    worst = min(with_cautions[0].cautions, key=lambda c: {"avoid": 0, "modify": 1, "caution": 2}[c.level])
    assert key_cautions(with_cautions[0], catalog)[0][1] == first_sentence(worst.patient_text)
    assert marked_methods(catalog, ["no_such_method"]) == ((), ("no_such_method",))
    assert TEXT["marked_none"] in text_of(build_summary([], [], "", catalog, TODAY))


def test_no_external_assets_only_citation_links(catalog: Catalog) -> None:
    document = build_summary(
        make_entries(40), [m.id for m in catalog.methods[:3]], "Q?", catalog, TODAY, patient_name="A"
    )
    assert external_asset_refs(document) == []
    assert "<script" not in document
    assert "<link" not in document
    assert "@import" not in document
    assert "url(" not in document
    # every http(s) address sits in a link inside the sources list
    page = soup(document)
    links = [str(a["href"]) for a in page.select("[href]")]
    assert links
    assert all(link.startswith("https://") for link in links)
    assert len(links) == 2
    assert [str(a["href"]) for a in page.select("ol.ows-sources a[href]")] == links
    sources = page.select_one("ol.ows-sources")
    assert sources is not None
    sources.decompose()
    outside = str(page)
    assert "http:" not in outside
    assert "https:" not in outside
    # the print stylesheet is embedded, with its print rules
    assert stylesheet() in document
    assert "@media print" in stylesheet()
    assert "Content-Security-Policy" in document
    # the checker itself notices a remote asset
    assert external_asset_refs('<img src="https://evil.example/x.png">') != []
    assert external_asset_refs("<style>@import 'x.css';</style>") != []


def test_long_diaries_are_summarised_by_week(catalog: Catalog) -> None:
    entries = make_entries(60)
    document = build_summary(entries, [], "", catalog, TODAY)
    page = soup(document)
    assert len(page.select("tr")) < 20  # not one row per entry
    weeks = weekly_rows(entries)
    start, n, avg, low, high, peg, peg_days = weeks[-1]
    assert peg is not None and peg_days == n  # every entry of make_entries has the PEG answers
    assert f"{fmt_day_short(start)} {n} {about_whole(avg)} {low} to {high} {about_whole(peg)}" in text_of(document)
    # only the latest weeks are in the trend section's table
    week_rows = select_texts(document, "section.ows-trend tbody th[scope=row]")
    assert fmt_day_short(start) in week_rows
    assert fmt_day_short(weeks[0][0]) not in week_rows
    # the "what I tried" table counts every entry
    tried = [row for row in page.select("section.ows-tried tbody tr") if row.th and row.th.get_text() == "Heat packs"]
    assert len(tried) == 1
    times, helped = [td.get_text() for td in tried[0].select("td")]
    assert int(times) == sum(1 for e in entries if e.tried == "Heat packs")
    assert "some (" in helped
    assert len(entries) > MAX_LISTED_ENTRIES
    # a ten-year diary still gives a small document
    big = make_entries(3660, start=date(2015, 6, 1))
    assert len(build_summary(big, [], "", catalog, TODAY)) < 200_000


def test_first_sentence() -> None:
    assert first_sentence("Warmth helps.  It relaxes muscles. More.") == "Warmth helps."
    assert first_sentence("One sentence only") == "One sentence only"
    assert first_sentence("Take 1.5 tablets, e.g. with food. Then rest.") == "Take 1.5 tablets, e.g. with food."


def test_questions_are_one_per_line_cleaned_and_capped() -> None:
    questions, cut = split_questions("  first  \n\n\tsecond\x07 line \r\n" + "\n".join(f"q{i}" for i in range(20)))
    assert questions[:2] == ("first", "second line")
    assert len(questions) == MAX_QUESTIONS
    assert cut
    assert split_questions(["a", " ", "b"]) == (("a", "b"), False)


def test_empty_diary_summary(catalog: Catalog) -> None:
    text = text_of(build_summary([], [], "", catalog, TODAY))
    assert TEXT["summary_no_entries"] in text
    assert TEXT["questions_none"] in text
    assert TEXT["changes_none"] in text
    assert "<svg" not in build_summary([], [], "", catalog, TODAY)


# --- how strong the evidence is, and what matters to me -------------------------------------------------
def with_evidence(catalog: Catalog) -> Catalog:
    """The real catalog with a known rating on its first method and none on its second."""
    import dataclasses

    from osteo_lib.content.model import Evidence

    first, second, *rest = catalog.methods
    rated = dataclasses.replace(
        first,
        evidence=Evidence(
            "some",
            "pain",
            "Trials show it helps some people.  Experts do not know how long.",
            "Student text.",
            "rct",
            (catalog.references[next(iter(catalog.references))].id,),
        ),
    )
    return dataclasses.replace(catalog, methods=(rated, dataclasses.replace(second, evidence=None), *rest))


def test_marked_methods_show_their_evidence_and_the_priorities_lead(catalog: Catalog) -> None:
    from osteo_lib.care.summary import evidence_bar_text
    from osteo_lib.care.treatments import EVIDENCE_LABELS, PRIORITY_LABELS
    from osteo_lib.care.treatments import TEXT as METHODS_TEXT

    cat = with_evidence(catalog)
    first, second = cat.methods[0], cat.methods[1]
    document = build_summary(make_entries(3), [first.id, second.id], "", cat, TODAY, priorities=["low_cost", "at_home"])
    wanted = f"{PRIORITY_LABELS['at_home']}; {PRIORITY_LABELS['low_cost']}"
    assert METHODS_TEXT["summary_priorities"].format(labels=wanted) in text_of(document)
    marked = soup(document).select_one("section.ows-marked")
    assert marked is not None
    # with the options it explains
    assert [words(str(p)) for p in marked.select("p.ows-priorities")] == [
        METHODS_TEXT["summary_priorities"].format(labels=wanted)
    ]
    items = marked.select("ul.ows-methods > li")
    assert len(items) == 2
    # the rated one: plain label, a bar of filled and hollow dots, the plain text (no unexplained count of
    # steps: health-literacy rating, PEMAT 6)
    assert f"{EVIDENCE_LABELS['some']}. Trials show it helps some people. Experts do not know how long." in words(
        str(items[0])
    )
    assert "of 3 steps" not in str(items[0])
    bar = items[0].select_one("p.ows-evidence > span.ows-bar")
    assert bar is not None
    assert bar.get_text() == evidence_bar_text(2)
    assert bar["aria-hidden"] == "true"
    assert evidence_bar_text(2) == "\u25cf\u25cf\u25cb"
    assert evidence_bar_text(0) == "\u25cb" * 3
    assert items[1].select(".ows-evidence") == []  # no rating: nothing shown
    assert "Student text." not in document
    # still only the two citation links: the summary cites no evidence sources of its own
    assert len(soup(document).select("[href]")) == 2
    # no priorities: no line about them
    assert METHODS_TEXT["summary_priorities"].split(":")[0] not in text_of(
        build_summary([], [first.id], "", cat, TODAY)
    )
    with pytest.raises(ValueError, match="cheap"):
        build_summary([], [], "", cat, TODAY, priorities=["cheap"])


def test_the_summary_widget_carries_the_priorities(catalog: Catalog) -> None:
    from osteo_lib.care.treatments import PRIORITY_LABELS
    from osteo_lib.views.widgets.diary import PainDiary
    from osteo_lib.views.widgets.explorer import TreatmentExplorer
    from osteo_lib.views.widgets.priorities import WhatMattersToMe
    from osteo_lib.views.widgets.summary import ProviderSummary

    explorer = TreatmentExplorer(catalog)
    step = WhatMattersToMe(explorer)
    step.controls["no_pills"].value = True
    summary = ProviderSummary(
        PainDiary(catalog, today=TODAY), marked_source=explorer, today=TODAY, priorities_source=step
    )
    assert summary.priorities == ("no_pills",)
    assert f"What matters to me: {PRIORITY_LABELS['no_pills']}." in words(summary.marked_html.value)
    summary.build_button.click()
    assert f"What matters to me: {PRIORITY_LABELS['no_pills']}." in text_of(summary.html)
    step.controls["at_home"].value = True  # a later tick reaches the summary and asks for a new build
    assert list(summary.priorities) == ["at_home", "no_pills"]
    assert summary.stale
    summary.build_button.click()
    assert f"{PRIORITY_LABELS['at_home']}; {PRIORITY_LABELS['no_pills']}." in text_of(summary.html)
    with pytest.raises(ValueError, match="cheap"):
        summary.priorities = ("cheap",)


def test_the_average_says_how_many_entries_it_is_made_of(catalog: Catalog) -> None:
    """Two entries are not "the last 7": the label counts what the average is made of."""
    two = text_of(build_summary(make_entries(2), [], "", catalog, TODAY))
    assert f"{TEXT.format('row_recent', count=2)}:" in two and "7" not in TEXT.format("row_recent", count=2)
    one = text_of(build_summary(make_entries(1), [], "", catalog, TODAY))
    assert f"{TEXT['row_recent_one']}:" in one


def test_a_caution_for_some_health_problems_names_them(catalog: Catalog) -> None:
    """ "Avoid" alone would read as if it held for everyone: a caution that holds for some health problems
    names them, and says so when the person ticked one of them; the ticked problems are listed."""
    method = next(m for m in catalog.methods if any(c.conditions for c in m.cautions))
    leads = dict(key_cautions(method, catalog, limit=10))
    conditional = next(c for c in method.cautions if c.conditions and first_sentence(c.patient_text) in leads.values())
    labels = [catalog.condition(cid).patient_label for cid in conditional.conditions]
    lead = next(lead for lead, sentence in leads.items() if sentence == first_sentence(conditional.patient_text))
    assert lead.startswith(TEXT[f"caution_{conditional.level}"]) and all(label in lead for label in labels)
    assert TEXT["caution_mine"] not in lead
    ticked = conditional.conditions[0]
    document = build_summary(make_entries(3), [method.id], "", catalog, TODAY, conditions=[ticked])
    items = select_texts(document, "ul.ows-cautions > li")
    assert any(labels[0] in item and TEXT["caution_mine"] in item for item in items)
    assert select_texts(document, "p.ows-conditions") == [
        f"{TEXT['conditions_title']} {catalog.condition(ticked).patient_label}."
    ]
    assert soup(build_summary(make_entries(3), [method.id], "", catalog, TODAY)).select("p.ows-conditions") == []


def test_health_problems_and_medicines_are_printed_under_about_me(catalog: Catalog) -> None:
    """Issue 15: the summary had no place for the person's health problems and medicines."""
    document = build_summary(
        make_entries(2),
        [],
        "",
        catalog,
        TODAY,
        my_conditions="Kidney disease\n\n  High   blood pressure \n" + HOSTILE,
        medicines="Alendronate 70 mg, once a week",
    )
    assert select_texts(document, "section.ows-about h3") == [TEXT["about_conditions"], TEXT["about_medicines"]]
    lists = [select_texts(str(div), "li") for div in soup(document).select(".ows-about-lists > div")]
    assert lists == [["Kidney disease", "High blood pressure", HOSTILE], ["Alendronate 70 mg, once a week"]]
    assert "<script>" not in document
    only_medicines = build_summary(make_entries(2), [], "", catalog, TODAY, medicines="Calcium")
    assert select_texts(only_medicines, "section.ows-about h3") == [TEXT["about_medicines"]]
    assert soup(build_summary(make_entries(2), [], "", catalog, TODAY)).select("section.ows-about") == []


def test_the_summary_takes_extra_blocks_after_the_options(catalog: Catalog) -> None:
    """The hook for "My pain plan": a heading, a list and a note, escaped, after the options marked."""
    block = SummaryBlock("My pain plan", ("Heat pack, 15 minutes, after lunch", HOSTILE), note="If worse: call.")
    document = build_summary(make_entries(2), [], "", catalog, TODAY, extra_blocks=[block])
    headings = select_texts(document, "main > section > h2")
    assert headings.index("My pain plan") == headings.index(TEXT["marked_title"]) + 1
    assert select_texts(document, "section.ows-extra li") == list(block.items)
    assert select_texts(document, "section.ows-extra p.ows-note") == ["If worse: call."]
    assert "<script>" not in document


def test_the_summary_widget_keeps_health_problems_and_medicines_on_the_diary(catalog: Catalog) -> None:
    diary = PainDiary(catalog, today=TODAY)
    summary = ProviderSummary(diary, today=TODAY)
    summary.conditions_input.value = "Kidney disease"
    summary.medicines_input.value = "\n".join(f"Medicine {i}" for i in range(MAX_ABOUT_LINES + 1))
    assert (diary.my_conditions, diary.medicines.count("\n")) == ("Kidney disease", MAX_ABOUT_LINES)
    summary.build_button.click()
    assert select_texts(summary.html, ".ows-about-lists li")[0] == "Kidney disease"
    assert len(select_texts(summary.html, ".ows-about-lists li")) == 1 + MAX_ABOUT_LINES
    assert TEXT.format("about_cut", limit=MAX_ABOUT_LINES) in summary.message
    diary.my_conditions = "Asthma"  # e.g. opened from the device: the box shows it, the summary is out of date
    assert summary.conditions_input.value == "Asthma" and summary.stale
    summary.extra_blocks = (SummaryBlock("My pain plan"),)
    with pytest.raises(TypeError, match="SummaryBlock"):
        summary.extra_blocks = ("not a block",)


def test_the_print_button_holds_the_summary_only_while_the_link_is_shown(catalog: Catalog) -> None:
    """The "Print the summary" button prints the summary document itself (not the dashboard page): it
    holds the document built, and nothing while there is none or it is out of date."""
    diary = PainDiary(catalog, today=TODAY, entries=make_entries(2))
    summary = ProviderSummary(diary, today=TODAY)
    assert summary.printer.document == "" and summary.printer.label == TEXT["print_summary"]
    assert summary.printer in summary.container.children
    summary.build_button.click()
    assert summary.printer.document == summary.html and summary.html
    summary.questions_input.value = "Can I use heat?"
    assert summary.stale and summary.printer.document == ""
    summary.build_button.click()
    assert "Can I use heat?" in text_of(summary.printer.document)


def test_patient_numbers_are_whole_and_changes_read_up_or_down(catalog: Catalog) -> None:
    """Issue 14 (PEMAT 6, CCI 15-16): the numbers a patient reads are whole ("about 7", not "6.8"), a change
    reads "up 2 points" (no "+2"), and no count is left unexplained ("(all: 1)"); the exact averages stay
    on the sheet, labelled for the provider."""
    assert about_whole(6.8) == "about 7" and about_whole(6.5) == "about 7" and about_whole(6.4) == "about 6"
    assert about_whole(5.0) == "5"
    assert change_words(2) == "up 2 points" and change_words(-1) == "down 1 point" and change_words(0) == "no change"
    assert change_words(-3, points=False) == "down 3"
    entries = [Entry(date(2025, 3, 1) + timedelta(days=i), p) for i, p in enumerate([6, 5, 7, 8, 8])]
    rows = dict(key_numbers(entries))
    assert rows[TEXT["row_change"]] == "up 2 points"
    assert rows[TEXT.format("row_recent", count=5)] == "about 7"  # 6.8
    document = build_summary(entries, [], "", catalog, TODAY)
    page = soup(document)
    patient = " ".join(dd.get_text() for dd in page.select(".ows-key dd"))
    patient += " " + " ".join(td.get_text() for td in page.select(".ows-changes td"))
    assert "6.8" not in patient and "+" not in patient and "\u2212" not in patient
    assert "up 2" in patient
    text = text_of(document)
    assert "(all:" not in text and "30%" not in text.split(TEXT["about_sources"])[0]
    provider = page.select_one(".ows-exact")
    assert provider is not None and "6.8" in provider.get_text() and TEXT["exact_title"] in provider.get_text()
