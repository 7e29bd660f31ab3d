"""Pain pathway explorer: a clickable picture of the path a pain message takes.

The picture is plain HTML (template ``views/templates/pathway/picture.html.j2``; words in
``data/ui/pathway.yaml``) (no SVG text, so no label can overflow a shape
whatever the font): an ordered list of the pathway stages from ``catalog.stages`` in order
(injury site -> nerves -> spinal cord -> brain). Each stage is a real ``<button>`` whose text is the
stage name and whose accessible name is exactly that text (no ``aria-label``; WCAG 2.5.3 "label in
name"), with ``aria-pressed``. Under each stage, the pain modulators that act there
(``Modulator.acts_at``) are an HTML list, each marked as turning pain up, down, or either way. The
arrows between stages are decorative (``aria-hidden``). The list is a flex layout: four columns on
a wide screen, one column (arrows pointing down) on a phone or at high zoom.

A small anywidget (``osteo_lib/views/static/pathway.js``) only draws the markup it is sent and attaches
the handlers: click (and so Enter/Space, which a native button turns into a click) selects a stage;
Left/Right (and Up/Down, Home/End) move between stages. The selection comes back as the synced
trait ``selected``; Python then renders what happens at that stage.

Usage in a notebook::

    from osteo_lib.views.widgets.pathway import PathwayExplorer
    explorer = PathwayExplorer()                   # audience="student" for the clinical text
    explorer                                       # display it
    explorer.selected = "spinal_cord"              # or click a stage
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import anywidget
import ipywidgets as w
import traitlets

from osteo_lib.care.treatments import patient_option_filter
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import Method, Modulator, Stage
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.disclosure import Disclosure

#: The id of the folded "pain pathway in words" (what its button opens), and its classes (css/understand.css).
WORDS_ID = "ow-pathway-words"
WORDS_FOLDED = "ow-pathway-alt--folded"
WORDS_OPEN = "ow-pathway-alt--open"

__all__ = [
    "EFFECT_MARK",
    "STATIC",
    "Audience",
    "PathwayDiagram",
    "PathwayExplorer",
    "cited_references",
    "modulators_by_stage",
    "pathway_html",
    "pathway_in_words",
    "stage_details",
    "stage_references",
]

Audience = Literal["patient", "student"]

STATIC = Path(__file__).resolve().parents[1] / "static"

EFFECT_MARK: dict[str, str] = {"up": "\u25b2", "down": "\u25bc", "either": "\u25b2\u25bc"}


def _texts() -> UiTexts:
    return ui_texts("pathway")


def modulators_by_stage(catalog: Catalog) -> dict[str, tuple[Modulator, ...]]:
    """Every stage id mapped to the modulators acting there (data order); stages without any map to ()."""
    return {s.id: catalog.find_modulators(acts_at=s.id) for s in catalog.stages}


def pathway_html(catalog: Catalog, selected: str = "") -> Markup:
    """The pathway picture as HTML: an ordered list with one real button per stage (its text is the
    stage name, which is also its accessible name), the modulators under each stage as a list,
    decorative arrows between stages and a legend of the marks."""
    mods = modulators_by_stage(catalog)
    steps = [
        {"id": s.id, "name": s.name, "pressed": s.id == selected, "modulators": mods[s.id]} for s in catalog.stages
    ]
    present = {m.effect for ms in mods.values() for m in ms}
    legend = [effect for effect in ("up", "down", "either") if effect in present]
    return render("pathway/picture.html.j2", text=_texts(), steps=steps, legend=legend, marks=EFFECT_MARK)


def pathway_in_words(catalog: Catalog, *, folded: bool = False) -> Markup:
    """The text alternative: an ordered list of the stages with the modulators acting at each. ``folded``:
    without its heading (a button with the same words opens it), in an element with the id :data:`WORDS_ID`."""
    text = _texts()
    mods = modulators_by_stage(catalog)
    items = []
    for s in catalog.stages:
        words = text.format("in_words_stage", order=s.order, name=s.name)
        if mods[s.id]:
            named = "; ".join(f"{m.name} ({text['effect_' + m.effect]})" for m in mods[s.id])
            words += " " + text.format("in_words_mods", items=named)
        else:
            words += " " + text["in_words_none"]
        items.append({"id": s.id, "text": words})
    return render(
        "pathway/words.html.j2", heading="" if folded else text["in_words"], items=items, id=WORDS_ID if folded else ""
    )


def stage_references(catalog: Catalog, stage: Stage) -> list[str]:
    """The reference ids the details of ``stage`` cite: the stage's, then those of the modulators acting there."""
    return [*stage.references, *(r for m in catalog.find_modulators(acts_at=stage.id) for r in m.references)]


def cited_references(catalog: Catalog) -> tuple[str, ...]:
    """Every reference id the explorer can show (the details of every stage), each once, in stage order.
    The patient dashboard lists them once, under "Where this comes from", for a widget built with
    ``sources=False``."""
    return tuple(dict.fromkeys(r for s in catalog.stages for r in stage_references(catalog, s)))


def stage_details(
    catalog: Catalog, stage: Stage, audience: Audience, *, sources: bool = True
) -> tuple[Markup, tuple[Modulator, ...], tuple[Method, ...]]:
    """HTML for one stage plus the modulators and methods it shows (with its sources unless ``sources``
    is false)."""
    if audience not in ("student", "patient"):
        raise ValueError(f"audience must be 'student' or 'patient', not {audience!r}")
    text = _texts()
    mods = catalog.find_modulators(acts_at=stage.id)
    student = audience == "student"
    # Patients are never offered the options kept for students only (patient_option: false), nor, under
    # "Treatments that work here", the ones What may help's "Start here" box calls not advised (ultrasound,
    # vertebroplasty): listed there they would read as advice. Students see every method that acts here.
    methods = catalog.find_methods(stage=stage.id, patient_option=patient_option_filter(audience))
    if not student:
        methods = tuple(m for m in methods if not (m.start_here and m.start_here.group == "not_advised"))
    ref_ids = stage_references(catalog, stage) if sources else []
    html = render(
        "pathway/stage.html.j2",
        text=text,
        heading=text.format("stage_heading", order=stage.order, total=len(catalog.stages), name=stage.name),
        stage_text=stage.student_text if student else stage.patient_text,
        modulators=mods,
        methods=methods,
        student=student,
        refs=catalog.references_for(ref_ids),
        audience=audience,
    )
    return html, mods, methods


def _check_stage(value: str, known: list[str]) -> str:
    if value != "" and value not in known:
        raise ValueError(
            f"{value!r} is not a stage of the pain pathway; choose one of: {', '.join(known)} "
            "(or '' for none). The selection was not changed."
        )
    return value


class PathwayDiagram(anywidget.AnyWidget):
    """The clickable picture. Python sends ``markup`` (the HTML of :func:`pathway_html`), ``stages`` and
    ``status``; the front end sends back ``selected`` (a stage id, or "" for none)."""

    _esm = STATIC / "pathway.js"
    selected = traitlets.Unicode("").tag(sync=True)
    stages = traitlets.List(traitlets.Dict()).tag(sync=True)
    markup = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("selected")
    def _valid_stage(self, proposal: dict[str, Any]) -> str:
        try:
            return _check_stage(str(proposal["value"]), [s["id"] for s in self.stages])
        except ValueError as error:
            raise traitlets.TraitError(str(error)) from None


class PathwayExplorer(Widget):
    """Explore the pain pathway: pick a stage to see what happens there, what turns pain up or down
    there, and which treatments act there.

    State: ``selected`` (stage id or ""), ``shown_modulators`` and ``shown_methods`` (ids shown for the
    selected stage), ``diagram`` (the anywidget), ``details`` and ``text_alternative`` (HTML widgets).

    Example::

        explorer = PathwayExplorer(audience="patient")
        explorer.selected = "brain"
        explorer.shown_methods   # ids of treatments acting at the brain
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        audience: Audience = "patient",
        selected: str = "",
        sources: bool = True,
    ) -> None:
        if audience not in ("patient", "student"):
            raise ValueError(f"audience must be 'patient' or 'student'; got {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.audience: Audience = audience
        #: Whether each stage's details end with their sources (the patient dashboard lists them once per part).
        self.show_sources = sources
        self.shown_modulators: tuple[str, ...] = ()
        self.shown_methods: tuple[str, ...] = ()
        self.diagram = PathwayDiagram(stages=[{"id": s.id, "name": s.name} for s in self.catalog.stages])
        self.diagram.add_class("ow-pathway-diagram")
        folded = audience == "patient"
        self.text_alternative = w.HTML(str(pathway_in_words(self.catalog, folded=folded)))
        self.text_alternative.add_class("ow-pathway-alt")
        #: Patients: "The pain pathway in words" is folded under this button (it repeats the picture; the
        #: health-literacy rating, PEMAT 2); ``None`` for students, who see it open.
        self.words_button: Disclosure | None = None
        words: tuple[w.Widget, ...] = (self.text_alternative,)
        if folded:
            self.words_button = Disclosure(label=_texts()["in_words"], controls=WORDS_ID)
            self.text_alternative.add_class(WORDS_FOLDED)
            self.words_button.observe(self._show_words, names="expanded")
            words = (self.words_button, self.text_alternative)
        self.details = w.HTML()
        self.details.add_class("ow-pathway-details")
        self.header = w.HTML(str(render("pathway/header.html.j2", text=_texts())))
        self.container = container(self.header, self.diagram, *words, self.details, cls="ow-pathway")
        self.diagram.selected = selected  # validated; raises TraitError for an unknown stage
        self.diagram.observe(self.update, names="selected")
        self.update()

    def _show_words(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.text_alternative.add_class(WORDS_OPEN)
        else:
            self.text_alternative.remove_class(WORDS_OPEN)

    @property
    def selected(self) -> str:
        """The selected stage id ("" when none). Setting an unknown id raises ``TraitError``."""
        return str(self.diagram.selected)

    @selected.setter
    def selected(self, stage_id: str) -> None:
        self.diagram.selected = stage_id

    def update(self, change: object = None) -> None:
        """The single update path: selected stage -> picture, status and details."""
        text = _texts()
        sel = self.selected
        with self.diagram.hold_sync(), self.details.hold_sync():
            self.diagram.markup = str(pathway_html(self.catalog, sel))
            if not sel:
                self.shown_modulators, self.shown_methods = (), ()
                self.details.value = str(render("pathway/prompt.html.j2", text=text))
                self.diagram.status = text["status_none"]
                return
            stage = self.catalog.stage(sel)
            html, mods, methods = stage_details(self.catalog, stage, self.audience, sources=self.show_sources)
            self.shown_modulators = tuple(m.id for m in mods)
            self.shown_methods = tuple(m.id for m in methods)
            self.details.value = str(html)
            self.diagram.status = text.format("status", name=stage.name)
