"""The synthetic cohort (``sizeup cohort synthetique``): N fictional workspaces made from the
seven sample generators, each with its own seed, size and messiness, unique names, the
same files for the same ``(n, seed)``; each is a valid workspace and runs steps 00 to 05."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sizeup_helpers.cohort import load_cohort
from sizeup_helpers.runner import run_curriculum
from sizeup_helpers.samples import SAMPLE_ORDER
from sizeup_helpers.workspace import check_workspace_files, open_workspace, samples_dir
from tools.samplegen.cohort import (
    COHORT_FILE,
    MESSINESS_RANGE,
    SIZE_LADDER,
    SIZE_RANGE,
    make_cohort,
    plan,
    structure_folder,
    structure_name,
)

pytestmark = pytest.mark.xdist_group("synthetic")

N = 9  # every kind once, then two kinds a second time
SEED = 0


@pytest.fixture(scope="module")
def cohort_dir(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("synthetique") / "cohorte"
    assert make_cohort(N, dest, seed=SEED) == dest / COHORT_FILE
    return dest


def _truth(folder: Path) -> dict:
    return json.loads((folder / "verite-terrain.json").read_text(encoding="utf-8"))


def _raw_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in (folder / "donnees-brutes").rglob("*") if f.is_file())


def _files(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in folder.rglob("*") if f.is_file()}


def test_cohort_file_lists_n_structures_with_unique_names(cohort_dir):
    data = yaml.safe_load((cohort_dir / COHORT_FILE).read_text(encoding="utf-8"))
    assert set(data) == {"programme", "annee", "debut", "structures"}
    assert isinstance(data["annee"], int) and data["debut"] == "2026-01"
    folders = data["structures"]
    assert len(folders) == N == len(set(folders))
    kinds = [SAMPLE_ORDER[i % 7] for i in range(N)]
    assert folders == [structure_folder(i + 1, k) for i, k in enumerate(kinds)]
    assert folders[2] == "structure-003-ateliers-emploi"
    assert sorted(p.name for p in cohort_dir.iterdir()) == sorted([*folders, COHORT_FILE])
    names = []
    for i, folder in enumerate(folders):
        config = yaml.safe_load((cohort_dir / folder / "structure.yml").read_text("utf-8"))
        who = config["structure"]
        assert who["slug"] == folder and who["donnees_fictives"] is True
        names.append(who["nom"])
        assert _truth(cohort_dir / folder)["cohorte_synthetique"]["type_exemple"] == kinds[i]
    assert names[2] == structure_name(3, "ateliers-emploi")
    assert names[2] == "Structure synthétique 003 — ateliers-emploi"
    assert len(set(names)) == N


def test_the_cohort_module_loads_it(cohort_dir):
    cohort = load_cohort(cohort_dir / COHORT_FILE)
    assert len(cohort.members) == N and cohort.year == 2026 and cohort.start_month == "2026-01"
    assert len({m.slug for m in cohort.members}) == N
    assert cohort.members[0].name == "Structure synthétique 001 — commerce-rural"
    assert cohort.members[0].workspace == (cohort_dir / "structure-001-commerce-rural").resolve()


def test_same_n_and_seed_same_files_another_seed_other_files(cohort_dir, tmp_path):
    # the first structures of a larger cohort are those of a smaller one, byte for byte,
    # generated in one process or several
    again = make_cohort(2, tmp_path / "encore", seed=SEED, jobs=1).parent
    assert sorted(p.name for p in (tmp_path / "encore").iterdir()) == [
        COHORT_FILE,
        "structure-001-commerce-rural",
        "structure-002-formation-batiment",
    ]
    for folder in ("structure-001-commerce-rural", "structure-002-formation-batiment"):
        assert _files(again / folder) == _files(cohort_dir / folder)
    other = make_cohort(2, tmp_path / "autre", seed=SEED + 1).parent
    for folder in ("structure-001-commerce-rural", "structure-002-formation-batiment"):
        theirs, ours = _files(other / folder), _files(cohort_dir / folder)
        assert _name(other / folder) == _name(cohort_dir / folder)
        assert (
            theirs["donnees-brutes/" + _first_raw(cohort_dir / folder)]
            != ours["donnees-brutes/" + _first_raw(cohort_dir / folder)]
        )
        assert _truth(other / folder)["graine"] != _truth(cohort_dir / folder)["graine"]


def _name(folder: Path) -> str:
    return yaml.safe_load((folder / "structure.yml").read_text("utf-8"))["structure"]["nom"]


def _first_raw(folder: Path) -> str:
    config = yaml.safe_load((folder / "structure.yml").read_text(encoding="utf-8"))
    return config["fichiers"][0]["chemin"].removeprefix("donnees-brutes/")


def test_seeds_sizes_and_messiness_vary(cohort_dir):
    varied = [_truth(cohort_dir / e["folder"])["cohorte_synthetique"] for e in plan(N, SEED)]
    assert len({v["graine"] for v in varied}) == N
    sizes = [v["facteur_taille"] for v in varied]
    levels = [v["niveau_desordre"] for v in varied]
    assert all(SIZE_RANGE[0] <= s <= SIZE_RANGE[1] for s in sizes)
    # stratified: the first seven take each step of the ladder once, shuffled
    assert sorted(sizes[:7]) == list(SIZE_LADDER) and sizes[:7] != list(SIZE_LADDER)
    assert len(set(sizes[7:])) == N - 7
    assert all(MESSINESS_RANGE[0] <= m <= MESSINESS_RANGE[1] for m in levels)
    assert max(sizes) / min(sizes) > 1.5
    # the same kind twice: the larger factor gives the larger raw files
    for first, second in ((0, 7), (1, 8)):
        a, b = (cohort_dir / plan(N, SEED)[k]["folder"] for k in (first, second))
        (small, big) = sorted(
            (a, b), key=lambda f: _truth(f)["cohorte_synthetique"]["facteur_taille"]
        )
        assert _raw_bytes(big) > _raw_bytes(small)
    # the constants moved are said in the truth
    ateliers = varied[2]["constantes"]
    assert set(ateliers) == {"N_PEOPLE", "EMAIL_TYPO_RATE"} and ateliers["N_PEOPLE"] != 330


def test_every_kind_is_a_valid_workspace(cohort_dir):
    for entry in plan(7, SEED):
        check = check_workspace_files(cohort_dir / entry["folder"])
        assert check.ok, check.to_text()
        assert not check.undeclared and not check.missing
        assert open_workspace(cohort_dir / entry["folder"]).name == entry["name"]


def test_refuses_the_shipped_samples_and_an_empty_cohort(tmp_path):
    with pytest.raises(ValueError, match="exemples livrés"):
        make_cohort(1, samples_dir() / "synthetique")
    with pytest.raises(ValueError, match="au moins 1 structure"):
        make_cohort(0, tmp_path / "vide")


@pytest.mark.parametrize("number", [2, 3])
def test_steps_00_to_05_run(cohort_dir, tmp_path, number):
    entry = plan(N, SEED)[number - 1]
    result = run_curriculum(
        cohort_dir / entry["folder"],
        output_dir=tmp_path / "sorties",
        steps="00-05",
        progress=False,
        raise_on_failure=False,
    )
    assert result.ok, result.summary()
    assert [r.step.number for r in result.results] == ["00", "01", "02", "03", "04", "05"]


def test_the_command_writes_it(tmp_path, capsys):
    from sizeup_helpers.cli import main

    dest = tmp_path / "essai"
    assert main(["cohort", "synthetique", "2", "--dest", str(dest), "--graine", "5"]) == 0
    out = capsys.readouterr().out
    assert f"Cohorte fictive de 2 structures : {dest / COHORT_FILE}" in out
    assert len(load_cohort(dest / COHORT_FILE).members) == 2
    assert (
        _truth(dest / "structure-002-formation-batiment")["cohorte_synthetique"]["graine_cohorte"]
        == 5
    )
