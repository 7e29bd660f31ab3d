"""The provider summary widget: builds a one-page printable HTML summary from a :class:`PainDiary`, the
options the person marked (from any object with a ``marked`` trait, e.g. the treatment explorer) and
their own questions, and offers it as a download link (``data:text/html;base64``) with a preview.
The document itself is built by :func:`osteo_lib.views.summary_document.build_summary`; the widget's
HTML comes from ``templates/summary/*.j2`` and its words from ``data/ui/summary.yaml``.

Example (a notebook cell)::

    from osteo_lib.views.widgets.diary import PainDiary
    from osteo_lib.views.widgets.summary import ProviderSummary
    diary = PainDiary()
    summary = ProviderSummary(diary, marked_source=explorer)   # explorer: optional, has a `marked` trait
    summary

State: ``marked_ids`` (tuple of method ids; follows ``marked_source.marked`` and can be set
directly), ``priorities`` (what matters to the person; follows ``priorities_source.chosen``, e.g. the
"What matters to me" step, and can be set directly), ``conditions`` (health problems ticked; follows
``marked_source.conditions`` when it has them), ``patient_name``, ``questions`` (follow the
inputs), ``extra_blocks`` (more parts, :class:`~osteo_lib.care.summary.SummaryBlock` records, e.g. "My
pain plan"; set them from code), the person's health problems and medicines (``conditions_input`` and
``medicines_input``, linked to the diary's ``my_conditions`` and ``medicines``, so they are kept with
the diary), ``html`` (the last built document), ``download_href`` (its data: address), ``stale``
(something changed since the last build; the link is hidden until the person builds again), ``message``,
``printer`` (the "Print the summary" button: :class:`SummaryPrinter`, holding the document while the
link is shown).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import ipywidgets as w
from traitlets import Bool, HasTraits, Unicode, observe, validate
from traitlets import Tuple as TupleTrait

from osteo_lib.care.summary import (
    MAX_ABOUT_LINES,
    MAX_NAME,
    MAX_QUESTIONS,
    SummaryBlock,
    clean_name,
    marked_methods,
    split_about,
    split_questions,
    summary_data_uri,
    summary_filename,
    summary_texts,
)
from osteo_lib.care.treatments import check_priorities, priorities_sentence
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.summary_document import build_summary
from osteo_lib.views.templates import render
from osteo_lib.views.widgets.base import container, resolve_catalog
from osteo_lib.views.widgets.diary import BatchedView, PainDiary, Today, html_text, today_function
from osteo_lib.views.widgets.print_button import PrintButton

__all__ = ["ProviderSummary", "SummaryPrinter", "ids_from_marked"]

_TEXT_BOX: Final = {"width": "100%", "max_width": "40rem"}


def ids_from_marked(value: object) -> tuple[str, ...]:
    """Method ids from whatever a ``marked`` trait holds: ids, objects with an ``id`` (e.g. Method),
    a set (sorted) or a mapping of id -> bool (the true ones)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping):
        items: Iterable[Any] = [k for k, v in value.items() if v]
    elif isinstance(value, (set, frozenset)):
        items = sorted(value, key=lambda v: str(getattr(v, "id", v)))
    elif isinstance(value, Iterable):
        items = value
    else:
        return ()
    return tuple(dict.fromkeys(str(getattr(item, "id", item)) for item in items))


class SummaryPrinter(PrintButton):
    """The "Print the summary" button (a :class:`~osteo_lib.views.widgets.print_button.PrintButton`): it
    prints ``document`` (the summary as built) from a hidden frame, so the printout is the summary and not
    the dashboard page around it. Hidden while ``document`` is empty (nothing built, or out of date)."""


class ProviderSummary(BatchedView):
    """Build, preview and download a one-page summary for a health care provider.

    Usage::

        summary = ProviderSummary(diary, marked_source=explorer)   # or ProviderSummary(diary)
        summary.marked_ids = ("heat", "tens")                      # set directly without an explorer
        summary                                                    # display it
    """

    #: Ids of the methods the person marked as interesting.
    marked_ids = TupleTrait()
    #: What matters to the person (priority ids, see osteo_lib.care.treatments.PRIORITIES).
    priorities = TupleTrait()
    #: The health problems (condition ids) ticked in the explorer: listed, and marked on the cautions.
    conditions = TupleTrait()
    #: Name printed on the summary (optional).
    patient_name = Unicode("")
    #: The person's questions, one per line.
    questions = Unicode("")
    #: More parts of the summary (SummaryBlock records, e.g. "My pain plan"), printed after the options.
    extra_blocks = TupleTrait()
    #: The last summary built ('' before the first build).
    html = Unicode("")
    #: data:text/html;base64 address of the last summary built.
    download_href = Unicode("")
    #: True when the inputs changed after the last build.
    stale = Bool(False)
    #: The last message shown.
    message = Unicode("")

    def __init__(
        self,
        diary: PainDiary,
        marked_source: HasTraits | None = None,
        *,
        catalog: Catalog | None = None,
        today: Today = None,
        marked_ids: Iterable[str] = (),
        priorities_source: HasTraits | None = None,
    ) -> None:
        super().__init__()
        self.diary = diary
        self.catalog = resolve_catalog(catalog) if catalog is not None else diary.catalog
        self._today = today_function(today)
        self.marked_source = marked_source
        self._filename = summary_filename(self._today())

        text = summary_texts()
        wide = {"description_width": "initial"}
        self.name_input = w.Text(value="", description=text["name_label"], style=wide, layout=w.Layout(**_TEXT_BOX))
        self.questions_input = w.Textarea(
            value="",
            description=text["questions_label"],
            placeholder=text["questions_placeholder"],
            rows=5,
            style=wide,
            layout=w.Layout(**_TEXT_BOX),
        )
        # the person's health problems and medicines live on the diary (kept with it, on the device too)
        self.conditions_input = w.Textarea(
            value=diary.my_conditions,
            description=text["my_conditions_label"],
            placeholder=text["my_conditions_placeholder"],
            rows=3,
            style=wide,
            layout=w.Layout(**_TEXT_BOX),
        )
        self.medicines_input = w.Textarea(
            value=diary.medicines,
            description=text["medicines_label"],
            placeholder=text["medicines_placeholder"],
            rows=4,
            style=wide,
            layout=w.Layout(**_TEXT_BOX),
        )
        self._about_links = [
            w.link((diary, "my_conditions"), (self.conditions_input, "value")),
            w.link((diary, "medicines"), (self.medicines_input, "value")),
        ]
        self.about_html = w.HTML(render("summary/about_note.html.j2", note=text["about_kept"]))
        self.build_button = w.Button(
            description=text["build"], button_style="primary", tooltip=text["build"], layout=w.Layout(width="auto")
        )
        self.heading_html = w.HTML(
            render("summary/widget_intro.html.j2", title=text["summary_widget_title"], intro=text["summary_intro"])
        )
        self.marked_html = w.HTML()
        self.message_html = w.HTML()
        self.download_html = w.HTML()
        self.preview_html = w.HTML()
        self.printer = SummaryPrinter(label=text["print_summary"])
        self.container = container(
            self.heading_html,
            self.marked_html,
            self.name_input,
            self.conditions_input,
            self.medicines_input,
            self.about_html,
            self.questions_input,
            self.build_button,
            self.message_html,
            self.download_html,
            self.printer,
            self.preview_html,
            cls="ow-summary-widget",
        )

        self.name_input.observe(self._on_name, names="value")
        self.questions_input.observe(self._on_questions, names="value")
        self.build_button.on_click(self._on_build)
        diary.observe(self._on_diary, names=["entries", "my_conditions", "medicines"])
        with self._batch():
            if marked_source is not None:
                marked_source.observe(self._on_marked, names="marked")
                self.marked_ids = ids_from_marked(getattr(marked_source, "marked", ()))
                if marked_source.has_trait("conditions"):  # the explorer: the health problems ticked there
                    marked_source.observe(self._on_conditions, names="conditions")
                    self.conditions = tuple(getattr(marked_source, "conditions", ()))
            if marked_ids:
                self.marked_ids = tuple(marked_ids)
            if priorities_source is not None:
                priorities_source.observe(self._on_priorities, names="chosen")
                self.priorities = tuple(getattr(priorities_source, "chosen", ()))

    # --- inputs -> state ---------------------------------------------------------------------------
    def _on_name(self, change: dict[str, Any]) -> None:
        self.patient_name = change["new"]

    def _on_questions(self, change: dict[str, Any]) -> None:
        self.questions = change["new"]

    def _on_marked(self, change: dict[str, Any]) -> None:
        self.marked_ids = ids_from_marked(change["new"])

    def _on_conditions(self, change: dict[str, Any]) -> None:
        self.conditions = tuple(change["new"])

    def _on_priorities(self, change: dict[str, Any]) -> None:
        self.priorities = tuple(change["new"])

    @validate("priorities")
    def _valid_priorities(self, proposal: dict[str, Any]) -> tuple[str, ...]:
        return check_priorities(proposal["value"])

    def _on_diary(self, change: dict[str, Any]) -> None:
        if self.html:
            self.stale = True

    @validate("extra_blocks")
    def _valid_blocks(self, proposal: dict[str, Any]) -> tuple[SummaryBlock, ...]:
        blocks = tuple(proposal["value"])
        if not all(isinstance(b, SummaryBlock) for b in blocks):
            raise TypeError("ProviderSummary.extra_blocks must hold SummaryBlock records")
        return blocks

    @observe("marked_ids", "priorities", "conditions", "patient_name", "questions", "extra_blocks")
    def _inputs_changed(self, change: dict[str, Any]) -> None:
        with self._batch():
            if self.html:
                self.stale = True

    def _on_build(self, _button: w.Button | None = None) -> None:
        """Build the summary from the current diary, marks, name and questions."""
        text = summary_texts()
        today = self._today()
        document = build_summary(
            self.diary.entries,
            self.marked_ids,
            self.questions,
            self.catalog,
            today,
            patient_name=self.patient_name,
            priorities=self.priorities,
            conditions=self.conditions,
            my_conditions=self.diary.my_conditions,
            medicines=self.diary.medicines,
            extra_blocks=self.extra_blocks,
        )
        notes = [text["built"]]
        _, unknown = marked_methods(self.catalog, self.marked_ids)
        if unknown:
            notes.append(text.format("marked_unknown", count=len(unknown)))
        if split_questions(self.questions)[1]:
            notes.append(text.format("questions_cut", limit=MAX_QUESTIONS))
        if split_about(self.diary.my_conditions)[1] or split_about(self.diary.medicines)[1]:
            notes.append(text.format("about_cut", limit=MAX_ABOUT_LINES))
        if clean_name(self.patient_name)[1]:
            notes.append(text.format("name_cut", limit=MAX_NAME))
        with self._batch():
            self.html = document
            self.download_href = summary_data_uri(document)
            self._filename = summary_filename(today)
            self.stale = False
            self.message = " ".join(notes)

    # --- state -> view -----------------------------------------------------------------------------
    @observe("html", "stale", "message")
    def update(self, change: object = None) -> None:
        """The one place that updates the view from the state."""
        if self._drawing_waits():
            return
        text = summary_texts()
        with self.container.hold_sync():
            methods, _ = marked_methods(self.catalog, self.marked_ids)
            self.marked_html.value = render(
                "summary/marked.html.j2",
                priorities=priorities_sentence(self.priorities),
                names=[m.name for m in methods],
                intro=text["marked_intro"],
                empty=text["marked_empty"],
            )
            if self.stale:
                status, message = "stale", text["stale"]
            elif self.html:
                status, message = "built", self.message
            else:
                status, message = "", text["not_built"]
            self.message_html.value = render("summary/status.html.j2", kind=status, message=message)
            if self.html and not self.stale:
                self.download_html.value = render(
                    "summary/download.html.j2",
                    href=self.download_href,
                    filename=self._filename,
                    label=text["download_summary"],
                    hint=text["print_hint"],
                )
                self.preview_html.value = render(
                    "summary/preview.html.j2", title=text["preview_title"], document=self.html
                )
                self.printer.document = self.html
            else:
                self.download_html.value = ""
                self.preview_html.value = ""
                self.printer.document = ""

    @property
    def text(self) -> str:
        """The HTML the widget shows, stylesheet left out (for tests and quick checks)."""
        return html_text(self.container)
