"""The cohort level (issue 14): ``cohorte.yml``, running one structure, the summary and the
journal, tested without running a notebook (fast). The command's exit codes, isolation and
resume: tests/test_cli_cohort.py; the seven samples as a cohort, on this machine and on a
Dask ``LocalCluster`` (the same files): tests/test_cohort_samples.py.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from sizeup_helpers.cohort import (
    CohortError,
    CohortResult,
    MemberJob,
    MemberOutcome,
    journal_text,
    load_cohort,
    run_cohort,
    run_member,
)
from sizeup_helpers.runner import FAILED, SKIPPED, SUCCEEDED
from sizeup_helpers.workspace import create_workspace

pytestmark = pytest.mark.xdist_group("cohort")


def write(folder: Path, text: str) -> Path:
    path = folder / "cohorte.yml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def spaces(tmp_path) -> Path:
    """Two empty workspaces ``a`` (« Alpha ») and ``b`` (« Bêta »), and a plain folder."""
    create_workspace(tmp_path / "a", "Alpha")
    create_workspace(tmp_path / "b", "Bêta")
    (tmp_path / "vide").mkdir()
    return tmp_path


# --------------------------------------------------------------------------------------
# The cohort file
# --------------------------------------------------------------------------------------
def test_a_cohort_file_is_read_with_its_paths_relative_to_it(spaces):
    path = write(
        spaces,
        """
        programme: Accélérateur ESS
        debut: 2026-09
        sorties: resultats
        seminaires:
          - date: 2027-03-10
            titre: Analyser
          - date: 2026-10-15
            titre: Comprendre
        structures:
          - a
          - chemin: ./b
            parametres:
              small_cell_threshold: 5
        """,
    )
    cohort = load_cohort(path)
    assert cohort.programme == "Accélérateur ESS"
    assert (cohort.year, cohort.start_month) == (2026, "2026-09")  # year from debut
    assert cohort.output_dir == spaces / "resultats"
    assert [(m.slug, m.name, m.line) for m in cohort.members] == [
        ("a", "Alpha", 10),
        ("b", "Bêta", 11),
    ]
    assert cohort.members[1].parameters == {"small_cell_threshold": 5}
    assert cohort.members[0].workspace == spaces / "a"
    assert cohort.seminars == (
        (dt.date(2026, 10, 15), "Comprendre"),
        (dt.date(2027, 3, 10), "Analyser"),
    )
    assert cohort.member_output(cohort.members[1]) == spaces / "resultats" / "b"
    minimal = write(spaces, "programme: P\nannee: 2027\ndebut: '2026-11'\nstructures: [a]\n")
    cohort = load_cohort(minimal)
    assert (cohort.year, cohort.seminars) == (2027, ())
    assert cohort.output_dir == spaces / "sorties-cohorte"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "programe: P\ndebut: 2026-09\nstructures: [a]\n",
            "ligne 1 : clé inconnue « programe » ; vouliez-vous dire « programme » ?",
        ),
        ("programme: P\nstructures: [a]\n", "la clé obligatoire « debut » manque"),
        (
            "programme: P\ndebut: 2026-13\nstructures: [a]\n",
            "ligne 2 : « debut » doit être un mois AAAA-MM (par exemple 2026-09), pas « 2026-13 »",
        ),
        (
            "programme: P\ndebut: 2026-09-01\nstructures: [a]\n",
            "ligne 2 : « debut » doit être un mois AAAA-MM",
        ),
        ("programme: P\ndebut: 2026-09\nstructures: []\n", "ligne 3 : la liste « structures »"),
        (
            "programme: P\ndebut: 2026-09\nstructures:\n  - a\n  - absent\n",
            "ligne 5 : le dossier « absent » n'existe pas",
        ),
        (
            "programme: P\ndebut: 2026-09\nstructures:\n  - vide\n",
            "ligne 4 : le dossier « vide » n'est pas un espace de travail : il n'y a pas de "
            "fichier structure.yml",
        ),
        (
            "programme: P\ndebut: 2026-09\nstructures:\n  - a\n  - b\n  - ./a/\n",
            "ligne 6 : l'espace « ./a/ » est déjà dans la cohorte (ligne 4)",
        ),
        (
            "programme: P\ndebut: 2026-09\nstructures:\n  - a\n  - autre/a\n",
            "ligne 5 : l'espace « autre/a » aurait le même dossier de sorties « a » que celui "
            "de la ligne 4",
        ),
        (
            "programme: P\ndebut: 2026-09\nstructures:\n  - a\n  - chemin: b\n    parametre: {}\n",
            "ligne 6 : clé inconnue « structures[2].parametre » ; vouliez-vous dire "
            "« parametres » ?",
        ),
        (
            "programme: P\ndebut: 2026-09\nstructures:\n  - chemin: b\n"
            "    parametres:\n      liste: [" + ", ".join(["0"] * 1200) + "]\n",
            "ligne 4 : Paramètre « liste » (cohorte.yml, ligne 4) : valeur trop grande",
        ),
        (
            "programme: P\ndebut: 2026-09\nseminaires:\n  - date: 15/01/2027\n"
            "    titre: S\nstructures: [a]\n",
            "ligne 4 : « seminaires[1].date » doit être une date AAAA-MM-JJ",
        ),
    ],
    ids=[
        "cle-inconnue",
        "cle-manquante",
        "debut-mois",
        "debut-date",
        "liste-vide",
        "dossier-absent",
        "sans-structure-yml",
        "deux-fois",
        "meme-dossier-de-sorties",
        "cle-de-structure",
        "parametre-trop-grand",
        "date-de-seminaire",
    ],
)
def test_cohort_file_mistakes_name_the_file_and_the_line(spaces, text, expected):
    create_workspace(spaces / "autre" / "a", "Autre Alpha")
    path = write(spaces, text)
    with pytest.raises(CohortError) as caught:
        load_cohort(path)
    message = caught.value.message
    assert message.startswith(str(path))
    assert expected in message
    assert caught.value.exit_code == 2


def test_a_missing_or_empty_cohort_file_is_said_in_french(tmp_path):
    with pytest.raises(CohortError, match="fichier introuvable. Écrivez un fichier de cohorte"):
        load_cohort(tmp_path / "cohorte.yml")
    (tmp_path / "cohorte.yml").write_text("", encoding="utf-8")
    with pytest.raises(CohortError, match="doit contenir des clés"):
        load_cohort(tmp_path / "cohorte.yml")


def test_a_structure_whose_file_cannot_be_read_keeps_its_folder_name(spaces):
    (spaces / "b" / "structure.yml").write_text("structure: [", encoding="utf-8")
    cohort = load_cohort(write(spaces, "programme: P\ndebut: 2026-09\nstructures: [a, b]\n"))
    assert [m.name for m in cohort.members] == ["Alpha", "b"]  # its run will say why


# --------------------------------------------------------------------------------------
# One structure's run never raises
# --------------------------------------------------------------------------------------
def job(workspace: Path, out: Path, **values) -> MemberJob:
    return MemberJob(str(workspace), str(out), "x", "Structure X", steps="00", **values)


def test_one_structure_failure_is_one_french_line(tmp_path, monkeypatch):
    outcome = run_member(job(tmp_path / "absent", tmp_path / "out"))
    assert not outcome.ok and outcome.steps == ()
    assert outcome.message.startswith("L'espace de travail « ") and "\n" not in outcome.message
    remote = run_member(job(tmp_path / "absent", tmp_path / "out", remote=True))
    assert "introuvable sur la machine" in remote.message
    assert "dossier partagé, au même chemin sur chaque machine" in remote.message
    other = run_member(job(tmp_path, tmp_path / "out", version="0.0.0"))
    assert "installez la même version sur toutes les machines" in other.message

    def boom(*args, **kwargs):
        raise ValueError("boum\ndétails")

    monkeypatch.setattr("sizeup_helpers.runner.run_curriculum", boom)
    outcome = run_member(job(tmp_path, tmp_path / "out"))
    assert outcome.message == "erreur inattendue ValueError : boum"


def test_jobs_and_steps_are_checked_before_anything_runs(spaces, tmp_path):
    cohort = load_cohort(write(spaces, "programme: P\ndebut: 2026-09\nstructures: [a]\n"))
    with pytest.raises(CohortError, match=r"--jobs doit être un nombre entier d'au moins 1"):
        run_cohort(cohort, tmp_path / "out", jobs=0)
    with pytest.raises(CohortError, match="Étape inconnue"):
        run_cohort(cohort, tmp_path / "out", steps="99")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --------------------------------------------------------------------------------------
# The summary and the journal
# --------------------------------------------------------------------------------------
def outcomes_cohort(spaces: Path):
    create_workspace(spaces / "c", "Gamma")
    cohort = load_cohort(write(spaces, "programme: P\ndebut: 2026-09\nstructures: [a, b, c]\n"))
    ok = MemberOutcome("a", "Alpha", "/o/a", ((("00", SUCCEEDED, "")), ("01", SUCCEEDED, "")))
    failed = MemberOutcome(
        "b",
        "Bêta",
        "/o/b",
        (
            ("00", SUCCEEDED, ""),
            ("01", FAILED, "L'étape 01 · Cadrer : le fichier « x » est vide."),
            ("02", SKIPPED, "L'étape 02 · ToC : non exécutée (l'étape 01 a échoué)."),
        ),
    )
    broken = MemberOutcome("c", "Gamma", "/o/c", message="structure.yml illisible.")
    return cohort, ok, failed, broken


def test_the_summary_names_each_failed_structure_and_step(spaces):
    cohort, ok, failed, broken = outcomes_cohort(spaces)
    result = CohortResult(cohort, spaces, [ok, failed, broken], steps=("00", "01", "02"))
    assert not result.ok and result.exit_status() == 1
    assert result.summary() == (
        "3 structures : 1 terminée, 2 en échec :\n"
        "- « Bêta » : L'étape 01 · Cadrer : le fichier « x » est vide.\n"
        "- « Bêta » : L'étape 02 · ToC : non exécutée (l'étape 01 a échoué).\n"
        "- « Gamma » : structure.yml illisible."
    )
    journal = journal_text(result, dt.datetime(2027, 1, 5, 10, 30, tzinfo=dt.UTC))
    assert "- Date : 2027-01-05 10:30 (+0000)" in journal
    assert "- Programme : P, année 2026, début 2026-09" in journal
    assert (
        "- « Bêta » (b) : en échec ; étapes : 1 réussie, 0 à jour, 1 en échec, "
        "1 non exécutée (0 s" in journal
    )
    assert "- « Gamma » (c) : en échec ; étapes : 0 réussie, 0 à jour, 0 en échec, " in journal
    assert "3 non exécutées" in journal
    assert "## Échecs\n\n- « Bêta » (b) : L'étape 01" in journal
    two = CohortResult(cohort, spaces, [ok, ok, ok], steps=("00", "01"))
    assert two.ok and two.summary() == "3 structures : 3 terminées."
    assert "## Échecs\n\nAucun." in journal_text(two, dt.datetime.now(dt.UTC))
    one = CohortResult(
        load_cohort(write(spaces, "programme: P\ndebut: 2026-09\nstructures: [a]\n")), spaces, [ok]
    )
    assert one.summary() == "1 structure : 1 terminée."
    stopped = MemberOutcome(
        "b", "Bêta", "/o/b", (("00", SUCCEEDED, ""),), "interrompue (Ctrl-C).", interrupted=True
    )
    result = CohortResult(cohort, spaces, [ok, stopped], steps=("00", "01"), interrupted=True)
    assert result.summary().startswith(
        "3 structures : 1 terminée, 1 interrompue, 1 non lancée :\n"
        "- « Bêta » : interrompue (Ctrl-C).\nInterrompu (Ctrl-C) : "
    )
    journal = journal_text(result, dt.datetime.now(dt.UTC))
    assert "(b) : interrompue ; étapes : 1 réussie, 0 à jour, 0 en échec, 1 non exécutée" in journal
    assert "- « Gamma » (c) : non lancée." in journal
    found = MemberOutcome("a", "Alpha", "/o/a", (("00", SUCCEEDED, ""),), identifiers_found=2)
    warned = CohortResult(one.cohort, spaces, [found])
    assert warned.exit_status() == 3
    assert "ATTENTION, « Alpha » : 2 identifiants directs trouvés" in warned.summary()
