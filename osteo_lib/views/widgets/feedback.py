"""End-of-session feedback widgets: the student's three-question form and the instructor's summary.

All logic is in :mod:`osteo_lib.care.feedback`; the "most helpful" choices are the teaching sections of a
session plan in ``data/instructor.yaml`` (:mod:`osteo_lib.apps.instructor`). Nothing is written on the
server: the student saves the answers through ``data:`` download links, and uploaded files are read
in memory.

Example (notebook cells)::

    from osteo_lib.views.widgets.feedback import FeedbackCollector, FeedbackForm
    FeedbackForm().container                 # students: answer, then save a JSON or CSV file
    FeedbackCollector().container            # instructor: upload many files, see the summary

State for tests: ``FeedbackForm.answer`` (a :class:`~osteo_lib.care.feedback.FeedbackAnswer` or ``None``),
``problems``, ``json_href``, ``csv_href``; ``FeedbackCollector.files`` (the
:class:`~osteo_lib.care.feedback.Upload` records kept), ``result`` (a :class:`~osteo_lib.care.feedback.Gathered`)
and ``summary`` (a :class:`~osteo_lib.care.feedback.Summary`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import ipywidgets as w
from traitlets import Any as AnyTrait
from traitlets import HasTraits, Unicode, observe
from traitlets import Tuple as TupleTrait

from osteo_lib.content.catalog import Catalog
from osteo_lib.care.feedback import (
    CSV_MIME,
    JSON_MIME,
    MAX_BYTES,
    RATINGS,
    TEXT,
    FeedbackAnswer,
    Gathered,
    InvalidAnswer,
    Summary,
    Upload,
    data_uri,
    file_name,
    gather,
    make_answer,
    rejections_html,
    summarize,
    summary_html,
    to_csv,
    to_json,
)
from osteo_lib.apps.instructor import Plan, load_guide
from osteo_lib.views.widgets.base import Widget, bullet_list, container, resolve_catalog, tag

__all__ = ["TEXT", "FeedbackCollector", "FeedbackForm"]

_WIDE: Final = {"description_width": "initial"}
_MISSING: Final = (TEXT["need_useful"], TEXT["need_helpful"])


def _plans(catalog: Catalog | None) -> dict[str, Plan]:
    return {p.id: p for p in load_guide(resolve_catalog(catalog)).plans}


def _plan_dropdown(plans: dict[str, Plan], plan: str | None, label: str) -> w.Dropdown:
    chosen = plan or next(iter(plans))
    if chosen not in plans:
        raise ValueError(f"unknown session plan {chosen!r}; plans: {', '.join(plans)}")
    return w.Dropdown(options=[(p.title, p.id) for p in plans.values()], value=chosen, description=label, style=_WIDE)


class FeedbackForm(Widget):
    """Three questions at the end of a session, saved by the student as a JSON or CSV file.

    Usage::

        form = FeedbackForm()                  # or FeedbackForm("long") for the 3-hour session
        form.container                         # display it
        form.useful.value = 4; form.helpful.value = "safe_choices"
        form.answer                            # FeedbackAnswer(plan='short', useful=4, ...)
    """

    answer = AnyTrait(None, allow_none=True, help="The valid answers (FeedbackAnswer) or None.")
    problems = TupleTrait(help="Problems with the answers given so far (not counting unanswered questions).")
    json_href = Unicode("", help="data: address of the JSON download ('' until the answers are valid).")
    csv_href = Unicode("", help="data: address of the CSV download ('' until the answers are valid).")

    def __init__(self, plan: str | None = None, catalog: Catalog | None = None) -> None:
        super().__init__()
        self.plans = _plans(catalog)
        self.plan = _plan_dropdown(self.plans, plan, TEXT["session_label"])
        self.useful = w.RadioButtons(options=[(TEXT[f"useful_{r}"], r) for r in RATINGS], value=None,
                                     description=TEXT["useful_label"], style=_WIDE)
        self.helpful = w.Dropdown(options=self._helpful_options(), value="", description=TEXT["helpful_label"], style=_WIDE)
        self.improve = w.Text(value="", description=TEXT["improve_label"], placeholder=TEXT["improve_placeholder"],
                              style=_WIDE, layout=w.Layout(width="100%", max_width="40rem"))
        self.message_html = w.HTML()
        self.download_html = w.HTML()

        def question(key: str) -> w.HTML:
            return w.HTML(tag("p", TEXT[key], cls="ow-fb-question"))

        self.container = container(
            w.HTML(tag("h2", TEXT["form_title"]) + tag("p", TEXT["form_intro"])),
            self.plan,
            question("q_useful"), self.useful,
            question("q_helpful"), self.helpful,
            question("q_improve"), self.improve,
            self.message_html, self.download_html,
            cls="ow-feedback",
        )
        self.plan.observe(self._on_plan, names="value")
        for control in (self.useful, self.helpful, self.improve):
            control.observe(self._on_change, names="value")
        self._update()

    @property
    def sections(self) -> dict[str, str]:
        """The "most helpful" choices of the chosen plan: section id -> title."""
        return self.plans[self.plan.value].feedback_sections

    def _helpful_options(self) -> list[tuple[str, str]]:
        return [(TEXT["choose"], ""), *[(title, sid) for sid, title in self.sections.items()]]

    # --- controls -> state --------------------------------------------------------------------------
    def _on_plan(self, _change: dict[str, Any]) -> None:
        with self.container.hold_sync():
            self.helpful.options = self._helpful_options()
            self.helpful.value = ""
            self._update()

    def _on_change(self, _change: dict[str, Any]) -> None:
        self._update()

    def _update(self) -> None:
        """Recompute the state from the controls, then render once."""
        try:
            answer: FeedbackAnswer | None = make_answer(self.plan.value, self.useful.value, self.helpful.value or None,
                                                        self.improve.value, self.sections)
            problems: tuple[str, ...] = ()
        except InvalidAnswer as exc:
            answer, problems = None, tuple(p for p in exc.problems if p not in _MISSING)
        with self.hold_trait_notifications():
            self.answer = answer
            self.problems = problems
            self.json_href = data_uri(to_json(answer), JSON_MIME) if answer else ""
            self.csv_href = data_uri(to_csv(answer), CSV_MIME) if answer else ""
        self._render()

    # --- state -> view ------------------------------------------------------------------------------
    def _render(self) -> None:
        """The one place that updates the view from the state."""
        with self.container.hold_sync():
            if self.problems:
                self.message_html.value = tag("div", bullet_list(self.problems), cls="ow-error ow-fb-message", raw=True, role="alert")
            elif self.answer is None:
                self.message_html.value = tag("p", TEXT["not_ready"], cls="ow-note ow-fb-message", role="status")
            else:
                self.message_html.value = tag("p", TEXT["ready"], cls="ow-ok ow-fb-message", role="status")
            if self.answer is None:
                self.download_html.value = ""
            else:
                links = (tag("a", TEXT["download_json"], cls="ow-fb-download", href=self.json_href,
                             download=file_name(self.answer, "json"))
                         + " " + tag("a", TEXT["download_csv"], cls="ow-fb-download", href=self.csv_href,
                                     download=file_name(self.answer, "csv")))
                self.download_html.value = tag("p", links, raw=True, cls="ow-fb-downloads")


class FeedbackCollector(Widget):
    """The instructor's summary of many answer files: counts, two SVG bar charts each with a table, and
    the ideas to improve. Files with a problem are listed with the reason and left out.

    Usage::

        collector = FeedbackCollector()        # the plan whose files are counted (default: the first)
        collector.container                    # display it; upload many files at once
        collector.add_files([Upload("anna.json", data)])   # what the upload button does
        collector.summary.count, collector.result.rejected
    """

    files = TupleTrait(help="The uploaded files kept (Upload records); a later file with the same name replaces one.")
    result = AnyTrait(help="The files read for the chosen plan (Gathered).")
    summary = AnyTrait(help="Counts over the accepted answers (Summary).")

    def __init__(self, plan: str | None = None, catalog: Catalog | None = None) -> None:
        super().__init__()
        self.plans = _plans(catalog)
        self.plan = _plan_dropdown(self.plans, plan, TEXT["collect_plan_label"])
        self.upload = w.FileUpload(accept=".json,.csv,application/json,text/csv", multiple=True,
                                   description=TEXT["upload_label"], layout=w.Layout(width="auto"))
        self.clear_button = w.Button(description=TEXT["clear"], tooltip=TEXT["clear"], layout=w.Layout(width="auto"))
        self.rejected_html = w.HTML()
        self.summary_html = w.HTML()
        self.container = container(
            w.HTML(tag("h2", TEXT["collect_title"]) + tag("p", TEXT["collect_intro"])),
            self.plan,
            w.HBox([self.upload, self.clear_button]),
            self.rejected_html,
            self.summary_html,
            cls="ow-feedback-collector",
        )
        self.upload.observe(self._on_upload, names="value")
        self.clear_button.on_click(self._on_clear)
        self.plan.observe(self._on_plan, names="value")
        self._update()

    @property
    def sections(self) -> dict[str, str]:
        return self.plans[self.plan.value].feedback_sections

    # --- controls -> state --------------------------------------------------------------------------
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
            uploads.append(Upload(str(f.get("name", "")), bytes(content[:MAX_BYTES + 1]), size))
        try:
            self.add_files(uploads)
        finally:
            self.upload.value = ()  # so that choosing the same files again is noticed

    def _on_clear(self, _button: w.Button | None = None) -> None:
        self.files = ()

    def _on_plan(self, _change: dict[str, Any]) -> None:
        self._update()

    @observe("files")
    def _files_changed(self, _change: dict[str, Any]) -> None:
        if hasattr(self, "container"):
            self._update()

    def _update(self) -> None:
        """Recompute the result and summary from the files and the plan, then render once."""
        sections = self.sections
        result: Gathered = gather(self.files, self.plan.value, sections)
        with self.hold_trait_notifications():
            self.result = result
            self.summary = summarize(result.answers, self.plan.value, sections)
        self._render()

    # --- state -> view ------------------------------------------------------------------------------
    def _render(self) -> None:
        """The one place that updates the view from the state."""
        summary: Summary = self.summary
        with self.container.hold_sync():
            self.rejected_html.value = rejections_html(self.result.rejected)
            self.summary_html.value = tag("div", summary_html(summary, files=len(self.files)), cls="ow-fb-summary", raw=True)
