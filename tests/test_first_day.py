"""A structure's first day: its own files, no theory of change yet, `sizeup run` to the end.

The programme's lesson: structures arrive too early to have impact data, and the inventory
of the data they hold is what tells them so. So steps 00–05 run on a workspace whose theory
of change and scope are still empty (exit 0), step 03 saves what it can and says what is
missing, and step 04 says which part of the inventory waits for steps 02–03. A failed step
stops only the steps that must read it. The executed notebooks name folders relative to
the workspace, never the coach's own (``/home/<user>/…``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from sizeup_helpers.cli import main
from sizeup_helpers.runner import (
    EXIT_IDENTIFIERS_FOUND,
    EXIT_OK,
    EXIT_STEP_FAILED,
    exit_status,
    notebook_locations,
    run_curriculum,
    scan_outputs,
)
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import REAL_WORLD, SAMPLES_DIR, needs_real_world, sample_slugs

FIRST_DAY_STEPS = ("00", "01", "02", "03", "04", "05")
KOBO_EXPORT = REAL_WORLD / "kobocruncher" / "data.xlsx"
# Typed by hand, as a small association keeps its registrations (fictional people).
REGISTRATIONS_CSV = (
    "nom;prenom;email;date_inscription;age;commune;situation\n"
    "Martin;Jeanne;jeanne.martin@example.org;12/01/2025;34;Lille;demandeur emploi\n"
    "Durand;Paul;paul.durand@example.org;2025-02-03;51;Roubaix;salarie\n"
    "Petit;Lea;;15/03/2025;;Lille;Demandeur d emploi\n"
)


def first_day_workspace(folder: Path, source: Path | None = None) -> Path:
    """A new workspace (`sizeup init`) with one file copied in and declared by hand:
    the Kobo export (``source``) as « questionnaire », else a hand-typed CSV."""
    assert main(["init", str(folder), "--nom", "Essai"]) == 0
    raw = folder / "donnees-brutes"
    if source is None:
        name, role = "inscriptions.csv", "inscriptions"
        (raw / name).write_text(REGISTRATIONS_CSV, encoding="utf-8")
    else:
        name, role = source.name, "questionnaire"
        shutil.copyfile(source, raw / name)
    config = folder / "structure.yml"
    text = config.read_text(encoding="utf-8")
    entry = (
        f"fichiers:\n  - chemin: donnees-brutes/{name}\n    role: {role}\n"
        "    donnees_personnelles: true\n"
    )
    config.write_text(text.replace("fichiers: []\n", entry), encoding="utf-8")
    return folder


def assert_no_absolute_folder(output_dir: Path, folder: Path) -> None:
    """No executed notebook holds ``folder``'s absolute path, in any byte."""
    records = sorted((output_dir / "carnets-executes").glob("*.ipynb"))
    assert records
    needle = str(folder).encode()
    leaking = [p.name for p in records if needle in p.read_bytes()]
    assert not leaking, f"{folder} dans {leaking}"


def check_first_day_run(ws_root: Path, capsys, table: str) -> None:
    code = main(["run", str(ws_root), "--steps", "00-05", "--quiet"])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    assert "Traceback" not in captured.err
    out = ws_root / "sorties"
    for step in FIRST_DAY_STEPS:
        assert list((out / "carnets-executes").glob(f"{step}_*.ipynb")), step
    assert not list((out / "carnets-executes").glob("*.echec.ipynb"))
    clean = out / "donnees-propres" / f"{table}.csv"
    assert clean.is_file() and clean.stat().st_size > 0
    # the inventory says, in French, which part waits for steps 02–03
    report = (out / "04-inventaire" / "rapport-qualite.md").read_text(encoding="utf-8")
    assert "Ce qui attend les étapes 02 et 03" in report
    record = (out / "carnets-executes" / "04_inventaire_des_donnees.ipynb").read_text("utf-8")
    assert "Ce qui attend les étapes 02 et 03" in record
    assert "fichiers, colonnes, qualité, données personnelles" in record
    assert "Les lacunes seront calculées une fois la théorie du changement écrite" in record
    # step 03 wrote what it could and said what is missing
    scope = (out / "03-parties-prenantes" / "perimetre.yml").read_text(encoding="utf-8")
    assert "effets: []" in scope and "Périmètre vide" in scope
    assert (out / "03-parties-prenantes" / "referentiel-evaluation.csv").is_file()
    record = (out / "carnets-executes" / "03_parties_prenantes.ipynb").read_text("utf-8")
    assert "la théorie du changement n'a encore aucun effet ni aucune partie prenante" in record
    # the coach's folders do not travel with the executed notebooks
    assert_no_absolute_folder(out, ws_root.parent)
    assert "Vérification RGPD : aucun identifiant direct" in captured.out


@needs_real_world
def test_first_day_on_the_real_kobo_export_runs_00_to_05(tmp_path, capsys):
    ws_root = first_day_workspace(tmp_path / "espace", KOBO_EXPORT)
    check_first_day_run(ws_root, capsys, "questionnaire")


def test_first_day_on_a_hand_typed_csv_runs_00_to_05(tmp_path, capsys):
    ws_root = first_day_workspace(tmp_path / "espace")
    check_first_day_run(ws_root, capsys, "inscriptions")
    # kernels ran in the workspace; the parameters named it and its outputs relatively
    ws = open_workspace(ws_root)
    assert notebook_locations(ws) == (ws.root, ".", "sorties")


def test_a_broken_theory_of_change_stops_02_and_03_only(tmp_path, capsys):
    """02 fails on a broken theorie-du-changement.yml; 03, which must read it, is not run;
    04 and 05, which read 02–03 only if present, still run; the summary names them."""
    ws_root = first_day_workspace(tmp_path / "espace")
    (ws_root / "theorie-du-changement.yml").write_text("effets: [\n  - id: E1\n", "utf-8")
    code = main(["run", str(ws_root), "--steps", "00-05", "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_STEP_FAILED
    out = ws_root / "sorties"
    assert (out / "donnees-propres" / "inscriptions.csv").is_file()
    assert (out / "04-inventaire" / "inventaire-tables.csv").is_file()
    assert not (out / "03-parties-prenantes").exists()
    assert "sizeup : 4 étapes réussies, 1 en échec et 1 non exécutée :" in err
    assert "- L'étape 02 « Théorie du changement » a échoué à la cellule" in err
    assert "n'est pas du YAML valide" in err
    assert (
        "- L'étape 03 « Parties prenantes et questions évaluatives » : non exécutée "
        "(l'étape 02 a échoué), car elle lit ses livrables." in err
    )
    report = (out / "04-inventaire" / "rapport-qualite.md").read_text(encoding="utf-8")
    assert "Correspondance avec les effets non faite" in report
    # the failed record and the run's journal do not name the coach's folders either
    assert (out / "carnets-executes" / "02_theorie_du_changement.echec.ipynb").is_file()
    assert_no_absolute_folder(out, tmp_path)
    journal = (out / "carnets-executes" / "journal-execution.json").read_text("utf-8")
    assert str(tmp_path) not in journal
    assert "carnets-executes/02_theorie_du_changement.echec.ipynb" in journal


def test_a_sample_copy_leaves_no_absolute_folder_in_its_executed_notebooks(tmp_path):
    """A workspace and its outputs side by side: the kernels run in the folder holding
    both, the parameters are relative, and no printed line names the absolute folder."""
    root = tmp_path / "espace"
    shutil.copytree(SAMPLES_DIR / "ateliers-emploi", root)
    result = run_curriculum(root, output_dir=tmp_path / "o", steps="00-05", progress=False)
    assert result.ok
    assert notebook_locations(result.workspace) == (tmp_path.resolve(), "espace", "o")
    assert_no_absolute_folder(tmp_path / "o", tmp_path)
    # the identifier guard: an identifier written into the outputs after the run gives
    # the distinct exit status and names the file
    (tmp_path / "o" / "05-nettoyage" / "note.md").write_text(
        "Rappeler Mme X. au 06 12 34 56 78 ou à jeanne.martin@example.org", encoding="utf-8"
    )
    result.identifiers_found = scan_outputs(result.workspace)
    assert "05-nettoyage/note.md" in {f["fichier"] for f in result.identifiers_found}
    assert exit_status(result) == EXIT_IDENTIFIERS_FOUND


# ---- the readings of a first day, on every sample and on an empty workspace ----------
def _empty(tmp_path):
    return create_workspace(tmp_path / "vide", "Essai")


def test_step_03_readings_on_an_empty_theory_of_change(tmp_path):
    from sizeup_helpers.evaluation_matrix import explain_purposes, saved_framing
    from sizeup_helpers.framing import save_framing
    from sizeup_helpers.stakeholders import (
        EMPTY_SCOPE_NOTE,
        explain_groups,
        explain_scope,
        load_scope,
        missing_in_theory,
        save_scope_answers,
        stakeholder_map,
    )
    from sizeup_helpers.theory_of_change import new_theory_of_change

    ws, toc = _empty(tmp_path), new_theory_of_change()
    assert missing_in_theory(toc) == ["aucun effet", "aucune partie prenante"]
    text = explain_groups(toc).to_text()
    assert "ne nomme encore aucun groupe" in text
    assert "Ce qui manque : la théorie du changement n'a encore aucun effet ni aucune " in text
    assert "carnets 04 et 05" in text
    save_scope_answers(
        ws,
        scope_outcomes=[],
        population="Personnes accompagnées (2025)",
        period_start="2025-01-01",
        period_end="2025-12-31",
        toc=toc,
    )
    scope = load_scope(ws)
    assert scope.outcomes == () and scope.questions == ()
    text = explain_scope(scope, toc).to_text()
    assert text.startswith(EMPTY_SCOPE_NOTE)
    assert "du 01/01/2025 au 31/12/2025" in text and "0 effet" not in text
    involvement = stakeholder_map(toc)
    save_framing(
        ws,
        purposes=["redevabilite", "amelioration"],
        audiences=["conseil d'administration"],
        evaluative_question="Dans quelle mesure ?",
        hours_per_month=8,
        start_month="2026-01",
    )
    assert explain_purposes(involvement, saved_framing(ws)).to_text() == (
        "Vos enjeux (rendre compte aux financeurs et aux partenaires, améliorer l'action) ne "
        "peuvent pas encore "
        "être comparés à l'implication de vos parties prenantes : la théorie du changement "
        "n'en nomme aucune. Ajoutez-les au carnet 02, puis exécutez de nouveau ce carnet."
    )


@pytest.mark.parametrize("slug", sample_slugs())
def test_step_03_and_04_readings_unchanged_on_samples(slug):
    """A sample's theory of change has outcomes and stakeholders: no « ce qui manque »."""
    from sizeup_helpers.stakeholders import explain_groups, missing_in_theory
    from sizeup_helpers.theory_of_change import load_theory_of_change

    ws = open_workspace(SAMPLES_DIR / slug, output_dir=None)
    toc = load_theory_of_change(ws)
    assert missing_in_theory(toc) == []
    assert "Ce qui manque" not in explain_groups(toc).to_text()


def test_step_04_readings_wait_for_02_and_03(tmp_path):
    from sizeup_helpers.inventory import (
        MAPPING_COLUMNS,
        WAITING_FOR_OUTCOMES,
        explain_gaps,
        explain_mapping,
        inventory_workspace,
        scope_outcomes,
    )
    from sizeup_helpers.theory_of_change import new_theory_of_change, save_theory_of_change

    ws = _empty(tmp_path)
    inventory = inventory_workspace(ws)
    empty = pd.DataFrame(columns=list(MAPPING_COLUMNS))
    for mapping in (None, empty):
        assert explain_mapping(mapping, inventory).to_text() == WAITING_FOR_OUTCOMES.replace(
            "**", ""
        )
        assert explain_gaps(None, mapping).to_text() == (
            "Les lacunes seront calculées une fois la théorie du changement écrite "
            "(carnet 02) et le périmètre choisi (carnet 03)."
        )
    save_theory_of_change(new_theory_of_change(), ws)
    outcomes, note = scope_outcomes(ws)
    assert outcomes == []
    assert note == (
        "La théorie du changement n'a encore aucun effet : la correspondance avec vos "
        "effets et les lacunes attendent les carnets 02 et 03."
    )
