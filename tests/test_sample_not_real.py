"""No sample reads as a thin disguise of a real structure of the programme.

The reference notes (../shared/reference/structures-and-references.md) describe the seven
real structures the programme works with; the samples borrow their sector, the form of
their files and their evaluation difficulty, never their names, people, places, words,
prices or counts. This test scans every file of ``data/samples`` (Markdown, YAML, JSON,
CSV in the encoding it was exported with, every cell of every workbook read with
calamine) for the distinctive terms and figures listed below, taken from those notes.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from tools.samplegen import SAMPLES
from tools.samplegen._base import INVENTED_FIGURES

from .conftest import SAMPLES_DIR

#: In every sample: the real structures, their programmes, founders and home places.
EVERYWHERE = [
    r"Comptoir de Campagne",
    r"cl[ée]s de l'Atelier",
    r"cl[ée]s de chez moi",
    r"Activ'? ?(Action|Boost|Up|Jump|Drink)",
    r"Main Forte",
    r"Droit au Travail",
    r"R[ée]cup'tri",
    r"Mon Copilote",
    r"Handivalise",
    r"Coopa ?Watt",
    r"Cevival",
    r"[ÉE]tincelle",
    r"Jeunes? (et|&) Engag[ée]",
    r"Geeks du B[âa]timent",
    r"programme B[âa]tir|« B[âa]tir »",
    r"Ronalpia",
    r"Virginie Hils",
    r"Pierre-Martin Aubelle",
    r"Pauline Voldoire",
    r"[ÉE]milie Schmitt",
    r"Fabien Schmitt",
    r"[ÉE]lisabeth Dargent",
    r"Anne Keisser",
    r"Olivier Arsac",
    r"Paul A[ïi]ss",
    r"Florence Fitoussi",
    r"Champdieu",
    r"Gr[ée]zieu-la-Varenne",
    r"La Mulati[èe]re",
    r"Minguettes",
    r"Harnes",
    r"Plessis-P[âa]t[ée]",
    r"Pontoise",
    r"Forum r[ée]fugi[ée]s",
]

#: Per sample: the vocabulary, places and figures that would point at one real structure.
#: ``all`` patterns are searched in every file, ``prose`` ones in Markdown, YAML and JSON
#: only (a number can appear in a data cell by chance).
SPECIFIC: dict[str, dict[str, list[str]]] = {
    "ateliers-emploi": {
        "all": [r"\bboost\b", r"\bdrink\b"],
        "prose": [r"trois heures", r"\b3 ?h(eures)?\b", r"anciens demandeurs d'emploi"],
    },
    "commerce-rural": {
        "all": [r"Forez", r"Montbrison", r"\(Loire\)", r"\b42600\b", r"Fourme"],
        "prose": [
            r"95 ?%",
            r"\b0\.95\b",
            r"50 ?km",
            r"900 habitants",
            r"2 ?000 habitants",
            r"quarantaine de producteurs",
            r"cinquante (bornes|kilom[èe]tres)",
            r"deux salari[ée]es en CDI",
        ],
    },
    "energie-citoyenne": {
        "all": [r"\bLyon", r"lyonnais", r"Rh[ôo]ne", r"Beaujolais", r"\b69\d{3}\b"],
        "prose": [r"150 soci[ée]taires"],
    },
    "formation-batiment": {
        "all": [
            r"Fondations",
            r"Chez soi",
            r"V[ée]nissieux",
            r"Oullins",
            r"\bLyon",
            r"lyonnais",
        ],
        "prose": [
            r"400 ?h(eures)?",
            r"trois mois pour vingt",
            r"vingt personnes",
            r"cinq jours",
            r"60 (à|-) ?75 ?%",
            r"25 (à|-) ?40 ?%",
        ],
    },
    "insertion-transport": {
        "all": [r"\bLens\b", r"Li[ée]vin", r"Terril", r"bassin minier", r"\b62\d{3}\b"],
        "prose": [r"120 personnes", r"environ 120"],
    },
    "justice-jeunesse": {
        "all": [
            r"juge assesseur",
            r"mise à l'[ée]preuve",
            r"quiz anonyme",
            r"embrigadement",
            r"fausses accusations",
        ],
        "prose": [r"15 ?€", r"1 ?800 ?€", r"10 ?000 [ée]l[èe]ves", r"400 classes"],
    },
    "mobilite-accompagnee": {
        "all": [
            r"\bpilotes?\b",
            r"\bcopilotes?\b",
            r"\bSOS\b",
            r"communaut[ée]",
            r"APF",
            r"(?<![\d,])5,00\b",
            r"(?<![\d,])2,00\b",
        ],
        "prose": [
            r"\b5 ?€",
            r"\b2 ?€",
            r"170 (pilotes|b[ée]n[ée]ficiaires)",
            r"130 (copilotes|guides)",
            r"(50|cinquantaine de) trajets",
            r"98 ?%",
        ],
    },
}
PROSE = {".md", ".yml", ".yaml", ".json"}


def _csv_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{path}: neither UTF-8 nor cp1252")


def _workbook_text(path: Path) -> str:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    lines = []
    for name in wb.sheet_names:
        lines.append(name)
        for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
            lines.append("\t".join(str(v) for v in row))
    return "\n".join(lines)


@cache
def sample_texts(slug: str) -> dict[str, str]:
    """Every file of a sample as text: {relative path: text}."""
    folder = SAMPLES_DIR / slug
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            text = _workbook_text(path)
        elif path.suffix == ".csv":
            text = _csv_text(path)
        else:
            text = path.read_text(encoding="utf-8")
        out[str(path.relative_to(folder))] = text
    return out


def _hits(texts: dict[str, str], patterns: list[str]) -> list[str]:
    found = []
    for name, text in texts.items():
        for pattern in patterns:
            for m in re.finditer(pattern, text, flags=re.IGNORECASE):
                around = text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                found.append(f"{name}: « {m.group()} » dans « {around} »")
    return found


def test_every_sample_has_its_banned_list():
    assert set(SPECIFIC) == set(SAMPLES)


@pytest.mark.parametrize("slug", list(SAMPLES))
def test_no_real_structure_shows_through(slug):
    texts = sample_texts(slug)
    assert any(name.endswith(".xlsx") for name in texts) or any(
        name.endswith(".csv") for name in texts
    )
    prose = {k: v for k, v in texts.items() if Path(k).suffix in PROSE}
    hits = _hits(texts, EVERYWHERE + SPECIFIC[slug]["all"]) + _hits(prose, SPECIFIC[slug]["prose"])
    assert not hits, "\n".join(hits[:20])


def test_the_scan_reads_workbooks_and_cp1252(tmp_path):
    """The scanner sees a term inside a workbook cell and in a cp1252 CSV."""
    from tools.samplegen._base import fixed_workbook, save_workbook, write_csv

    wb = fixed_workbook()
    wb.active["C7"] = "Réunion avec Mon Copilote"
    save_workbook(wb, tmp_path / "a.xlsx")
    write_csv([["Sénart", "pilote"]], ["lieu", "rôle"], tmp_path / "b.csv")
    assert _hits({"a.xlsx": _workbook_text(tmp_path / "a.xlsx")}, EVERYWHERE)
    assert _hits({"b.csv": _csv_text(tmp_path / "b.csv")}, SPECIFIC["mobilite-accompagnee"]["all"])


@pytest.mark.parametrize("slug", list(SAMPLES))
def test_readme_says_the_figures_are_invented(slug):
    readme = (SAMPLES_DIR / slug / "LISEZMOI.md").read_text(encoding="utf-8")
    assert "Les chiffres sont inventés" in readme and INVENTED_FIGURES in readme
    index = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    assert INVENTED_FIGURES in index


@pytest.mark.parametrize("slug", list(SAMPLES))
def test_france_travail_is_a_prescriber_not_a_funder(slug):
    """France Travail (formerly Pôle emploi) refers people; it funds none of the samples."""
    folder = SAMPLES_DIR / slug
    toc = yaml.safe_load((folder / "theorie-du-changement.yml").read_text(encoding="utf-8"))
    for group in toc["parties_prenantes"]:
        if re.search(r"France Travail|P[ôo]le emploi", group["nom"], flags=re.I):
            assert group["categorie"] != "financeurs", group
            assert "financ" not in group["nom"].lower(), group
    truth = json.loads((folder / "verite-terrain.json").read_text(encoding="utf-8"))
    funders = json.dumps(truth["effets"].get("financeurs", []), ensure_ascii=False)
    assert "France Travail" not in funders


def test_ateliers_emploi_names_france_travail_as_prescriber():
    toc = yaml.safe_load(
        (SAMPLES_DIR / "ateliers-emploi" / "theorie-du-changement.yml").read_text("utf-8")
    )
    groups = {g["id"]: g for g in toc["parties_prenantes"]}
    france_travail = [g for g in groups.values() if "France Travail" in g["nom"]]
    assert [g["categorie"] for g in france_travail] == ["partenaires"]
    assert "prescripteur" in france_travail[0]["nom"]
    assert any(g["categorie"] == "financeurs" for g in groups.values())
    employment = next(e for e in toc["effets"] if e["id"] == "E4")
    assert all(groups[pp]["categorie"] != "financeurs" for pp in employment["parties_prenantes"])
