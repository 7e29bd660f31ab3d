"""The provider summary widget: builds a one-page printable HTML summary from a :class:`PainDiary`, the
options the person marked (from any object with a ``marked`` trait, e.g. the treatment explorer) and
their own questions, and offers it as a download link (``data:text/html;base64``) with a preview.
The document itself is built by :func:`osteo_lib.care.summary.build_summary`.

Example (a notebook cell)::

    from osteo_lib.views.widgets.diary import PainDiary
    from osteo_lib.views.widgets.summary import ProviderSummary
    diary = PainDiary()
    summary = ProviderSummary(diary, marked_source=explorer)   # explorer: optional, has a `marked` trait
    summary.container

State: ``marked_ids`` (tuple of method ids; follows ``marked_source.marked`` and can be set
directly), ``priorities`` (what matters to the person; follows ``priorities_source.chosen``, e.g. the
"What matters to me" step, and can be set directly), ``patient_name``, ``questions`` (follow the inputs), ``html`` (the last built document),
``download_href`` (its data: address), ``stale`` (something changed since the last build; the link
is hidden until the person builds again), ``message``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as w
from traitlets import Bool, HasTraits, Unicode, observe, validate
from traitlets import Tuple as TupleTrait

from osteo_lib.content.catalog import Catalog
from osteo_lib.care.diary import TEXT
from osteo_lib.care.summary import (
    MAX_NAME,
    MAX_QUESTIONS,
    build_summary,
    clean_name,
    marked_methods,
    split_questions,
    summary_data_uri,
    summary_filename,
)
from osteo_lib.care.treatments import check_priorities, priorities_sentence
from osteo_lib.views.widgets.base import bullet_list, container, esc, resolve_catalog, tag
from osteo_lib.views.widgets.diary import BatchedView, PainDiary, Today, html_text, today_function

__all__ = ["TEXT", "ProviderSummary", "ids_from_marked"]


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


class ProviderSummary(BatchedView):
    """Build, preview and download a one-page summary for a health care provider.

    Usage::

        summary = ProviderSummary(diary, marked_source=explorer)   # or ProviderSummary(diary)
        summary.marked_ids = ("heat", "tens")                      # set directly without an explorer
        summary.container
    """

    marked_ids = TupleTrait(help="Ids of the methods the person marked as interesting.")
    priorities = TupleTrait(help="What matters to the person (priority ids, see osteo_lib.care.treatments.PRIORITIES).")
    patient_name = Unicode("", help="Name printed on the summary (optional).")
    questions = Unicode("", help="The person's questions, one per line.")
    html = Unicode("", help="The last summary built ('' before the first build).")
    download_href = Unicode("", help="data:text/html;base64 address of the last summary built.")
    stale = Bool(False, help="True when the inputs changed after the last build.")
    message = Unicode("", help="The last message shown.")

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

        self.name_input = w.Text(value="", description=TEXT["name_label"], style={"description_width": "initial"},
                                 layout=w.Layout(width="100%", max_width="40rem"))
        self.questions_input = w.Textarea(value="", description=TEXT["questions_label"],
                                          placeholder=TEXT["questions_placeholder"], rows=5,
                                          style={"description_width": "initial"},
                                          layout=w.Layout(width="100%", max_width="40rem"))
        self.build_button = w.Button(description=TEXT["build"], button_style="primary", tooltip=TEXT["build"],
                                     layout=w.Layout(width="auto"))
        self.marked_html = w.HTML()
        self.message_html = w.HTML()
        self.download_html = w.HTML()
        self.preview_html = w.HTML()
        self.container = container(
            w.HTML(tag("h2", TEXT["summary_widget_title"]) + tag("p", TEXT["summary_intro"])),
            self.marked_html, self.name_input, self.questions_input, self.build_button,
            self.message_html, self.download_html, self.preview_html,
            cls="ow-summary-widget",
        )

        self.name_input.observe(self._on_name, names="value")
        self.questions_input.observe(self._on_questions, names="value")
        self.build_button.on_click(self._on_build)
        diary.observe(self._on_diary, names="entries")
        with self._batch():
            if marked_source is not None:
                marked_source.observe(self._on_marked, names="marked")
                self.marked_ids = ids_from_marked(getattr(marked_source, "marked", ()))
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

    def _on_priorities(self, change: dict[str, Any]) -> None:
        self.priorities = tuple(change["new"])

    @validate("priorities")
    def _valid_priorities(self, proposal: dict[str, Any]) -> tuple[str, ...]:
        return check_priorities(proposal["value"])

    def _on_diary(self, change: dict[str, Any]) -> None:
        if self.html:
            self.stale = True

    @observe("marked_ids", "priorities", "patient_name", "questions")
    def _inputs_changed(self, change: dict[str, Any]) -> None:
        with self._batch():
            if self.html:
                self.stale = True

    @observe("html", "stale", "message")
    def _output_changed(self, change: dict[str, Any]) -> None:
        self._render_unless_batched()

    def _on_build(self, _button: w.Button | None = None) -> None:
        """Build the summary from the current diary, marks, name and questions."""
        today = self._today()
        document = build_summary(self.diary.entries, self.marked_ids, self.questions, self.catalog, today,
                                 patient_name=self.patient_name, priorities=self.priorities)
        notes = [TEXT["built"]]
        _, unknown = marked_methods(self.catalog, self.marked_ids)
        if unknown:
            notes.append(TEXT["marked_unknown"].format(count=len(unknown)))
        if split_questions(self.questions)[1]:
            notes.append(TEXT["questions_cut"].format(limit=MAX_QUESTIONS))
        if clean_name(self.patient_name)[1]:
            notes.append(TEXT["name_cut"].format(limit=MAX_NAME))
        with self._batch():
            self.html = document
            self.download_href = summary_data_uri(document)
            self._filename = summary_filename(today)
            self.stale = False
            self.message = " ".join(notes)

    # --- state -> view -----------------------------------------------------------------------------
    def _render(self) -> None:
        """The one place that updates the view from the state."""
        if not hasattr(self, "container"):
            return
        with self.container.hold_sync():
            methods, _ = marked_methods(self.catalog, self.marked_ids)
            wanted = priorities_sentence(self.priorities)
            lead = tag("p", wanted, cls="ow-summary-priorities") if wanted else ""
            if methods:
                self.marked_html.value = lead + tag("p", TEXT["marked_intro"]) + bullet_list(m.name for m in methods)
            else:
                self.marked_html.value = lead + tag("p", TEXT["marked_empty"], cls="ow-note")
            ready = bool(self.html) and not self.stale
            if self.stale:
                self.message_html.value = tag("p", TEXT["stale"], cls="ow-warning", role="status")
            elif self.html:
                self.message_html.value = tag("p", self.message, cls="ow-ok", role="status")
            else:
                self.message_html.value = tag("p", TEXT["not_built"], cls="ow-note")
            if ready:
                link = tag("a", TEXT["download_summary"], cls="ow-diary-download", href=self.download_href,
                           download=self._filename)
                self.download_html.value = tag("p", link, raw=True) + tag("p", TEXT["print_hint"], cls="ow-note")
                self.preview_html.value = (
                    f'<iframe class="ow-summary-preview" title="{esc(TEXT["preview_title"])}" sandbox="" '
                    f'srcdoc="{esc(self.html)}"></iframe>'
                )
            else:
                self.download_html.value = ""
                self.preview_html.value = ""

    @property
    def text(self) -> str:
        """The HTML the widget shows, stylesheet left out (for tests and quick checks)."""
        return html_text(self.container)
