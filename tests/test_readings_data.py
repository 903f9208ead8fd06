"""Readings of notebooks 04 and 05 (steps 04 and 05): their French wording, tested.

Every ``explain_…`` helper of :mod:`sizeup_helpers.inventory` and
:mod:`sizeup_helpers.clean_workspace` is read on the seven sample structures and on an
empty workspace, and its singular and plural forms on small tables built here: real
sentences, French numbers, nothing to report said as such, no direct identifier.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import sizeup_helpers.clean_workspace as cw
import sizeup_helpers.inventory as inv
from sizeup_helpers import cleaning, privacy
from sizeup_helpers.french import NBSP, NNBSP
from sizeup_helpers.io import LoadReport
from sizeup_helpers.reading import Reading
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR, sample_slugs

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)33[ .]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)")
# a count of 1000 or more written without the French thousands separator
BARE_THOUSANDS = re.compile(
    r"(?<![\d\w/.-])\d{4,} (?:lignes?|personnes?|changements?|"
    r"valeurs?|fichiers?|problèmes?|colonnes?)"
)


def assert_french(reading: Reading) -> str:
    """Checks every reading passes; returns its text."""
    assert isinstance(reading, Reading)
    assert reading, "une lecture n'est jamais vide"
    text = reading.to_text()
    markdown = reading._repr_markdown_()
    for bad in ("(s)", "<NA>", "{", "}"):
        assert bad not in text, f"{bad!r} dans : {text}"
    assert not re.search(r"\b(?:None|nan|NaN)\b", text), text
    assert not BARE_THOUSANDS.search(text), text
    assert not re.search(r"\d\.\d+\s?%", text), text  # decimal point in a percentage
    assert not re.search(r"\d %", text), text  # a plain space before %: the NBSP is French
    assert not EMAIL.search(markdown), EMAIL.search(markdown)
    assert not PHONE.search(markdown), PHONE.search(markdown)
    return text


# --------------------------------------------------------------------------------------
# The seven samples: every reading, computed once per sample
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def run(tmp_path_factory):
    @cache
    def compute(slug: str) -> SimpleNamespace:
        ws = open_workspace(SAMPLES_DIR / slug, tmp_path_factory.mktemp(slug))
        r = SimpleNamespace(ws=ws, preview=inv.preview_file(ws))
        r.inventory = inv.inventory_workspace(ws)
        r.mapping, r.scope_note = inv.outcome_links(ws, r.inventory)
        r.gaps = inv.find_gaps(ws, r.mapping) if r.mapping is not None else None
        r.written = inv.save_inventory(ws, r.inventory, r.mapping)
        r.overview = cw.raw_overview(ws)
        r.role = cw.people_file(ws)
        r.raw = cw.read_raw_table(ws, r.role)
        r.demo = cleaning.clean_table(r.raw)
        r.column, r.proposal = cw.category_to_review(r.demo, r.raw)
        r.result = cw.clean_workspace(ws)
        r.crossing = cw.small_cells_example(r.result, r.role)
        return r

    return compute


@pytest.mark.parametrize("slug", sample_slugs())
def test_step04_readings_on_every_sample(run, slug):
    r = run(slug)
    tables = r.inventory.tables
    text = assert_french(inv.explain_tables(r.inventory))
    n_rows = int(tables.loc[tables["nature"] == "tableau", "nb_lignes"].sum())
    assert f"{n_rows:,}".replace(",", NNBSP) + " lignes au total" in text
    assert "fichiers déclarés" in text

    text = assert_french(inv.explain_preview(r.preview))
    assert f"« {r.preview.file.relative} » compte" in text and "texte brut" in text
    assert r.preview.report.to_text() in repr(r.preview)
    shown = privacy.safe_preview(r.preview.frame, rows=5)
    assert len(shown) == min(5, len(r.preview.frame))

    text = assert_french(inv.explain_columns(r.inventory, r.preview.role))
    assert text.startswith("Types devinés : ")
    view = inv.columns_table(r.inventory, r.preview.role)
    assert len(view) == min(60, int((r.inventory.colonnes["role"] == r.preview.role).sum()))

    text = assert_french(inv.explain_problems(r.inventory))
    assert f"Le rapport compte {len(r.inventory.problemes)} problèmes" in text
    listed = assert_french(inv.problem_list(r.inventory, limit=4))
    assert listed.count("\n- ") == 4  # four problems, then « … et N autres »
    assert "autres, dans le livrable" in listed

    assert r.mapping is not None
    assert_french(r.scope_note)
    text = assert_french(inv.explain_mapping(r.mapping, r.inventory))
    assert "effet" in text and "périmètre" in text
    text = assert_french(inv.explain_gaps(r.gaps, r.mapping))
    assert ("Chaque effet de votre périmètre" in text) == r.gaps.empty
    for effect in r.gaps["effet"]:
        assert f"{effect} « " in text
    text = assert_french(inv.explain_saved(r.written))
    assert "rapport-qualite.md" in text and "04-inventaire" in text

    text = assert_french(inv.explain_reuse(r.inventory))
    assert text.startswith("Réutiliser vos fichiers pour évaluer (RGPD, article 6.4)")
    for verdict in set(tables["compatibilite_reutilisation"]):
        assert f"- {verdict} : " in text
    for role in tables.loc[tables["consentement"] != "", "role"]:
        assert f"« {role} » a une colonne de consentement" in text
    assert "pas un avis juridique" in text


@pytest.mark.parametrize("slug", sample_slugs())
def test_step05_readings_on_every_sample(run, slug):
    r = run(slug)
    text = assert_french(cw.explain_overview(r.overview))
    assert text.startswith(f"Votre espace compte {len(r.overview)} fichiers de données")
    text = assert_french(cw.explain_raw(r.ws, r.role, r.raw))
    assert "toutes lues comme du texte" in text
    assert_french(cw.explain_renaming(r.raw))
    kinds = cw.column_kinds(r.demo)
    assert list(kinds.columns) == ["colonne", "type trouvé", "part non reconnue"]
    assert kinds["part non reconnue"].str.endswith(f"{NBSP}%").all()
    text = assert_french(cw.explain_kinds(r.demo))
    assert text.startswith("Dans ce fichier : ")
    text = assert_french(cw.explain_proposal(r.column, r.proposal))
    if r.column is not None:
        assert f"Colonne « {r.column} »" in text and "Il reste" in text
    assert_french(cw.explain_totals(r.ws, r.role, r.demo))

    text = assert_french(cw.explain_people(r.result, r.role))
    for t in r.result.tables.values():
        if t.n_people is not None:
            people = f"{t.n_people:,}".replace(",", NNBSP)
            assert f"« {t.role} »" in text and f"{people} personne" in text
            line = next(x for x in text.splitlines() if x.startswith(f"- « {t.role} »"))
            assert f"{people} personne" in line
            if t.in_register is not None:
                assert "retrouvée" in line
            if t.attended is not None:
                assert "au moins une fois" in line
    if r.result.register is not None:
        assert f"(registre des personnes : « {r.result.register} »)" in text
        assert f"- « {r.result.register} » (registre) : " in text
    text = assert_french(cw.explain_coarsening(r.result))
    coarsened = [c for t in r.result.tables.values() for c in t.coarsened]
    for _column, source, what in coarsened:
        assert f"{what[:1].upper() + what[1:]} : " in text and f"« {source} »" in text
    if coarsened:
        assert "timestamp_precision" in text and "postcode_precision" in text
    text = assert_french(cw.explain_journal(r.result))
    n_changes = f"{len(r.result.journal()):,}".replace(",", NNBSP)
    assert f"Le journal compte {n_changes} changement" in text
    assert all(f"« {role} »" in text for role in r.result.tables)
    text = assert_french(cw.explain_key(r.ws, r.result))
    assert "dossier de configuration" in text  # a sample's folder is read-only
    assert ".cle-pseudonymisation" in text and "n'est pas dans le dossier de sorties" in text
    text = assert_french(cw.explain_ages(r.result, threshold=11))
    ages = cw.explain_ages(r.result, threshold=11).to_frame()
    if not ages.empty:
        visible = pd.to_numeric(ages["effectif (personnes)"], errors="coerce").dropna()
        assert ((visible == 0) | (visible >= 11)).all()
        assert "| tranche_age | effectif (personnes) |" in text
        assert "en personnes (cases de moins de 11 personnes cachées)" in text
    sensitive = cw.sensitive_counts(r.result, threshold=11)
    text = assert_french(sensitive)
    if sensitive.to_frame() is not None and not sensitive.to_frame().empty:
        assert sensitive.to_frame().columns[0] in ("effectif (personnes)", "effectif (lignes)")
        assert "agrégée en personnes distinctes" in text or "agrégée en lignes" in text
    assert_french(cw.explain_sensitive(r.result))
    assert_french(cw.explain_small_cells(r.crossing))
    if r.crossing is not None:
        assert "petites cases cachées" in r.crossing._repr_markdown_()
    text = assert_french(cw.explain_saved(r.ws, r.result))
    assert "tables propres" in text and "donnees-propres" in text
    assert len(cw.saved_files(r.result)) == len(r.result.paths)
    treatments = cw.identifier_treatments(r.result)
    assert set(treatments["table"]) <= set(r.result.tables)
    preview = privacy.safe_preview(r.result[r.role])
    for column in r.result[r.role].sensitive:
        if column in preview.columns:
            assert (preview[column] == "(donnée sensible)").all()


@pytest.mark.parametrize("slug", sample_slugs())
def test_category_to_review_is_the_one_pass_of_the_notebook(run, slug):
    """The column with the most categories after cleaning, its proposal on the raw text."""
    r = run(slug)
    categories = [e["colonne"] for e in r.demo.rules["colonnes"] if e["type"] == "catégorie"]
    if not categories:
        assert (r.column, r.proposal) == (None, None)
        return
    expected = max(categories, key=lambda c: len(cleaning.harmonise_categories(r.demo.data, c)))
    assert r.column == expected
    renamed = cleaning.clean_column_names(r.raw)
    proposal = cleaning.harmonise_categories(renamed, expected)
    pd.testing.assert_frame_equal(r.proposal, proposal[list(r.proposal.columns)])


# --------------------------------------------------------------------------------------
# An empty workspace: nothing to report, said as such
# --------------------------------------------------------------------------------------
@pytest.fixture
def empty(tmp_path):
    return create_workspace(tmp_path / "x", "Essai")


def test_step04_readings_on_an_empty_workspace(empty):
    assert inv.declared_files(empty).empty
    preview = inv.preview_file(empty)
    assert preview.file is None and preview.role == ""
    assert "Aucun tableau déclaré" in repr(preview)
    assert "Pas d'aperçu" in assert_french(inv.explain_preview(preview))
    inventory = inv.inventory_workspace(empty)
    assert "Aucun fichier n'est déclaré" in assert_french(inv.explain_tables(inventory))
    assert inv.columns_table(inventory).empty
    assert (
        assert_french(inv.explain_columns(inventory))
        == "Pas de colonnes à décrire pour ce fichier."
    )
    assert assert_french(inv.problem_list(inventory)) == "Aucun problème trouvé."
    assert "aucun problème" in assert_french(inv.explain_problems(inventory))
    mapping, note = inv.outcome_links(empty, inventory)
    assert mapping is None and note.to_text().startswith("Problème : ")
    assert "Ce qui attend les étapes 02 et 03" in assert_french(
        inv.explain_mapping(mapping, inventory)
    )
    assert "une fois la théorie du changement" in assert_french(inv.explain_gaps(None, None))
    assert assert_french(inv.explain_saved({})) == "Aucun fichier enregistré."
    assert "rien à réutiliser" in assert_french(inv.explain_reuse(inventory))


def test_step05_readings_on_an_empty_workspace(empty):
    assert "aucun fichier de données" in assert_french(cw.explain_overview(cw.raw_overview(empty)))
    result = cw.clean_workspace(empty)
    assert not result.tables
    assert "Aucun fichier" in assert_french(cw.explain_people(result, "x"))
    assert cw.duplicates_to_review(result, "x") is None
    assert "Le journal est vide" in assert_french(cw.explain_journal(result))
    assert "Rien n'a été généralisé" in assert_french(cw.explain_coarsening(result))
    assert "date de naissance" in assert_french(cw.explain_ages(result))
    assert "Aucune colonne sensible" in assert_french(cw.sensitive_counts(result))
    assert "Rien n'a été signalé" in assert_french(cw.explain_sensitive(result))
    assert cw.small_cells_example(result, "x") is None
    assert "pas deux catégories" in assert_french(cw.explain_small_cells(None))
    assert "Aucune table propre" in assert_french(cw.explain_saved(empty, result))
    assert cw.identifier_treatments(result).empty
    text = assert_french(cw.explain_key(empty))
    assert "à côté de vos fichiers bruts" in text
    key = f"`{privacy.display_path(empty.root / '.cle-pseudonymisation')}`"
    assert key in cw.explain_key(empty)._repr_markdown_()


# --------------------------------------------------------------------------------------
# Singular and plural, on small tables
# --------------------------------------------------------------------------------------
def _people_table(**fields) -> SimpleNamespace:
    """A cleaned table as explain_people reads it (defaults: no register, no attendance)."""
    base = {
        "sensitive": [],
        "duplicates": None,
        "in_register": None,
        "attended": None,
        "ambiguous": 0,
        "rows_data": None,
    }
    return SimpleNamespace(**{**base, **fields})


def _one_table_inventory(frame: pd.DataFrame) -> inv.Inventory:
    return inv.profile_table(frame, fichier="a.csv", role="a", declared_personal=True)


def test_step04_singular_forms():
    one = _one_table_inventory(pd.DataFrame({"Nom": ["Dupont"], "note": [None]}))
    text = assert_french(inv.explain_tables(one))
    assert text.startswith(
        "1 fichier déclaré : 1 tableau (1 ligne au total), 0 document qualitatif."
    )
    text = assert_french(inv.explain_columns(one, "a"))
    assert "1 colonne identifie directement une personne (« Nom ») : elle sera" in text
    assert "1 colonne est vide à plus de moitié (« note »)" in text
    text = assert_french(inv.explain_problems(one))
    assert "1 fichier contient des données personnelles : d'ici l'étape 05, son" in text
    listed = assert_french(inv.problem_list(one, limit=len(one.problemes) - 1))
    assert listed.endswith("\n- … et 1 autre, dans le livrable inventaire-problemes.csv.")


def test_step04_plural_forms():
    two = _one_table_inventory(
        pd.DataFrame(
            {
                "Nom": ["Dupont", "Martin"],
                "Prénom": ["Léa", "Jean"],
                "a": [None, None],
                "b": [None, None],
            }
        )
    )
    text = assert_french(inv.explain_columns(two, "a"))
    assert (
        "2 colonnes identifient directement une personne (« Nom », « Prénom ») : "
        "elles seront" in text
    )
    assert "2 colonnes sont vides à plus de moitié (« a », « b »)" in text
    assert "2 lignes au total" in assert_french(inv.explain_tables(two))


def _mapping(rows: list[tuple[str, bool, bool, str]]) -> pd.DataFrame:
    """(element, in scope, measurable, file) rows of a map_to_outcomes table."""
    frame = pd.DataFrame(columns=list(inv.MAPPING_COLUMNS))
    for element, scope, measurable, file in rows:
        frame.loc[len(frame)] = {c: "" for c in inv.MAPPING_COLUMNS} | {
            "element": element,
            "type_element": "effet",
            "dans_le_perimetre": scope,
            "mesurable": measurable,
            "fichier": file,
        }
    return frame


def test_explain_mapping_agreement():
    tables = _one_table_inventory(pd.DataFrame({"x": ["1"]}))
    one = assert_french(inv.explain_mapping(_mapping([("E1", True, True, "a.csv")]), tables))
    assert (
        one == "L'effet du périmètre (E1) a au moins un indicateur mesurable avec vos "
        "données actuelles."
    )
    none = assert_french(inv.explain_mapping(_mapping([("E1", True, False, "")]), tables))
    assert "n'a encore aucun indicateur" in none
    assert "1 fichier ne sert encore à aucun indicateur (« a.csv ») : gardez-le" in none
    some = assert_french(
        inv.explain_mapping(
            _mapping([("E1", True, True, "a.csv"), ("E2", True, False, "")]), tables
        )
    )
    assert (
        some == "Sur les 2 effets du périmètre, 1 a au moins un indicateur mesurable "
        "avec vos données actuelles (E1)."
    )
    zero = assert_french(
        inv.explain_mapping(_mapping([("E1", True, False, ""), ("E2", True, False, "")]), tables)
    )
    assert "Sur les 2 effets du périmètre, aucun n'a encore" in zero
    out = assert_french(inv.explain_mapping(_mapping([("E1", False, False, "a.csv")]), tables))
    assert out.startswith("Aucun effet n'est dans le périmètre")


def test_explain_gaps_agreement():
    mapping = _mapping([("E1", True, False, "")])
    gap = pd.DataFrame(
        [{c: "x" for c in inv.GAP_COLUMNS} | {"effet": "E1", "libelle_effet": "Confiance"}]
    )
    one = assert_french(inv.explain_gaps(gap, mapping))
    assert one.startswith("1 effet de votre périmètre ne peut pas encore être mesuré")
    assert "Notez-le :" in one and "E1 « Confiance »" in one
    two = assert_french(inv.explain_gaps(pd.concat([gap, gap.assign(effet="E2")]), mapping))
    assert two.startswith("2 effets de votre périmètre ne peuvent pas") and "Notez-les" in two
    assert "Chaque effet" in assert_french(inv.explain_gaps(gap.iloc[:0], mapping))


def test_explain_preview_agreement():
    file = SimpleNamespace(relative="a.csv", role="a")
    frame = pd.DataFrame({"x": ["1"] * 1500})
    one = LoadReport(
        file="a.csv",
        file_format="csv",
        encoding="cp1252",
        separator=";",
        header_row=2,
        header_rows=2,
        title_rows=["Export"],
    )
    text = assert_french(inv.explain_preview(inv.FilePreview(file, frame, one)))
    assert f"« a.csv » compte 1{NNBSP}500 lignes et 1 colonne." in text
    assert "1 ligne de titre au-dessus du tableau a été sautée" in text
    assert "L'en-tête tient sur 2 lignes fusionnées" in text and "pas l'UTF-8" in text
    two = LoadReport(
        file="a.csv",
        file_format="csv",
        encoding="utf-8",
        separator=";",
        header_row=3,
        title_rows=["Export", "2024"],
    )
    text = assert_french(inv.explain_preview(inv.FilePreview(file, frame.head(1), two)))
    assert "compte 1 ligne et 1 colonne" in text and "2 lignes de titre" in text
    assert "ont été sautées" in text and "UTF-8" not in text
    broken = inv.FilePreview(file, problem="Le fichier « a.csv » est vide.")
    assert broken._repr_markdown_() == "**Problème :** Le fichier « a.csv » est vide."


def test_preview_file_picks_the_biggest_table_or_the_role(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "ateliers-emploi", tmp_path)
    tables = [f for f in ws.files if f.path.suffix == ".csv"]
    biggest = max(tables, key=lambda f: f.path.stat().st_size)
    assert inv.preview_file(ws).role == biggest.role
    assert inv.preview_file(ws, "ateliers").frame is not None
    with pytest.raises(Exception, match="aucun fichier n'a le rôle « inconnu »"):
        inv.preview_file(ws, "inconnu")


def test_step05_singular_forms():
    overview = pd.DataFrame(
        [
            {
                "role": "a",
                "fichier": "a.csv",
                "lignes": 1,
                "colonnes": 2,
                "identifiants": "nom (nom)",
                "sensibles": "rqth",
                "personnes_declarees": True,
            }
        ]
    )
    text = assert_french(cw.explain_overview(overview))
    assert text.startswith("Votre espace compte 1 fichier de données et 1 ligne en tout.")
    assert (
        "1 fichier contient des identifiants directs (« a ») : c'est ce que la "
        "pseudonymisation protège." in text
    )
    assert "1 fichier contient des données qui semblent sensibles" in text
    raw = pd.DataFrame({"Nom": ["a"], "ville": ["b"]})
    assert assert_french(cw.explain_renaming(raw)).startswith(
        "1 nom de colonne sur 2 a été réécrit."
    )
    assert "déjà lisibles" in assert_french(cw.explain_renaming(raw[["ville"]]))
    people = SimpleNamespace(
        tables={
            "a": _people_table(
                role="a",
                n_people=1,
                raw_rows=1,
                sensitive=["rqth"],
                duplicates=pd.DataFrame({"a_verifier": [True]}),
            )
        },
        register=None,
        journal=lambda: pd.DataFrame({"table": ["a"], "non_reconnues": [1]}),
    )
    text = assert_french(cw.explain_people(people, "a"))
    assert "- « a » : 1 ligne lue, 1 personne distincte." in text
    assert "1 groupe de lignes a été reconnu comme une même personne, dont 1 à vérifier" in text
    assert "registre" not in text  # one file: nothing to link
    linked = SimpleNamespace(
        tables={
            "r": _people_table(role="r", n_people=1, raw_rows=1),
            "a": _people_table(
                role="a", n_people=1, raw_rows=2, in_register=1, attended=1, ambiguous=1
            ),
            "q": _people_table(role="q", n_people=1, raw_rows=1),
        },
        register="r",
    )
    text = assert_french(cw.explain_people(linked, "a"))
    assert "(registre des personnes : « r ») :" in text
    assert "- « r » (registre) : 1 ligne lue, 1 personne distincte." in text
    assert (
        "- « a » : 2 lignes lues, 1 personne distincte, retrouvée dans le registre ; "
        "1 présente au moins une fois." in text
    )
    assert "- « q » : 1 ligne lue, 1 personne distincte, non reliée au registre" in text
    assert "Dans « a », 1 ligne porte un nom que plusieurs personnes du registre" in text
    assert "À vérifier" not in text
    text = assert_french(cw.explain_journal(people))
    assert text.startswith(
        "Le journal compte 1 changement dans 1 table (« a ») ; 1 valeur n'a pas "
        "été reconnue et est restée vide."
    )
    text = assert_french(cw.explain_sensitive(people))
    assert (
        text.startswith("1 colonne signalée comme sensible : « rqth » (a). Elle est marquée")
        and "ne la montreront qu'agrégée." in text
    )


def test_step05_plural_forms():
    overview = pd.DataFrame(
        [
            {
                "role": r,
                "fichier": f"{r}.csv",
                "lignes": 1000,
                "colonnes": 2,
                "identifiants": "",
                "sensibles": "",
                "personnes_declarees": False,
            }
            for r in ("a", "b")
        ]
    )
    text = assert_french(cw.explain_overview(overview))
    assert f"2 fichiers de données et 2{NNBSP}000 lignes en tout." in text
    assert "Aucun fichier ne contient d'identifiant direct" in text
    people = SimpleNamespace(
        tables={
            r: _people_table(
                role=r,
                n_people=1200,
                raw_rows=1300,
                sensitive=["x", "y"],
                duplicates=pd.DataFrame({"a_verifier": [True, False]}),
            )
            for r in ("a", "b")
        },
        register=None,
        journal=lambda: pd.DataFrame({"table": ["a", "b"], "non_reconnues": [1200, 0]}),
    )
    text = assert_french(cw.explain_people(people, "a"))
    assert f"1{NNBSP}300 lignes lues, 1{NNBSP}200 personnes distinctes" in text
    assert "2 groupes de lignes ont été reconnus" in text
    assert "Cet espace n'a pas de registre des personnes" in text
    linked = SimpleNamespace(
        tables={
            "r": _people_table(role="r", n_people=1000, raw_rows=1200),
            "a": _people_table(
                role="a", n_people=1250, raw_rows=3000, in_register=990, attended=800, ambiguous=4
            ),
            "b": _people_table(role="b", n_people=20, raw_rows=40, in_register=20),
        },
        register="r",
    )
    text = assert_french(cw.explain_people(linked, "a"))
    assert (
        f"- « a » : 3{NNBSP}000 lignes lues, 1{NNBSP}250 personnes distinctes, dont 990 "
        "retrouvées dans le registre ; 800 présentes au moins une fois." in text
    )
    assert "- « b » : 40 lignes lues, 20 personnes distinctes, toutes retrouvées" in text
    assert (
        f"À vérifier : « a » compte plus de personnes (1{NNBSP}250) que le registre « r » "
        f"(1{NNBSP}000)" in text
    )
    assert "« b » compte plus" not in text
    assert "Dans « a », 4 lignes portent un nom que plusieurs personnes" in text
    text = assert_french(cw.explain_journal(people))
    assert (
        f"2 changements dans 2 tables (« a » et « b ») ; 1{NNBSP}200 valeurs n'ont pas été "
        "reconnues" in text
    )
    text = assert_french(cw.explain_sensitive(people))
    assert text.startswith("4 colonnes signalées comme sensibles") and "ne les" in text
    clean = SimpleNamespace(
        tables={"a": 1}, journal=lambda: pd.DataFrame({"table": ["a"], "non_reconnues": [0]})
    )
    assert "toutes les valeurs remplies ont été reconnues" in assert_french(
        cw.explain_journal(clean)
    )


def test_explain_kinds_and_proposal_wording():
    raw = pd.DataFrame(
        {"d": ["05/03/2019", "bientôt", "2019-03-05"], "ville": ["Lyon"] * 2 + ["Lyonn"]}
    )
    demo = cleaning.clean_table(raw, kinds={"d": "date", "ville": "category"})
    text = assert_french(cw.explain_kinds(demo))
    assert f"La colonne la moins propre est « d » : 33,3{NBSP}% de ses valeurs" in text
    raw = pd.DataFrame({"ville": ["Lyon"] * 6 + ["LYON", "Lyonn"] + ["Paris"] * 3})
    demo = cleaning.clean_table(raw)
    column, proposal = cw.category_to_review(demo, raw)
    text = assert_french(cw.explain_proposal(column, proposal))
    assert text.startswith("Colonne « ville » : 4 écritures différentes.")
    assert "2 écritures sont rapprochées d'une autre" in text
    assert "1 est à vérifier (faute de frappe probable)" in text
    assert "Il reste 2 valeurs" in text
    one = proposal[proposal["valeur"] != "Lyonn"]
    text = assert_french(cw.explain_proposal(column, one))
    assert "1 écriture est rapprochée" in text and "aucune n'est à vérifier" in text
    assert "pas de colonne de catégories" in assert_french(cw.explain_proposal(None, None))


def test_explain_totals_wording(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "ateliers-emploi", tmp_path)
    raw = pd.DataFrame({"mois": ["janv.", "févr.", "TOTAL"], "n": ["1", "2", "3"]})
    text = assert_french(cw.explain_totals(ws, "caisse", cleaning.clean_table(raw)))
    assert text.startswith("Dans « caisse », 1 ligne de total retirée.")
    assert "pas de feuille de présence en colonnes" in text
    raw = pd.DataFrame({"mois": ["janv.", "févr."], "n": ["1", "2"]})
    text = assert_french(cw.explain_totals(ws, "caisse", cleaning.clean_table(raw)))
    assert text.startswith("« caisse » ne contient pas de ligne de total.")


def _example(primary: int, secondary: int) -> cw.SmallCellExample:
    table = pd.DataFrame({"x": [1, 2, 30]}, index=["a", "b", "c"])
    hidden = np.zeros((3, 1), dtype=bool)
    hidden[: primary + secondary, 0] = True
    first = np.zeros((3, 1), dtype=bool)
    first[:primary, 0] = True
    published = privacy.SuppressedTable(
        table,
        pd.DataFrame(hidden, index=table.index, columns=table.columns),
        pd.DataFrame(first, index=table.index, columns=table.columns),
    )
    return cw.SmallCellExample("t", "a", "b", published, 11)


def test_explain_small_cells_agreement():
    text = assert_french(cw.explain_small_cells(_example(1, 1)))
    assert text.startswith(
        "1 case cachée parce qu'elle compte moins de 11 personnes, et 1 autre pour"
    )
    text = assert_french(cw.explain_small_cells(_example(2, 1)))
    assert text.startswith("2 cases cachées parce qu'elles comptent moins de 11 personnes")
    assert "Aucune case ne compte moins de 11" in assert_french(
        cw.explain_small_cells(_example(0, 0))
    )


def test_mapping_parameter_picks_the_column_with_most_spellings():
    table = SimpleNamespace(
        role="t",
        proposals={
            "a": pd.DataFrame({"valeur": ["x"], "proposition": ["x"]}),
            "b": pd.DataFrame({"valeur": ["Lyon", "lyon "], "proposition": ["Lyon", "Lyon"]}),
        },
    )
    text = cw.mapping_parameter(table)
    assert '"b": {' in text and '"lyon": "Lyon",' in text
    assert (
        cw.mapping_parameter(SimpleNamespace(role="t", proposals={}))
        == "{}  # « t » n'a pas de colonne de catégories"
    )


def test_markdown_tables_say_numbers_the_french_way():
    frame = pd.DataFrame(
        {"effectif": [1234, "< 11", 0.5, True]}, index=pd.Index(["a", "b|c", "d", "e"], name="k")
    )
    lines = cw._markdown_table(frame).splitlines()
    assert lines[:2] == ["| k | effectif |", "|---|---:|"]
    assert lines[2:] == [f"| a | 1{NNBSP}234 |", "| b\\|c | < 11 |", "| d | 0,5 |", "| e | oui |"]


def test_readings_cover_every_reading_of_the_notebooks():
    """Every helper named in a « Ce que cela veut dire pour vous » cell is tested here."""
    import json

    from .conftest import ROOT

    source = Path(__file__).read_text(encoding="utf-8")
    for name in ("04_inventaire_des_donnees.ipynb", "05_nettoyage_et_pseudonymisation.ipynb"):
        nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
        called = set()
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                called |= set(re.findall(r"\b(explain_\w+)\(", "".join(cell["source"])))
        assert called, name
        missing = [c for c in sorted(called) if f".{c}(" not in source]
        assert not missing, missing
