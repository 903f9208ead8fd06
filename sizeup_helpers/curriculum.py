"""The curriculum map: the thirteen steps of the programme, their notebooks and deliverables.

One table read by the workspace (where a step writes), the runner (what to run, in which
order) and the notebooks (titles). Step numbers are two-digit strings, as in file names.
"""

from __future__ import annotations

from dataclasses import dataclass

# Folders of the output directory that are not one step's
CLEAN_DATA_FOLDER = "donnees-propres"
EXECUTED_FOLDER = "carnets-executes"
# The pseudonymisation key's file name: on the sensitive side, never in the output directory
# (beside the raw files, or in the user's configuration folder: Workspace.key_path)
KEY_FILE = ".cle-pseudonymisation"

# What a step reads in the workspace (``Step.workspace_inputs``): globs relative to the
# workspace folder, and three names the runner resolves for each workspace.
CONFIG_INPUT = "structure.yml"
RAW_INPUT = "donnees-brutes/**"
TOC_INPUT = "{theorie_du_changement}"
"""The theory-of-change file named by ``structure.yml`` (``theorie-du-changement.yml``)."""
INDICATORS_INPUT = "{indicateurs}"
"""The indicators file named by ``structure.yml`` (``indicateurs.yml``)."""
KEY_INPUT = "{cle}"
"""The pseudonymisation key (``Workspace.key_path``, wherever it lives)."""
EVERY_FILE_INPUT = "**"
"""Every file of the workspace (outside the output folder and its archive)."""
# Every step from 01 on reads the configuration and the two drafts a participant edits
_DRAFTS = (CONFIG_INPUT, TOC_INPUT, INDICATORS_INPUT)


@dataclass(frozen=True)
class Step:
    """One step of the programme and the notebook that carries it."""

    number: str
    """Two digits, ``"00"`` to ``"12"``."""
    notebook: str
    """File name in ``notebooks/``."""
    title: str
    """French title shown to people."""
    month: str
    seminar: str
    output_folder: str
    """Folder of the step's deliverables inside the output directory."""
    deliverable: str
    """French description of what the step leaves in the workspace."""
    requires: tuple[str, ...] = ()
    """Steps whose deliverables this step must read: it is not run when one of them failed
    (or was not run) in the same ``sizeup run``, and is refused when one never ran."""
    reads_if_present: tuple[str, ...] = ()
    """Steps whose deliverables this step reads when they exist and does without otherwise
    (step 04 reads step 03's scope if there is one): in a run, it waits for them, and runs
    even when they failed."""
    order_only: tuple[str, ...] = ()
    """Among :attr:`requires` and :attr:`reads_if_present`, the steps this one only runs
    after, without reading their deliverables (step 00 zips the output folder and checks
    the workspace: the steps after it wait for it but read none of its files)."""
    workspace_inputs: tuple[str, ...] = (CONFIG_INPUT,)
    """The workspace files the notebook reads: globs relative to the workspace folder, or
    :data:`TOC_INPUT`, :data:`INDICATORS_INPUT`, :data:`KEY_INPUT`. Their content is part of
    the step's fingerprint (``sizeup run --reprendre``); ``tests/test_resume.py`` checks
    the list against the files a run really opens."""
    also_writes: tuple[str, ...] = ()
    """Folders of the output directory, besides :attr:`output_folder`, that the step fills
    (step 05's clean tables)."""

    @property
    def output_folders(self) -> tuple[str, ...]:
        """Every folder of the output directory holding this step's deliverables."""
        return (self.output_folder, *self.also_writes)

    @property
    def deliverables_read(self) -> tuple[str, ...]:
        """The steps whose deliverables this step reads: :attr:`requires` and
        :attr:`reads_if_present`, but :attr:`order_only`."""
        return tuple(
            n for n in (*self.requires, *self.reads_if_present) if n not in self.order_only
        )

    @property
    def label(self) -> str:
        return f"{self.number} « {self.title} »"


STEPS: tuple[Step, ...] = (
    Step(
        "00",
        "00_prise_en_main.ipynb",
        "Prise en main",
        "M1",
        "—",
        "00-prise-en-main",
        "espace de travail choisi ou créé, vérifié",
        workspace_inputs=(EVERY_FILE_INPUT,),
    ),
    Step(
        "01",
        "01_cadrer_l_evaluation.ipynb",
        "Cadrer l'évaluation",
        "M1",
        "1 Comprendre",
        "01-cadrage",
        "autodiagnostic de maturité, parcours recommandé, cadrage",
        ("00",),
        order_only=("00",),
        workspace_inputs=_DRAFTS,
    ),
    Step(
        "02",
        "02_theorie_du_changement.ipynb",
        "Théorie du changement",
        "M1–M2",
        "1 Comprendre",
        "02-theorie-du-changement",
        "théorie du changement et son schéma",
        ("01",),
        workspace_inputs=_DRAFTS,
    ),
    Step(
        "03",
        "03_parties_prenantes.ipynb",
        "Parties prenantes et questions évaluatives",
        "M3",
        "1 Comprendre",
        "03-parties-prenantes",
        "carte des parties prenantes, questions évaluatives, périmètre",
        ("02",),
        ("01",),  # the framing's self-assessment and scope (through 02, 01 always ran)
        workspace_inputs=_DRAFTS,
    ),
    Step(
        "04",
        "04_inventaire_des_donnees.ipynb",
        "Inventaire des données existantes",
        "M4",
        "2 Collecter",
        "04-inventaire",
        "inventaire et rapport de qualité",
        (),
        ("02", "03"),
        workspace_inputs=(*_DRAFTS, RAW_INPUT),
    ),
    Step(
        "05",
        "05_nettoyage_et_pseudonymisation.ipynb",
        "Nettoyage et pseudonymisation",
        "M5",
        "2 Collecter",
        "05-nettoyage",
        "tables propres pseudonymisées et journal",
        (),
        ("00",),  # 00 zips the output folder: 05 does not write into it meanwhile
        order_only=("00",),
        workspace_inputs=(CONFIG_INPUT, RAW_INPUT, KEY_INPUT),
        also_writes=(CLEAN_DATA_FOLDER,),
    ),
    Step(
        "06",
        "06_referentiel_d_indicateurs.ipynb",
        "Référentiel d'indicateurs",
        "M6",
        "2 Collecter",
        "06-indicateurs",
        "référentiel d'indicateurs et valeurs",
        ("05",),
        ("02", "03"),
        workspace_inputs=_DRAFTS,
    ),
    Step(
        "07",
        "07_questionnaire.ipynb",
        "Questionnaire",
        "M7",
        "2 Collecter",
        "07-questionnaire",
        "questionnaire XLSForm, version imprimable, classeur de saisie, taille d'échantillon",
        ("03",),
        ("05", "06"),
        workspace_inputs=_DRAFTS,
    ),
    Step(
        "08",
        "08_guide_d_entretien.ipynb",
        "Guide d'entretien",
        "M8",
        "2 Collecter",
        "08-guide-d-entretien",
        "guide d'entretien, personnes à interroger et grille de codage",
        ("03",),
        ("05",),
        workspace_inputs=(*_DRAFTS, RAW_INPUT),
    ),
    Step(
        "09",
        "09_analyse_quantitative.ipynb",
        "Analyse quantitative",
        "M9–M10",
        "3 Analyser",
        "09-analyse-quantitative",
        "tableaux et graphiques",
        ("05",),
        workspace_inputs=(*_DRAFTS, RAW_INPUT),
    ),
    Step(
        "10",
        "10_analyse_qualitative.ipynb",
        "Analyse qualitative",
        "M10",
        "3 Analyser",
        "10-analyse-qualitative",
        "extraits codés, thèmes, citations, triangulation",
        ("08",),
        ("05", "06", "09"),
        workspace_inputs=(*_DRAFTS, RAW_INPUT),
    ),
    Step(
        "11",
        "11_valorisation.ipynb",
        "Valorisation",
        "M11",
        "3 Analyser",
        "11-valorisation",
        "carte de valeur (SROI ou non monétisée)",
        ("06",),
        workspace_inputs=_DRAFTS,
    ),
    Step(
        "12",
        "12_restitution.ipynb",
        "Restitution",
        "M12 (Demo Day)",
        "3 Restituer",
        "12-restitution",
        "rapport HTML, classeur d'indicateurs, synthèse, results.json",
        ("09", "10", "11"),
        ("01", "02", "03", "04", "05", "06", "07", "08"),
        workspace_inputs=_DRAFTS,
    ),
)

STEP_BY_NUMBER: dict[str, Step] = {s.number: s for s in STEPS}


def get_step(number: str | int) -> Step:
    """Return the step numbered ``number`` (``"4"``, ``"04"`` or ``4``)."""
    from .errors import SizeUpError

    key = f"{int(number):02d}" if str(number).strip().isdigit() else str(number)
    try:
        return STEP_BY_NUMBER[key]
    except KeyError:
        raise SizeUpError(f"Étape inconnue : « {number} ». Les étapes vont de 00 à 12.") from None
