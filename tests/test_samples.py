"""Every sample structure: deterministic, committed up to date, valid, marked fictional."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sizeup_helpers.samples import list_samples
from sizeup_helpers.workspace import open_workspace
from tools.samplegen import SAMPLES, generate_sample, load_truth
from tools.samplegen._base import FICTIONAL_NOTICE, TRUTH_FILE, fr_number

from .conftest import SAMPLES_DIR

SIZE_BUDGET = 25 * 1024 * 1024


def cell_values(folder: Path) -> dict[str, object]:
    """Every file's content as values: text files as text, workbooks cell by cell."""
    from openpyxl import load_workbook

    out: dict[str, object] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        key = str(path.relative_to(folder))
        if path.suffix == ".xlsx":
            wb = load_workbook(path, read_only=False)
            out[key] = {
                ws.title: (
                    [[c.value for c in row] for row in ws.iter_rows()],
                    sorted(str(r) for r in ws.merged_cells.ranges),
                )
                for ws in wb.worksheets
            }
        else:
            out[key] = path.read_bytes()
    return out


def test_registry_lists_every_committed_sample():
    committed = sorted(p.parent.name for p in SAMPLES_DIR.glob("*/structure.yml"))
    assert committed == sorted(SAMPLES)
    assert {s["slug"] for s in list_samples()} == set(SAMPLES)


@pytest.mark.parametrize("slug", list(SAMPLES))
def test_generation_is_deterministic_and_committed_copy_is_current(slug, tmp_path):
    first = generate_sample(slug, tmp_path / "a")
    second = generate_sample(slug, tmp_path / "b")
    values = cell_values(first)
    assert values == cell_values(second), "same seed, same content"
    for workbook in first.rglob("*.xlsx"):  # byte for byte too: regenerating keeps git quiet
        relative = workbook.relative_to(first)
        assert workbook.read_bytes() == (SAMPLES_DIR / slug / relative).read_bytes(), relative
    assert values == cell_values(SAMPLES_DIR / slug), (
        "data/samples is out of date: run `sizeup samples --generate`"
    )


@pytest.mark.parametrize("slug", list(SAMPLES))
def test_sample_is_a_fictional_valid_workspace_with_truth(slug):
    folder = SAMPLES_DIR / slug
    ws = open_workspace(folder)
    assert ws.fictional and ws.name
    assert FICTIONAL_NOTICE in (folder / "LISEZMOI.md").read_text(encoding="utf-8")
    truth = load_truth(slug)
    assert truth["structure"] == slug and truth["effets"] and truth["desordre"]
    assert json.loads((folder / TRUTH_FILE).read_text(encoding="utf-8")) == truth
    roles = {f.role for f in ws.files}
    assert len(roles) == len(ws.files)
    assert any(f.personal_data for f in ws.files), "identifiers to protect"
    assert (folder / "theorie-du-changement.yml").is_file()
    assert (folder / "indicateurs.yml").is_file()


@pytest.mark.parametrize("slug", list(SAMPLES))
def test_drafts_are_valid_and_indicators_point_at_their_elements(slug):
    import yaml

    from sizeup_helpers.theory_of_change import load_theory_of_change

    folder = SAMPLES_DIR / slug
    model = load_theory_of_change(folder / "theorie-du-changement.yml")  # raises if invalid
    assert 2 <= len(model.activities) <= 4 and 3 <= len(model.outcomes) <= 6
    assert {e.horizon for e in model.outcomes} == {"court", "moyen", "long"}
    internal = {"equipe", "benevoles"} & {s.category for s in model.stakeholders}
    assert internal, "internal stakeholders too (staff or volunteers)"
    toc = yaml.safe_load((folder / "theorie-du-changement.yml").read_text(encoding="utf-8"))
    assert 3 <= len(toc["parties_prenantes"]) <= 6
    roles = {f.role for f in open_workspace(folder).files}
    indicators = yaml.safe_load((folder / "indicateurs.yml").read_text(encoding="utf-8"))
    assert 4 <= len(indicators["indicateurs"]) <= 8
    for ind in indicators["indicateurs"]:
        kind = "realisations" if ind["type"] == "realisation" else "effets"
        assert ind["element"] in {x["id"] for x in toc[kind]}, ind["id"]
        assert ind["source"] in roles, ind["id"]


@pytest.mark.parametrize("slug", [s for s in SAMPLES if s != "commerce-rural"])
def test_sample_is_small(slug):
    """Under 3 MB each; only the shop's tills (a year of receipts) are bigger."""
    folder = SAMPLES_DIR / slug
    assert sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) < 3 * 1024 * 1024


def test_samples_fit_the_size_budget():
    total = sum(p.stat().st_size for p in SAMPLES_DIR.rglob("*") if p.is_file())
    assert total < SIZE_BUDGET, f"{total / 1e6:.1f} MB"


def test_fr_number():
    assert fr_number(1234.5) == "1\u00a0234,50"
    assert fr_number(-0.5, 1) == "-0,5"
    assert fr_number(1234567, 0, "\u202f") == "1\u202f234\u202f567"


def test_samples_index_is_current(tmp_path):
    from tools.samplegen import write_index

    committed = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    for slug in SAMPLES:
        assert f"## `{slug}` — " in committed
    import shutil

    shutil.copytree(SAMPLES_DIR, tmp_path / "s")
    assert write_index(tmp_path / "s").read_text(encoding="utf-8") == committed


# ---- the runtime loader (sizeup_helpers.samples) reads the committed files ---------------
def test_loader_reads_what_the_generators_wrote():
    from sizeup_helpers.samples import samples

    listed = list_samples()
    assert [s["slug"] for s in listed] == list(SAMPLES)  # the programme's order
    for entry, sample in zip(listed, samples(), strict=True):
        module = SAMPLES[entry["slug"]]
        assert entry == {
            "slug": module.SLUG,
            "nom": module.NAME,
            "type": module.TITLE,
            "territoire": module.TERRITORY,
        }
        assert sample.description == module.DESCRIPTION and sample.year == module.YEAR
        assert sample.folder == SAMPLES_DIR / module.SLUG


def test_loader_imports_no_generator():
    import subprocess
    import sys

    code = (
        "import sys; from sizeup_helpers.samples import list_samples, open_sample; "
        "list_samples(); open_sample('commerce-rural'); "
        "print(sorted(m for m in sys.modules if m.startswith('tools')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_samples_table_and_open_sample(tmp_path):
    from sizeup_helpers.samples import open_sample, samples_table

    table = samples_table()
    assert table.index.name == "Identifiant" and list(table.index) == list(SAMPLES)
    assert table.loc["ateliers-emploi", "Structure (fictive)"].startswith("Boussole Emploi")
    ws = open_sample("justice-jeunesse", tmp_path / "sorties")
    assert ws.fictional and ws.root == (SAMPLES_DIR / "justice-jeunesse").resolve()
    assert ws.output_dir == (tmp_path / "sorties").resolve()


def test_open_sample_unknown_slug_names_the_known_ones():
    from sizeup_helpers.errors import WorkspaceError
    from sizeup_helpers.samples import open_sample

    with pytest.raises(
        WorkspaceError,
        match=r"Structure d'exemple inconnue : « nulle » "
        r"\(connues : commerce-rural, formation-batiment",
    ):
        open_sample("nulle")


def test_loader_orders_an_unlisted_sample_last(tmp_path, monkeypatch):
    import shutil

    from sizeup_helpers.samples import sample_slugs

    root = tmp_path / "racine"
    (root / "data" / "samples").mkdir(parents=True)
    for slug in ("ateliers-emploi", "commerce-rural"):
        (root / "data" / "samples" / slug).mkdir()
        shutil.copy(SAMPLES_DIR / slug / "structure.yml", root / "data" / "samples" / slug)
    (root / "data" / "samples" / "aaa-nouvelle").mkdir()
    (root / "data" / "samples" / "aaa-nouvelle" / "structure.yml").write_text(
        "structure:\n  nom: Nouvelle\n", encoding="utf-8"
    )
    monkeypatch.setenv("SIZEUP_ROOT", str(root))
    assert sample_slugs() == ["commerce-rural", "ateliers-emploi", "aaa-nouvelle"]
    assert list_samples()[-1] == {
        "slug": "aaa-nouvelle",
        "nom": "Nouvelle",
        "type": "",
        "territoire": "",
    }


def test_loader_without_content_says_where_to_get_it(tmp_path, monkeypatch):
    from sizeup_helpers.errors import WorkspaceError

    monkeypatch.setenv("SIZEUP_ROOT", str(tmp_path / "vide"))
    with pytest.raises(
        WorkspaceError, match="Dossier des structures d'exemple introuvable.*git clone"
    ):
        list_samples()


# ---- the command line ------------------------------------------------------------------
def test_cli_lists_the_samples(capsys):
    from sizeup_helpers.cli import main

    assert main(["samples"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(SAMPLES)
    assert lines[2].endswith(SAMPLES["ateliers-emploi"].TITLE)


def test_cli_generates_from_the_checkout(tmp_path, capsys):
    from sizeup_helpers.cli import main

    assert main(["samples", "--generate", "ateliers-emploi", "--dest", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"ateliers-emploi : {tmp_path / 'ateliers-emploi'}" in out
    assert (tmp_path / "README.md").is_file()
    assert cell_values(tmp_path / "ateliers-emploi") == cell_values(SAMPLES_DIR / "ateliers-emploi")


def test_cli_generate_outside_a_checkout_is_for_contributors(tmp_path, monkeypatch, capsys):
    from sizeup_helpers import resources
    from sizeup_helpers.cli import main

    monkeypatch.setattr(resources, "PACKAGE_DIR", tmp_path / "site" / "sizeup_helpers")
    monkeypatch.chdir(tmp_path)
    assert main(["samples", "--generate", "--dest", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "`sizeup samples --generate` sert aux contributeurs" in err
    assert "copie (clone) du dépôt" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()
    monkeypatch.setenv("SIZEUP_ROOT", str(SAMPLES_DIR.parent.parent))  # content, no tools
    assert main(["samples"]) == 0  # listing still works: it reads the committed files
