"""The programme dashboard: where each structure of a cohort stands in the 12-month calendar.

``sizeup cohort tableau COHORTE.yml`` writes two files in the cohort's output folder
(:func:`save_dashboard`): ``tableau-de-bord.html``, one self-contained French page (no
script, no external address or font, printable in black and white), and
``tableau-de-bord.xlsx`` for the programme team. Both say, for each structure and each
step of the curriculum, whether it is done (with the date of its deliverable), late, not
started, failed or optional; the path step 01 recommended; the structures at risk of
dropping out; and the cohort's next seminar.

The rules (the programme the curriculum mirrors: 12 months, three seminars and a Demo Day,
the curriculum map's months in :data:`~sizeup_helpers.curriculum.STEPS`, laid out by
notebook 01's calendar, :func:`~sizeup_helpers.framing.evaluation_calendar`):

- **Due date.** A step is due at the end of the last month it is scheduled in, counted from
  the cohort's ``start_month`` (:func:`~sizeup_helpers.framing.step_due_months`: step 02,
  « M1–M2 », is due on the last day of the programme's second month).
- **Status** of a step, at the date ``as_of`` (:data:`STATUSES`), read from the structure's
  step state file (``carnets-executes/etat-des-etapes.json``, written by ``sizeup run`` and
  ``sizeup cohort run`` after every step): « fait » when its last attempt succeeded (or was
  not run again after an earlier success), dated by that success; « en échec » when its
  last attempt failed (late or not by its due date); otherwise « en retard » once its due
  date has passed, « pas commencé » before. On the short path, a step marked
  « facultatif » (the monetised valuation, 11) is never late: it reads « facultatif ».
  A step worked on by hand in JupyterLab, outside ``sizeup run``, leaves no state: it
  reads « fait » when its output folder holds a file, dated by the newest one
  (:func:`deliverables_date`).
- **Recommended path**: « complet » or « court », as step 01 saved it (``cadrage.yml``, else
  ``autodiagnostic.yml``); « inconnu » while step 01 has not been done (its steps are then
  read as on the full path).
- **At risk of dropping out**: a structure on the short path with at least one step late,
  or with two steps late or more whatever its path (a failed step past its due date counts
  as late). The rule comes from the programme's lesson: the structures that drop out are
  the smallest teams, which the self-diagnostic sends to the short path, and they fall
  behind a step at a time until they run out of time before the Demo Day.
- **Next seminar**: the cohort's own dates when ``cohorte.yml`` lists them
  (``seminaires``: the first one on or after ``as_of``); otherwise the first month, from the
  month of ``as_of`` on, where notebook 01's calendar opens a seminar (1 « Comprendre » in
  month 1, 2 « Collecter » in month 4, 3 « Analyser » in month 9, the Demo Day in month 12),
  given as a month: the seminar of the current month may still be ahead.

Only structure names appear (never a person's data), and the dashboard reads the state
files and step 01's deliverables, never raw or clean data.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .reading import Reading

if TYPE_CHECKING:
    import pandas as pd

    from .cohort import Cohort

__all__ = [
    "DASHBOARD_HTML",
    "DASHBOARD_XLSX",
    "DONE",
    "FAILED",
    "LATE",
    "NOT_STARTED",
    "OPTIONAL",
    "STATUSES",
    "Dashboard",
    "Seminar",
    "StepCell",
    "StructureRow",
    "cohort_dashboard",
    "dashboard_html",
    "dashboard_workbook",
    "explain_dashboard",
    "save_dashboard",
    "step_state",
]

DASHBOARD_HTML = "tableau-de-bord.html"
DASHBOARD_XLSX = "tableau-de-bord.xlsx"

#: Statuses of a step in the dashboard.
DONE = "fait"
LATE = "en retard"
NOT_STARTED = "pas commencé"
FAILED = "en échec"
OPTIONAL = "facultatif"
STATUSES = (DONE, LATE, FAILED, NOT_STARTED, OPTIONAL)

PATHS = ("complet", "court", "inconnu")


_SYMBOL = {DONE: "✓", LATE: "!", FAILED: "✗", NOT_STARTED: "·", OPTIONAL: "–"}
_CLASS = {DONE: "fait", LATE: "retard", FAILED: "echec", NOT_STARTED: "attente", OPTIONAL: "option"}


# --------------------------------------------------------------------------------------
# The data
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepCell:
    """One step of one structure."""

    step: str
    """Two digits, ``"00"`` to ``"12"``."""
    status: str
    """One of :data:`STATUSES`."""
    due_month: int
    """Month of the programme (1–12) at whose end the step is due."""
    due: dt.date
    """Its last day."""
    level: str
    """« complet », « allégé » or « facultatif » on the structure's path."""
    late: bool
    """Not done (or failed) and its due date passed."""
    done_on: dt.date | None = None
    """Date of the step's last success (its deliverable's date); None if never."""


@dataclass(frozen=True)
class StructureRow:
    """One structure of the cohort: its path, its steps and whether it is at risk."""

    slug: str
    name: str
    path: str
    """« complet », « court » or « inconnu »."""
    cells: tuple[StepCell, ...]

    @property
    def late_steps(self) -> list[str]:
        """Numbers of the steps late (failed ones past their due date included)."""
        return [c.step for c in self.cells if c.late]

    @property
    def done_steps(self) -> list[str]:
        return [c.step for c in self.cells if c.status == DONE]

    @property
    def at_risk(self) -> bool:
        """Short path with a step late, or two steps late whatever the path."""
        late = len(self.late_steps)
        return (self.path == "court" and late >= 1) or late >= 2

    @property
    def situation(self) -> str:
        """« à risque », « en retard » or « à jour »."""
        return "à risque" if self.at_risk else "en retard" if self.late_steps else "à jour"

    @property
    def risk_reason(self) -> str:
        """Why the structure is at risk, in French (``""`` when it is not)."""
        if not self.at_risk:
            return ""
        late = self.late_steps
        steps = f"{french.plural(len(late), 'étape', 'étapes')} en retard : {french.join_and(late)}"
        return f"parcours court, {steps}" if self.path == "court" else steps


@dataclass(frozen=True)
class Seminar:
    """The cohort's next seminar."""

    title: str
    day: dt.date
    """Its date, or the first day of its month when only the month is known."""
    month: int | None = None
    """Month of the programme (1–12) when derived from the calendar; None for a date
    given in ``cohorte.yml``."""

    @property
    def text(self) -> str:
        """« séminaire 2 « Collecter », en décembre 2026 (mois 4 du programme) »."""
        if self.month is None:
            return f"{self.title}, le {_day_text(self.day)}"
        return f"{self.title}, en {_month_text(self.day)} (mois {self.month} du programme)"


@dataclass(frozen=True)
class Dashboard:
    """The programme dashboard (see :func:`cohort_dashboard`)."""

    programme: str
    year: int
    start_month: str
    as_of: dt.date
    structures: tuple[StructureRow, ...]
    next_seminar: Seminar | None
    calendar: tuple[tuple[int, str, dt.date, str, str, str], ...]
    """Per month: number, « janvier 2027 », last day, steps worked on, steps due at its
    end, seminar."""

    @property
    def month(self) -> int:
        """Month of the programme ``as_of`` falls in (0 or less: before the start; 13 or
        more: after the Demo Day)."""
        year, month = _start(self.start_month)
        return (self.as_of.year - year) * 12 + self.as_of.month - month + 1

    @property
    def at_risk(self) -> list[StructureRow]:
        return [s for s in self.structures if s.at_risk]

    def to_frame(self) -> pd.DataFrame:
        """One row per structure: name, path, situation, late steps, then one column per
        step with its status in words (« fait (07/12/2026) »)."""
        import pandas as pd

        from .curriculum import STEPS

        rows = []
        for s in self.structures:
            row = {
                "Structure": s.name,
                "Parcours": s.path,
                "Situation": s.situation,
                "Étapes en retard": ", ".join(s.late_steps),
            }
            for step, cell in zip(STEPS, s.cells, strict=True):
                row[f"{step.number} {step.title}"] = _cell_text(cell)
            rows.append(row)
        columns = ["Structure", "Parcours", "Situation", "Étapes en retard"]
        columns += [f"{step.number} {step.title}" for step in STEPS]
        return pd.DataFrame(rows, columns=columns)

    def _repr_markdown_(self) -> str:  # pragma: no cover - notebook display
        return explain_dashboard(self).to_markdown()

    def to_text(self) -> str:
        return explain_dashboard(self).to_text()


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------
def _start(start_month: str) -> tuple[int, int]:
    year, month = str(start_month).strip().split("-")[:2]
    return int(year), int(month)


def _month_first(start_month: str, m: int) -> dt.date:
    """First day of month ``m`` of the programme (1 = the start month)."""
    year, month = _start(start_month)
    index = month - 1 + m - 1
    return dt.date(year + index // 12, index % 12 + 1, 1)


def _month_last(start_month: str, m: int) -> dt.date:
    return _month_first(start_month, m + 1) - dt.timedelta(days=1)


def _day_text(day: dt.date) -> str:
    """« 7 décembre 2026 », « 1er mars 2027 »."""
    from .framing import MONTH_NAMES

    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTH_NAMES[day.month - 1]} {day.year}"


def _month_text(day: dt.date) -> str:
    from .framing import MONTH_NAMES

    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _short(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _parse_day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


# --------------------------------------------------------------------------------------
# Reading a structure's output folder
# --------------------------------------------------------------------------------------
def step_state(output_dir: str | Path) -> dict[str, dict[str, Any]]:
    """The step state of a structure's output folder: ``{"05": {"status": …}, …}``.

    Read from ``carnets-executes/etat-des-etapes.json`` by the runner's
    :func:`~sizeup_helpers.runner.load_step_state`; ``{}`` when the file is absent or
    unreadable.
    """
    from .runner import load_step_state

    return dict(load_step_state(Path(output_dir)))


def deliverables_date(output_dir: str | Path, number: str) -> dt.date | None:
    """The date of step ``number``'s deliverables in a structure's output folder: the day
    its newest file was written, ``None`` when the folder is absent or empty.

    What the dashboard reads for a step a participant ran by hand in JupyterLab, which
    leaves no step state (only ``sizeup run`` writes one).
    """
    from .curriculum import get_step

    folder = Path(output_dir) / get_step(number).output_folder
    if not folder.is_dir():
        return None
    times = [
        p.stat().st_mtime
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return dt.datetime.fromtimestamp(max(times)).date() if times else None


def _state_or_files(output_dir: Path, number: str, entry: dict[str, Any] | None) -> dict:
    """The step's state entry, or one read from its deliverables when it has none."""
    if entry:
        return entry
    from . import runner

    day = deliverables_date(output_dir, number)
    return {} if day is None else {"status": runner.SUCCEEDED, "last_success": day.isoformat()}


def _recommended_path(output_dir: Path) -> str:
    """« complet » or « court » as step 01 saved it, « inconnu » without step 01."""
    import yaml

    from .curriculum import get_step
    from .framing import FRAMING_FILE, MATURITY_FILE
    from .yamlfile import load_yaml

    folder = output_dir / get_step("01").output_folder
    for name in (FRAMING_FILE, MATURITY_FILE):
        try:
            data = load_yaml((folder / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        path = data.get("parcours") if isinstance(data, dict) else None
        if path in ("complet", "court"):
            return path
    return "inconnu"


def _cell(
    number: str,
    entry: dict[str, Any] | None,
    due_month: int,
    due: dt.date,
    level: str,
    *,
    path: str,
    as_of: dt.date,
) -> StepCell:
    from . import runner

    entry = entry or {}
    status = entry.get("status")
    succeeded = status in (runner.SUCCEEDED, runner.UP_TO_DATE)
    success = _parse_day(entry.get("last_success"))
    if succeeded and success is None:
        success = _parse_day(entry.get("finished"))
    passed = as_of > due
    optional = path == "court" and level == "facultatif"
    if status == runner.FAILED:
        return StepCell(number, FAILED, due_month, due, level, passed and not optional, success)
    if succeeded or success is not None:
        return StepCell(number, DONE, due_month, due, level, False, success)
    if optional:
        return StepCell(number, OPTIONAL, due_month, due, level, False)
    return StepCell(number, LATE if passed else NOT_STARTED, due_month, due, level, passed)


def _structure(
    slug: str, name: str, output_dir: Path, *, start_month: str, as_of: dt.date
) -> StructureRow:
    from .framing import step_due_months

    path = _recommended_path(output_dir)
    plan = step_due_months("court" if path == "court" else "complet")
    state = step_state(output_dir)
    cells = tuple(
        _cell(
            number,
            _state_or_files(output_dir, number, state.get(number)),
            month,
            _month_last(start_month, month),
            level,
            path=path,
            as_of=as_of,
        )
        for number, (month, level) in plan.items()
    )
    return StructureRow(slug, name, path, cells)


# --------------------------------------------------------------------------------------
# Calendar and seminars
# --------------------------------------------------------------------------------------
def _seminar_title(name: str) -> str:
    """« 2 Collecter » → « séminaire 2 « Collecter » »; the last one is the Demo Day."""
    number, _, word = name.partition(" ")
    if word == "Restituer":
        return "Demo Day"
    return f"séminaire {number} « {word} »" if word else name


def _calendar(start_month: str) -> tuple[tuple[int, str, dt.date, str, str, str], ...]:
    from .curriculum import STEP_BY_NUMBER
    from .framing import evaluation_calendar, step_due_months

    frame = evaluation_calendar(start_month)
    due: dict[int, list[str]] = {}
    for number, (month, _level) in step_due_months().items():
        due.setdefault(month, []).append(f"{number} {STEP_BY_NUMBER[number].title}")
    rows, opened = [], set()
    for r in frame.itertuples():
        m = int(r.mois)
        opening = [s for s in str(r.seminaire).split(" ; ") if s and s not in opened]
        opened.update(opening)
        rows.append(
            (
                m,
                str(r.periode),
                _month_last(start_month, m),
                str(r.etapes),
                " ; ".join(due.get(m, [])),
                " ; ".join(_seminar_title(s) for s in opening),
            )
        )
    return tuple(rows)


def _next_seminar(
    calendar: Iterable[tuple], seminars: Iterable[Any], *, start_month: str, as_of: dt.date
) -> Seminar | None:
    given = sorted(
        (day, str(title or "").strip() or "séminaire de la cohorte")
        for day, title in (seminars or ())
        if isinstance(day, dt.date)
    )
    if given:
        for day, title in given:
            if day >= as_of:
                return Seminar(title, day)
        return None
    year, month = _start(start_month)
    current = (as_of.year - year) * 12 + as_of.month - month + 1
    for m, _period, _last, _steps, _due, seminar in calendar:
        if seminar and m >= current:
            return Seminar(seminar, _month_first(start_month, m), m)
    return None


# --------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------
def cohort_dashboard(
    cohort: Cohort, out_dir: str | Path | None = None, *, as_of: dt.date | None = None
) -> Dashboard:
    """Where each structure of ``cohort`` stands at ``as_of`` (today by default).

    Parameters
    ----------
    cohort
        The cohort (:class:`~sizeup_helpers.cohort.Cohort`); its ``start_month`` starts the
        12-month calendar, its ``seminars`` (when given) date the seminars.
    out_dir
        The cohort's output folder (``cohort.output_dir`` by default): each structure's
        outputs are read in ``cohort.member_output(member, out_dir)``.
    as_of
        The date the situation is read at (injectable, for reproducible outputs).

    The rules (due dates, statuses, path, risk, next seminar) are the module's.
    """
    as_of = as_of or dt.date.today()
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    out = Path(out_dir) if out_dir is not None else None
    rows = tuple(
        _structure(
            m.slug,
            m.name,
            cohort.member_output(m, out),
            start_month=cohort.start_month,
            as_of=as_of,
        )
        for m in cohort.members
    )
    calendar = _calendar(cohort.start_month)
    seminar = _next_seminar(
        calendar,
        cohort.seminars,
        start_month=cohort.start_month,
        as_of=as_of,
    )
    return Dashboard(
        cohort.programme, cohort.year, cohort.start_month, as_of, rows, seminar, calendar
    )


def _cell_text(cell: StepCell) -> str:
    if cell.status == DONE and cell.done_on is not None:
        return f"{DONE} ({_short(cell.done_on)})"
    if cell.status in (LATE, NOT_STARTED):
        return f"{cell.status} (dû le {_short(cell.due)})"
    if cell.status == FAILED:
        return f"{FAILED}, en retard" if cell.late else FAILED
    return cell.status


# --------------------------------------------------------------------------------------
# The reading
# --------------------------------------------------------------------------------------
def _names(rows: list[StructureRow]) -> str:
    return french.quoted_list([r.name for r in rows])


def explain_dashboard(
    dashboard: Dashboard | Cohort,
    out_dir: str | Path | None = None,
    *,
    as_of: dt.date | None = None,
) -> Reading:
    """The dashboard in French: how many structures are on track, late, at risk, and the
    next seminar. Takes a :class:`Dashboard`, or a cohort (then built with
    :func:`cohort_dashboard`)."""
    if not isinstance(dashboard, Dashboard):
        dashboard = cohort_dashboard(dashboard, out_dir, as_of=as_of)
    d = dashboard
    n = len(d.structures)
    month = d.month
    when = (
        f"mois {month} du programme"
        if 1 <= month <= 12
        else "avant le début du programme"
        if month < 1
        else "après le Demo Day"
    )
    count = french.plural(n, "structure", "structures")
    lines = [f"Situation au {_day_text(d.as_of)} ({when}) : {count} dans la cohorte."]
    if n and not any(c.status in (DONE, FAILED) for s in d.structures for c in s.cells):
        lines.append(
            "Aucune étape n'a encore été exécutée : lancez `sizeup cohort run` pour la cohorte."
        )
    on_track = [s for s in d.structures if not s.late_steps]
    late = [s for s in d.structures if s.late_steps]
    risk = d.at_risk
    if n:
        lines.append(
            f"- **{french.plural(len(on_track), 'structure', 'structures')} à jour** "
            "(aucune étape en retard)."
        )
        lines.append(
            f"- **{french.plural(len(late), 'structure', 'structures')} en retard** "
            "(au moins une étape en retard)" + (f" : {_names(late)}." if late else ".")
        )
    if n and risk:
        lines.append(
            f"- **{french.plural(len(risk), 'structure', 'structures')} "
            f"{french.agree(len(risk), 'est', 'sont')} à risque de décrochage** : "
            + " ; ".join(f"« {s.name} » ({s.risk_reason})" for s in risk)
            + ". Prenez contact avant le prochain séminaire."
        )
    elif n:
        lines.append("- Aucune structure n'est à risque de décrochage.")
    unknown = [s for s in d.structures if s.path == "inconnu"]
    if unknown:
        lines.append(
            f"- Parcours inconnu (étape 01 pas faite) pour "
            f"{french.plural(len(unknown), 'structure', 'structures')} : {_names(unknown)}."
        )
    if d.next_seminar is not None:
        lines.append(f"Prochain séminaire : {d.next_seminar.text}.")
    else:
        lines.append("Aucun séminaire à venir : le programme est terminé.")
    return Reading.of(lines, title="Tableau de bord de la cohorte", table=d.to_frame())


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------
_STYLE = """
:root { --encre: #1f2933; --doux: #52606d; --trait: #9aa5b1; --fond: #f5f7fa; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--encre); line-height: 1.45; margin: 0 auto; padding: 1.2rem; max-width: 90rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--trait); margin-top: 1.8rem; }
h1, h2 { break-after: avoid; page-break-after: avoid; }
p.sous-titre { color: var(--doux); margin-top: 0; }
p.seminaire { font-size: 1.1rem; background: var(--fond); padding: .5rem .8rem;
  border-left: 4px solid var(--encre); }
table { border-collapse: collapse; margin: .6rem 0; font-size: .85rem; }
th, td { border: 1px solid var(--trait); padding: .25rem .35rem; text-align: left;
  vertical-align: top; }
th { background: var(--fond); }
th.etape { font-size: .75rem; min-width: 4.6rem; }
tr { break-inside: avoid; page-break-inside: avoid; }
td small { display: block; color: var(--doux); font-size: .72rem; }
.st { font-weight: 600; }
.st .marque { display: inline-block; width: 1.1em; }
.st-fait { background: #d9f2e3; color: #0b4d2c; }
.st-retard { background: #fde2c8; color: #7a2e00; border: 2px solid #7a2e00; }
.st-echec { background: #f8d0d0; color: #7f1010; border: 2px dashed #7f1010; }
.st-attente { background: #fff; color: var(--doux); font-weight: 400; }
.st-option { background: #eef0f3; color: var(--doux); font-weight: 400; font-style: italic; }
.risque { font-weight: 700; }
ul.risques li { margin-bottom: .3rem; }
div.grille { overflow-x: auto; }
footer { margin-top: 2rem; color: var(--doux); font-size: .8rem;
  border-top: 1px solid var(--trait); padding-top: .5rem; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  table { font-size: 7.5pt; }
  th.etape { min-width: 0; }
  div.grille { overflow: visible; }
  .st, .st-attente, .st-option { background: none !important; color: #000 !important; }
}
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _td(cell: StepCell) -> str:
    if cell.status == DONE:
        detail = f"le {_short(cell.done_on)}" if cell.done_on else ""
    elif cell.status in (LATE, NOT_STARTED):
        detail = f"dû le {_short(cell.due)}"
    elif cell.status == FAILED:
        detail = "en retard" if cell.late else f"dû le {_short(cell.due)}"
    else:
        detail = "parcours court"
    small = f"<small>{_e(detail)}</small>" if detail else ""
    return (
        f'<td class="st st-{_CLASS[cell.status]}"><span class="marque" aria-hidden="true">'
        f"{_SYMBOL[cell.status]}</span>{_e(cell.status)}{small}</td>"
    )


def dashboard_html(dashboard: Dashboard) -> str:
    """The dashboard as one self-contained French HTML page (no script, no external
    address, each status in colour and in words)."""
    from .curriculum import STEPS

    d = dashboard
    title = f"Tableau de bord — {d.programme} {d.year}"
    reading = explain_dashboard(d)
    seminar = (
        f"Prochain séminaire : <strong>{_e(d.next_seminar.text)}</strong>."
        if d.next_seminar
        else "Aucun séminaire à venir : le programme est terminé."
    )
    risk = d.at_risk
    if risk:
        items = "".join(
            f'<li><span class="risque">{_e(s.name)}</span> — {_e(s.risk_reason)}</li>' for s in risk
        )
        risk_html = f'<ul class="risques">{items}</ul>'
    else:
        risk_html = "<p>Aucune structure n'est à risque de décrochage.</p>"
    heads = "".join(
        f'<th class="etape" scope="col" title="{_e(s.title)}">{_e(s.number)}<br>{_e(s.title)}</th>'
        for s in STEPS
    )
    body_rows = "".join(
        f'<tr><th scope="row">{_e(s.name)}</th><td>{_e(s.path)}</td>'
        f'<td class="{"risque" if s.at_risk else ""}">{_e(s.situation)}</td>'
        + "".join(_td(c) for c in s.cells)
        + "</tr>\n"
        for s in d.structures
    )
    grid = (
        '<table><thead><tr><th scope="col">Structure</th><th scope="col">Parcours</th>'
        f'<th scope="col">Situation</th>{heads}</tr></thead>\n<tbody>\n{body_rows}</tbody>'
        "</table>"
        if d.structures
        else "<p>La cohorte ne compte aucune structure.</p>"
    )
    legend = "".join(
        f'<li><span class="st st-{_CLASS[s]}"><span class="marque">{_SYMBOL[s]}</span>'
        f"{_e(s)}</span> : {_e(text)}</li>"
        for s, text in (
            (DONE, "la dernière exécution de l'étape a réussi ; date de son livrable"),
            (LATE, "pas faite et sa date d'échéance (fin de son dernier mois) est passée"),
            (FAILED, "sa dernière exécution a échoué"),
            (NOT_STARTED, "pas faite, pas encore due"),
            (OPTIONAL, "facultative sur le parcours court : jamais en retard"),
        )
    )
    calendar_rows = "".join(
        f"<tr><td>{m}</td><td>{_e(period)}</td><td>{_e(steps)}</td><td>{_e(due)}</td>"
        f"<td>{_e(seminar_name)}</td></tr>\n"
        for m, period, _last, steps, due, seminar_name in d.calendar
    )
    summary = "".join(
        f"<li>{_e(line.removeprefix('- ').replace('**', '').replace('`', ''))}</li>"
        for line in reading.lines
        if line.startswith("- ")  # the situation and the seminar are said above
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{_e(title)}</h1>\n"
        f'<p class="sous-titre">Situation au {_e(_day_text(d.as_of))} — programme de 12 mois '
        f"commencé en {_e(_month_text(_month_first(d.start_month, 1)))}, "
        f"{_e(french.plural(len(d.structures), 'structure', 'structures'))}</p>\n"
        f'<p class="seminaire">{seminar}</p>\n</header>\n<main>\n'
        f"<h2>En bref</h2>\n<ul>{summary}</ul>\n"
        f"<h2>Structures à risque de décrochage</h2>\n{risk_html}\n"
        "<p>Une structure est à risque quand elle suit le parcours court et a au moins une "
        "étape en retard, ou quand elle a deux étapes en retard ou plus, quel que soit son "
        "parcours : ce sont les plus petites équipes qui manquent de temps avant le Demo "
        "Day.</p>\n"
        f'<h2>Étapes par structure</h2>\n<div class="grille">{grid}</div>\n<ul>{legend}</ul>\n'
        "<p>Une étape est due à la fin du dernier mois où le calendrier du carnet 01 la "
        "place, à compter du premier mois de la cohorte. Parcours : celui que l'étape 01 "
        "recommande (« inconnu » tant qu'elle n'est pas faite).</p>\n"
        "<h2>Calendrier de la cohorte</h2>\n"
        "<table><thead><tr><th>Mois</th><th>Période</th><th>Étapes du mois</th>"
        "<th>Dues en fin de mois</th><th>Séminaire</th></tr></thead>\n"
        f"<tbody>\n{calendar_rows}</tbody></table>\n</main>\n"
        "<footer>Ce tableau de bord est un seul fichier : il s'ouvre sans connexion et "
        "s'imprime en A4 paysage. Il est lu dans l'état des étapes de chaque structure "
        "(carnets-executes/etat-des-etapes.json) et dans son cadrage (étape 01) ; il ne "
        "contient que des noms de structures, aucune donnée de personne.</footer>\n"
        "</body>\n</html>\n"
    )


# --------------------------------------------------------------------------------------
# xlsx
# --------------------------------------------------------------------------------------
_HEADER_FILL = "DDEBF7"
_STATUS_FILL = {DONE: "D9F2E3", LATE: "FDE2C8", FAILED: "F8D0D0", OPTIONAL: "EEF0F3"}


def _write_sheet(sheet: Any, headers: list[str], rows: list[list[Any]]) -> None:
    """House style (as the indicator workbook): bold header on a fill, frozen header row,
    a filter, widths from the content, text stored as text, dates as dd/mm/yyyy."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
    widths = [len(h) for h in headers]
    for c, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=c, value=header)
        cell.data_type = "s"
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
                status = value.split(" (")[0].split(",")[0]
                if status in _STATUS_FILL:
                    cell.fill = PatternFill("solid", fgColor=_STATUS_FILL[status])
                widths[c - 1] = max(widths[c - 1], len(value))
            elif isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
                widths[c - 1] = max(widths[c - 1], 10)
            elif value is not None:
                widths[c - 1] = max(widths[c - 1], len(str(value)))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = float(max(8, min(45, width + 2)))
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    """The dashboard as ``.xlsx`` bytes (the same from run to run): sheets « Tableau de
    bord », « Structures à risque », « Calendrier » and « Lisez-moi »."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .spreadsheet import workbook_bytes

    d = dashboard
    frame = d.to_frame()
    wb = Workbook()
    grid = wb.active
    grid.title = "Tableau de bord"
    _write_sheet(grid, list(frame.columns), frame.astype(object).values.tolist())
    _write_sheet(
        wb.create_sheet("Structures à risque"),
        ["Structure", "Parcours", "Étapes en retard", "Pourquoi"],
        [[s.name, s.path, ", ".join(s.late_steps), s.risk_reason] for s in d.at_risk],
    )
    _write_sheet(
        wb.create_sheet("Calendrier"),
        ["Mois", "Période", "Fin du mois", "Étapes du mois", "Dues en fin de mois", "Séminaire"],
        [list(row) for row in d.calendar],
    )
    readme = wb.create_sheet("Lisez-moi")
    seminar = d.next_seminar.text if d.next_seminar else "aucun (le programme est terminé)"
    lines = [
        f"Tableau de bord — {d.programme} {d.year}",
        "",
        f"Situation au {_day_text(d.as_of)}.",
        f"Prochain séminaire : {seminar}.",
        f"Structures : {len(d.structures)} ; à risque de décrochage : {len(d.at_risk)}.",
        "",
        "Statuts : « fait » (dernière exécution réussie, avec la date de son livrable), "
        "« en retard » (pas faite, échéance passée), « en échec » (dernière exécution "
        "échouée), « pas commencé » (pas encore due), « facultatif » (parcours court, "
        "jamais en retard).",
        "Échéance d'une étape : la fin du dernier mois où le calendrier du carnet 01 la "
        "place, à compter du premier mois de la cohorte (programme de 12 mois, trois "
        "séminaires et le Demo Day).",
        "À risque de décrochage : parcours court avec au moins une étape en retard, ou deux "
        "étapes en retard ou plus, quel que soit le parcours.",
        "Source : l'état des étapes de chaque structure (carnets-executes/"
        "etat-des-etapes.json) et son cadrage (étape 01) ; aucune donnée de personne.",
    ]
    readme.column_dimensions["A"].width = 110
    for index, line in enumerate(lines, start=1):
        cell = readme.cell(row=index, column=1, value=line or None)
        if line:
            cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    readme["A1"].font = Font(bold=True, size=13)
    return workbook_bytes(wb)


def save_dashboard(
    cohort: Cohort, out_dir: str | Path | None = None, *, as_of: dt.date | None = None
) -> dict[str, Path]:
    """Write ``tableau-de-bord.html`` and ``tableau-de-bord.xlsx`` in the cohort's output
    folder (``out_dir``, else ``cohort.output_dir``), atomically.

    Returns
    -------
    dict
        ``{"html": path, "xlsx": path}``.
    """
    from .workspace import atomic_path

    dashboard = cohort_dashboard(cohort, out_dir, as_of=as_of)
    folder = Path(out_dir) if out_dir is not None else Path(cohort.output_dir)
    written = {}
    for key, name, data in (
        ("html", DASHBOARD_HTML, dashboard_html(dashboard).encode("utf-8")),
        ("xlsx", DASHBOARD_XLSX, dashboard_workbook(dashboard)),
    ):
        target = folder / name
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        written[key] = target
    return written
