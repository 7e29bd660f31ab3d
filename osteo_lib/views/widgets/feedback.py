"""End-of-session feedback widgets: the student's three-question form and the instructor's summary,
and the summary's HTML (bar charts with their tables, the files left out), from the templates in
``osteo_lib/views/templates/feedback/``.

All logic is in :mod:`osteo_lib.care.feedback`; the "most helpful" choices are the teaching sections of a
session plan in ``data/instructor.yaml`` (:mod:`osteo_lib.content.guide`). Nothing is written on the
server: the student saves the answers through ``data:`` download links, and uploaded files are read
in memory.

Example (notebook cells)::

    from osteo_lib.views.widgets.feedback import FeedbackCollector, FeedbackForm
    FeedbackForm()                           # students: answer, then save a JSON or CSV file
    FeedbackCollector()                      # instructor: upload many files, see the summary

State for tests: ``FeedbackForm.answer`` (a :class:`~osteo_lib.care.feedback.FeedbackAnswer` or ``None``),
``problems``, ``json_href``, ``csv_href``; ``FeedbackCollector.files`` (the
:class:`~osteo_lib.care.feedback.Upload` records kept), ``result`` (a :class:`~osteo_lib.care.feedback.Gathered`)
and ``summary`` (a :class:`~osteo_lib.care.feedback.Summary`). Named parts: ``heading_html``, ``plan``,
``useful``, ``helpful``, ``improve``, ``message_html``, ``download_html`` (form); ``heading_html``, ``plan``,
``upload``, ``clear_button``, ``rejected_html``, ``summary_html`` (collector).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import ipywidgets as w
from traitlets import Any as AnyTrait
from traitlets import Tuple as TupleTrait
from traitlets import Unicode, observe

from osteo_lib.care.feedback import (
    CSV_MIME,
    JSON_MIME,
    MAX_BYTES,
    RATINGS,
    TEXT,
    FeedbackAnswer,
    Gathered,
    InvalidAnswer,
    Rejection,
    Summary,
    Upload,
    data_uri,
    file_name,
    gather,
    helpful_bars,
    make_answer,
    summarize,
    to_csv,
    to_json,
    useful_bars,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.guide import Plan, load_guide
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.file_button import UNREADABLE, FileButton

__all__ = [
    "TEXT",
    "FeedbackCollector",
    "FeedbackForm",
    "bar_chart_html",
    "counts_table_html",
    "rejections_html",
    "summary_html",
]

_WIDE: Final = {"description_width": "initial"}


# --- the summary's HTML ---------------------------------------------------------------------------------
def bar_chart_html(title: str, bars: Sequence[tuple[str, int]]) -> Markup:
    """A horizontal bar chart: one row per (label, count), the label (HTML text, wrapping, never clipped
    whatever the font) above its bar and the count after it. Only the bars are SVG shapes (no SVG text).
    The chart is ``role="img"`` with an ``aria-label`` giving every count. Styling comes from the
    ``ow-fb-*`` CSS classes (instructor.css)."""
    most = max((n for _, n in bars), default=0) or 1
    parts = "; ".join(TEXT.format("chart_part", label=lbl, count=n) for lbl, n in bars)
    label = TEXT.format("chart_label", title=title, parts=parts)
    rows = [(lbl, n, f"{100 * n / most:.1f}") for lbl, n in bars]
    return render("feedback/chart.html.j2", label=label, bars=rows)


def counts_table_html(caption: str, bars: Sequence[tuple[str, int]]) -> Markup:
    """The chart's numbers as a table (its text alternative)."""
    return render("feedback/table.html.j2", caption=caption, bars=bars, text=TEXT)


def summary_html(summary: Summary, files: int | None = None) -> Markup:
    """The summary: how many answers, then each chart with its table, then the ideas to improve."""
    count = TEXT.format("count", count=summary.count, files=summary.count if files is None else files)
    mean = summary.mean_useful
    figures = [
        {"title": title, "chart": bar_chart_html(title, bars), "table": counts_table_html(title, bars), "extra": extra}
        for title, bars, extra in (
            (
                TEXT["useful_title"],
                useful_bars(summary),
                TEXT.format("mean", mean=f"{mean:.1f}") if mean is not None else "",
            ),
            (TEXT["helpful_title"], helpful_bars(summary), ""),
        )
    ]
    return render("feedback/summary.html.j2", summary=summary, count=count, figures=figures, text=TEXT)


def rejections_html(rejected: Sequence[Rejection]) -> Markup:
    """The files left out, each with the reason ('' when none)."""
    if not rejected:
        return Markup("")
    return render("feedback/rejections.html.j2", rejected=rejected, text=TEXT)


# --- the widgets ----------------------------------------------------------------------------------------
def _plans(catalog: Catalog | None) -> dict[str, Plan]:
    return {p.id: p for p in load_guide(resolve_catalog(catalog)).plans}


def _plan_dropdown(plans: dict[str, Plan], plan: str | None, label: str) -> w.Dropdown:
    chosen = plan or next(iter(plans))
    if chosen not in plans:
        raise ValueError(f"unknown session plan {chosen!r}; plans: {', '.join(plans)}")
    return w.Dropdown(options=[(p.title, p.id) for p in plans.values()], value=chosen, description=label, style=_WIDE)


def _heading(title: str, intro: str) -> w.HTML:
    return w.HTML(str(render("feedback/heading.html.j2", title=title, intro=intro)))


class FeedbackForm(Widget):
    """Three questions at the end of a session, saved by the student as a JSON or CSV file.

    Usage::

        form = FeedbackForm()                  # or FeedbackForm("long") for the 3-hour session
        form                                   # display it
        form.useful.value = 4; form.helpful.value = "safe_choices"
        form.answer                            # FeedbackAnswer(plan='short', useful=4, ...)
    """

    #: The valid answers (FeedbackAnswer) or None.
    answer = AnyTrait(None, allow_none=True)
    #: Problems with the answers given so far (not counting unanswered questions).
    problems = TupleTrait()
    #: data: address of the JSON download ('' until the answers are valid).
    json_href = Unicode("")
    #: data: address of the CSV download ('' until the answers are valid).
    csv_href = Unicode("")

    def __init__(self, plan: str | None = None, catalog: Catalog | None = None) -> None:
        super().__init__()
        self.plans = _plans(catalog)
        self.heading_html = _heading(TEXT["form_title"], TEXT["form_intro"])
        self.plan = _plan_dropdown(self.plans, plan, TEXT["session_label"])
        self.useful = w.RadioButtons(
            options=[(TEXT[f"useful_{r}"], r) for r in RATINGS],
            value=None,
            description=TEXT["useful_label"],
            style=_WIDE,
        )
        self.helpful = w.Dropdown(
            options=self._helpful_options(), value="", description=TEXT["helpful_label"], style=_WIDE
        )
        self.improve = w.Text(
            value="",
            description=TEXT["improve_label"],
            placeholder=TEXT["improve_placeholder"],
            style=_WIDE,
            layout=w.Layout(width="100%", max_width="40rem"),
        )
        self.message_html = w.HTML()
        self.download_html = w.HTML()

        def question(key: str) -> w.HTML:
            return w.HTML(str(render("feedback/question.html.j2", question=TEXT[key])))

        self.container = container(
            self.heading_html,
            self.plan,
            question("q_useful"),
            self.useful,
            question("q_helpful"),
            self.helpful,
            question("q_improve"),
            self.improve,
            self.message_html,
            self.download_html,
            cls="ow-feedback",
        )
        self.plan.observe(self._on_plan, names="value")
        for control in (self.useful, self.helpful, self.improve):
            control.observe(self.update, names="value")
        self.update()

    @property
    def sections(self) -> dict[str, str]:
        """The "most helpful" choices of the chosen plan: section id -> title."""
        return self.plans[self.plan.value].feedback_sections

    def _helpful_options(self) -> list[tuple[str, str]]:
        return [(TEXT["choose"], ""), *[(title, sid) for sid, title in self.sections.items()]]

    def _on_plan(self, _change: dict[str, Any]) -> None:
        """Another session: its own "most helpful" choices, none chosen yet."""
        with self.container.hold_sync():
            self.helpful.options = self._helpful_options()
            self.helpful.value = ""
            self.update()

    def update(self, change: object = None) -> None:
        """Recompute the state from the controls, then show it."""
        missing = (TEXT["need_useful"], TEXT["need_helpful"])
        try:
            answer: FeedbackAnswer | None = make_answer(
                self.plan.value, self.useful.value, self.helpful.value or None, self.improve.value, self.sections
            )
            problems: tuple[str, ...] = ()
        except InvalidAnswer as exc:
            answer, problems = None, tuple(p for p in exc.problems if p not in missing)
        with self.hold_trait_notifications():
            self.answer = answer
            self.problems = problems
            self.json_href = data_uri(to_json(answer), JSON_MIME) if answer else ""
            self.csv_href = data_uri(to_csv(answer), CSV_MIME) if answer else ""
        with self.container.hold_sync():
            self.message_html.value = str(
                render("feedback/message.html.j2", problems=self.problems, answer=self.answer, text=TEXT)
            )
            if answer is None:
                self.download_html.value = ""
            else:
                links = render(
                    "feedback/downloads.html.j2",
                    json_href=self.json_href,
                    csv_href=self.csv_href,
                    json_name=file_name(answer, "json"),
                    csv_name=file_name(answer, "csv"),
                    text=TEXT,
                )
                self.download_html.value = str(links)


class FeedbackCollector(Widget):
    """The instructor's summary of many answer files: counts, two SVG bar charts each with a table, and
    the ideas to improve. Files with a problem are listed with the reason and left out.

    Usage::

        collector = FeedbackCollector()        # the plan whose files are counted (default: the first)
        collector                              # display it; upload many files at once
        collector.add_files([Upload("anna.json", data)])   # what the upload button does
        collector.summary.count, collector.result.rejected
    """

    #: The uploaded files kept (Upload records); a later file with the same name replaces one.
    files = TupleTrait()
    #: The files read for the chosen plan (Gathered).
    result = AnyTrait()
    #: Counts over the accepted answers (Summary).
    summary = AnyTrait()

    def __init__(self, plan: str | None = None, catalog: Catalog | None = None) -> None:
        super().__init__()
        self.plans = _plans(catalog)
        self.heading_html = _heading(TEXT["collect_title"], TEXT["collect_intro"])
        self.plan = _plan_dropdown(self.plans, plan, TEXT["collect_plan_label"])
        self.upload = FileButton(
            accept=".json,.csv,application/json,text/csv",
            multiple=True,
            description=TEXT["upload_label"],
            max_bytes=MAX_BYTES,
            layout=w.Layout(width="auto"),
        )
        self.clear_button = w.Button(description=TEXT["clear"], tooltip=TEXT["clear"], layout=w.Layout(width="auto"))
        self.rejected_html = w.HTML()
        self.summary_html = w.HTML()
        self.container = container(
            self.heading_html,
            self.plan,
            w.HBox([self.upload, self.clear_button]),
            self.rejected_html,
            self.summary_html,
            cls="ow-feedback-collector",
        )
        self.upload.observe(self._on_upload, names="value")
        self.clear_button.on_click(self._on_clear)
        self.plan.observe(self.update, names="value")
        self.update()

    @property
    def sections(self) -> dict[str, str]:
        return self.plans[self.plan.value].feedback_sections

    def add_files(self, uploads: Iterable[Upload]) -> None:
        """Add files (by name: a file with a name already kept replaces it) and update the summary."""
        kept = {f.name: f for f in self.files}
        for u in uploads:
            kept[u.name] = u
        self.files = tuple(kept.values())

    def _on_upload(self, change: dict[str, Any]) -> None:
        value = change["new"]
        if not value:
            return
        uploads = []
        for f in value:
            content = f["content"]
            size = max(int(f.get("size", 0) or 0), len(content))
            # Keep no more than needed to see that a file is too big.
            unreadable = f.get("error") == UNREADABLE
            uploads.append(Upload(str(f.get("name", "")), bytes(content[: MAX_BYTES + 1]), size, unreadable))
        # (the button empties its value after this, so that choosing the same files again is noticed)
        self.add_files(uploads)

    def _on_clear(self, _button: w.Button | None = None) -> None:
        self.files = ()

    @observe("files")
    def _files_changed(self, change: dict[str, Any]) -> None:
        if hasattr(self, "container"):
            self.update(change)

    def update(self, change: object = None) -> None:
        """Recompute the result and summary from the files and the plan, then show them."""
        sections = self.sections
        result: Gathered = gather(self.files, self.plan.value, sections)
        with self.hold_trait_notifications():
            self.result = result
            self.summary = summarize(result.answers, self.plan.value, sections)
        with self.container.hold_sync():
            self.rejected_html.value = str(rejections_html(result.rejected))
            body = summary_html(self.summary, files=len(self.files))
            self.summary_html.value = str(render("feedback/summary_box.html.j2", body=body))
