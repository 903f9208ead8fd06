"""Duplicates to review are the doubtful ones only (issue 10).

A group of rows taken as one person needs no review when an exact key holds all its rows
together (the same e-mail, the same phone with the same name, the same declared identifier,
the same line of an attendance sheet), even if a name rule links them too; the review list
(``doublons-a-verifier.csv``, ``duplicates_to_review``, ``explain_people``) shows only the
groups that rest on a name or a resemblance, with the reason in French.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz

from sizeup_helpers import cleaning
from sizeup_helpers.clean_workspace import (
    DUPLICATES_FILE,
    clean_workspace,
    duplicates_to_review,
    explain_people,
    read_raw_table,
)
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR, sample_slugs

NNBSP = "\u202f"


# --------------------------------------------------------------------------------------
# The classification, on small hand-made frames
# --------------------------------------------------------------------------------------
def _review(frame: pd.DataFrame, **columns) -> pd.DataFrame:
    found = cleaning.find_duplicate_people(frame, **columns)
    groups = found.data["personne_id"].to_numpy()
    return cleaning.review_groups(groups, found.links, labels=frame.index)


def test_same_email_and_same_name_needs_no_review():
    frame = pd.DataFrame(
        {
            "nom": ["Dupont", "DUPONT", "Martin"],
            "prenom": ["Jean", "jean", "Léa"],
            "email": ["jean.dupont@free.fr", "Jean.Dupont@free.fr ", "lea@free.fr"],
        }
    )
    review = _review(frame, last_name="nom", first_name="prenom", email="email")
    assert review["lignes"].tolist() == ["0, 1"]
    assert review["liens"].tolist() == ["clé exacte ; nom identique"]
    assert not review["a_verifier"].any() and review["motif"].tolist() == [""]
    assert "e-mail identique" in review.loc[0, "regles"]


def test_same_name_only_is_to_review_with_its_reason():
    frame = pd.DataFrame(
        {
            "nom": ["Moreau", "MOREAU", "Petit"],
            "prenom": ["Dimitri", "dimitri", "Louis"],
            "email": ["", "d.moreau@free.fr", ""],
        }
    )
    review = _review(frame, last_name="nom", first_name="prenom", email="email")
    assert review["a_verifier"].tolist() == [True]
    assert review["liens"].tolist() == ["nom identique"]
    assert review["motif"].tolist() == ["même nom et prénom, sans autre information commune"]


def test_close_names_and_same_birth_date_are_to_review():
    frame = pd.DataFrame(
        {
            "nom_complet": ["Jean Dupont", "Jean Dupond", "Zoé Lin"],
            "naissance": ["05/03/1985", "1985-03-05", "01/01/1990"],
        }
    )
    review = _review(frame, full_name="nom_complet", birth_date="naissance")
    assert review["a_verifier"].tolist() == [True]
    assert review["liens"].tolist() == ["ressemblance"]
    reason = review.loc[0, "motif"]
    assert reason.startswith("noms proches (ressemblance ") and reason.endswith(
        "%) et même date de naissance"
    )
    assert "Dupon" not in reason  # no name in a file a coach shares


def test_same_name_and_birth_date_without_a_shared_key_is_to_review():
    frame = pd.DataFrame(
        {"nom": ["Ndiaye", "NDIAYE"], "prenom": ["Laura", "Laura"], "ne": ["1989-09-09"] * 2}
    )
    review = _review(frame, last_name="nom", first_name="prenom", birth_date="ne")
    assert review["a_verifier"].tolist() == [True]
    assert review.loc[0, "motif"] == (
        "même nom, prénom et date de naissance, sans e-mail, téléphone ni identifiant commun"
    )


def test_a_group_partly_held_by_an_exact_key_is_to_review():
    """Two rows share an e-mail; a third joins them by its name alone."""
    links = pd.DataFrame(
        {
            "i": [0, 0, 0],
            "j": [1, 1, 2],
            "regle": ["email", "name_only", "name_only"],
            "score": [100.0] * 3,
        }
    )
    review = cleaning.review_groups(np.array([0, 0, 0, 1]), links)
    assert review["a_verifier"].tolist() == [True]
    assert review.loc[0, "motif"] == (
        "même nom et prénom, sans autre information commune (les autres lignes du groupe "
        "sont reliées par une clé exacte : e-mail identique)"
    )
    empty = cleaning.review_groups(np.array([0, 1]), links.iloc[:0])
    assert list(empty.columns) == list(cleaning.REVIEW_COLUMNS) and empty.empty


def _workspace_with(tmp_path: Path, rows: list[dict], people: dict[str, str]) -> Path:
    """A new workspace holding one registrations file, its people columns declared."""
    ws = create_workspace(tmp_path / "espace", "Essai")
    pd.DataFrame(rows).to_csv(ws.raw_dir / "inscrits.csv", sep=";", index=False)
    lines = "\n".join(f"    {kind}: {column}" for kind, column in people.items())
    config = ws.root / "structure.yml"
    text = config.read_text("utf-8").replace("fichiers: []", "fichiers:")
    config.write_text(
        text + "\n- chemin: donnees-brutes/inscrits.csv\n  role: inscriptions\n"
        "  donnees_personnelles: true\n  personnes:\n" + lines + "\n",
        "utf-8",
    )
    return ws.root


def test_same_phone_written_differently_is_an_exact_key(tmp_path):
    rows = [
        {"nom": "Traoré", "prenom": "Manon", "telephone": "06 14 50 41 87", "ville": "Lyon"},
        {"nom": "TRAORE", "prenom": "manon", "telephone": "+33 6 14 50 41 87", "ville": "Lyon"},
        {"nom": "Traoré", "prenom": "Manon", "telephone": "", "ville": "Bron"},
        {"nom": "Petit", "prenom": "Louis", "telephone": "07.01.02.03.04", "ville": "Lyon"},
        {"nom": "Petit", "prenom": "Louis", "telephone": "", "ville": "Lyon"},
        {"nom": "Lin", "prenom": "Zoé", "telephone": "0601020304", "ville": "Lyon"},
        {"nom": "Lin", "prenom": "Zoé", "telephone": "06.01.02.03.04", "ville": "Lyon"},
    ]
    root = _workspace_with(
        tmp_path, rows, {"nom": "nom", "prenom": "prenom", "telephone": "telephone"}
    )
    ws = open_workspace(root, tmp_path / "sorties")
    result = clean_workspace(ws)
    groups = result["inscriptions"].duplicates
    assert groups["lignes"].tolist() == ["0, 1, 2", "3, 4", "5, 6"]
    # Zoé Lin: the same phone written two ways, nothing to review
    assert groups["a_verifier"].tolist() == [True, True, False]
    assert groups.loc[2, "liens"] == "clé exacte ; nom identique"
    # Manon Traoré: two rows share the phone, the third only the name
    assert groups.loc[0, "motif"].startswith("même nom et prénom, sans autre information")
    assert "même nom et même téléphone" in groups.loc[0, "motif"]
    shown = duplicates_to_review(result, "inscriptions")
    assert shown["lignes"].tolist() == ["0, 1, 2", "3, 4"]
    assert "a_verifier" not in shown.columns and "motif" in shown.columns
    saved = pd.read_csv(ws.step_dir("05") / DUPLICATES_FILE, dtype=str)
    assert saved["lignes"].tolist() == ["0, 1, 2", "3, 4"]
    assert not saved.apply(lambda c: c.str.contains("Traor|Petit|Lin|06", na=False)).any().any()
    text = explain_people(result, "inscriptions").to_text()
    assert (
        "Dans « inscriptions », 3 groupes de lignes ont été reconnus comme une même personne, "
        "dont 2 à vérifier : ils ne tiennent qu'à un nom ou à une ressemblance ; l'autre "
        "groupe tient par une clé exacte (même nom et même téléphone) et n'est pas à "
        "vérifier." in text
    )
    assert "Motifs : « même nom et prénom, sans autre information commune » (2 groupes)." in text
    journal = result["inscriptions"].journal.to_frame()
    line = journal.loc[journal["verbe"] == "find_duplicate_people", "detail"].item()
    assert line == (
        "7 lignes pour 3 personnes distinctes ; 3 groupes de lignes d'une même personne, "
        "dont 2 à vérifier (reliées seulement par un nom ou une ressemblance, sans e-mail, "
        "téléphone ni identifiant commun)."
    )


def test_one_group_held_by_an_e_mail_reads_in_the_singular(tmp_path):
    rows = [
        {"nom": "Dupont", "email": "jd@free.fr", "ville": "Lyon"},
        {"nom": "Dupont", "email": "JD@free.fr", "ville": "Lyon"},
        {"nom": "Martin", "email": "", "ville": "Lyon"},
    ]
    root = _workspace_with(tmp_path, rows, {"nom_complet": "nom", "email": "email"})
    ws = open_workspace(root, tmp_path / "sorties")
    result = clean_workspace(ws)
    assert duplicates_to_review(result, "inscriptions") is None
    text = explain_people(result, "inscriptions").to_text()
    assert (
        "Dans « inscriptions », 1 groupe de lignes a été reconnu comme une même personne, "
        "dont aucun à vérifier : il tient par une clé exacte (e-mail identique), qui ne "
        "laisse pas de doute." in text
    )
    saved = pd.read_csv(ws.step_dir("05") / DUPLICATES_FILE)
    assert saved.empty and "motif" in saved.columns  # last run's list does not linger
    journal = result["inscriptions"].journal.to_frame()
    assert journal.loc[journal["verbe"] == "find_duplicate_people", "detail"].item() == (
        "3 lignes pour 2 personnes distinctes ; 1 groupe de lignes d'une même personne : "
        "aucun à vérifier (e-mail, téléphone ou identifiant commun)."
    )


def test_empty_workspace_has_no_duplicates(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    result = clean_workspace(ws)
    assert duplicates_to_review(result, "inscriptions") is None
    assert "groupe" not in explain_people(result, "inscriptions").to_text()


# --------------------------------------------------------------------------------------
# The seven samples
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("doublons")

    @cache
    def run(slug: str):
        copy = root / slug
        shutil.copytree(SAMPLES_DIR / slug, copy)
        ws = open_workspace(copy, root / f"{slug}-sorties")
        return ws, clean_workspace(ws)

    return run


def _truth(slug: str) -> dict:
    return json.loads((SAMPLES_DIR / slug / "verite-terrain.json").read_text("utf-8"))


def _planted(slug: str, ws) -> dict[str, list[list[int]]]:
    """Rows (0 = first data row of the table as read) that the generator made one person."""
    mess = _truth(slug)["desordre"]
    out: dict[str, list[list[int]]] = {}
    for role, name in (
        ("inscriptions", "inscriptions_export.csv"),
        ("stagiaires", "stagiaires.xlsx"),
        ("salaries", "salaries_iae.csv"),
    ):
        person = mess.get(name, {}).get("personne_par_ligne")
        if person is not None:
            rows = pd.Series(range(len(person))).groupby(pd.Series(person)).agg(list)
            out[role] = [r for r in rows if len(r) > 1]
    if slug == "mobilite-accompagnee":
        pairs = mess["beneficiaires.csv"]["lignes_doublon_personne"]
        out["beneficiaires"] = [[first - 2, int(second) - 2] for second, first in pairs.items()]
    if slug == "commerce-rural":
        cards = mess["cartes_fidelite.csv"]
        out["cartes_fidelite"] = [
            [int(card.split("-")[1]) - 1, line - 2]
            for card, line in zip(
                cards["cartes_remplacees"],
                cards["lignes_nouvelle_carte_meme_personne"],
                strict=True,
            )
        ]
    if slug == "energie-citoyenne":
        sheets = read_raw_table(ws, "societaires")["feuille"]
        start = {s: int(np.flatnonzero(sheets.to_numpy() == s)[0]) for s in sheets.unique()}
        header = mess["registre_societaires.xlsx"]["titre_au_dessus_en_tete"]["ligne_en_tete"]
        out["societaires"] = [
            [start[sheet] + line - header - 1 for sheet, line in holder["lignes"]]
            for holder in mess["registre_societaires.xlsx"]["meme_titulaire_plusieurs_lignes"]
        ]
    return out


def _keys(ws, role: str, *, strict: bool) -> pd.DataFrame:
    """Each raw row's exact keys, as the test computes them (independent of the package)."""
    raw = read_raw_table(ws, role).astype(object).where(lambda f: f.notna(), "")
    people = ws.file(role).people or {}
    names = [raw[people[k]].astype(str) for k in ("nom_complet", "nom", "prenom") if k in people]
    name = (
        pd.concat(names, axis=1).agg(" ".join, axis=1).map(cleaning.name_key)
        if names
        else pd.Series("", index=raw.index)
    )
    out = pd.DataFrame(index=raw.index)
    out["name"] = name
    if "email" in people:
        out["email"] = raw[people["email"]].astype(str).str.strip().str.casefold()
    if "telephone" in people:
        digits = raw[people["telephone"]].astype(str).str.replace(r"\D", "", regex=True)
        phone = digits.str[-9:].where(digits.str.len() >= 9, "")
        out["phone"] = phone.where(phone == "", name + "|" + phone) if strict else phone
    if "identifiant" in people:
        out["identifiant"] = raw[people["identifiant"]].astype(str).str.strip().str.casefold()
    return out


def _same_email(a: str, b: str, strict: bool) -> bool:
    if not a or not b:
        return False
    if a == b or strict:
        return a == b
    (la, _, da), (lb, _, db) = a.rpartition("@"), b.rpartition("@")
    return la == lb and fuzz.ratio(da, db) >= 80  # a misspelt provider (gmial.com)


def _held_by_exact_keys(keys: pd.DataFrame, rows: list[int], *, strict: bool) -> bool:
    """Whether equal e-mails, phones or identifiers join all ``rows`` into one."""
    parent = {r: r for r in rows}

    def root(r: int) -> int:
        while parent[r] != r:
            r = parent[r]
        return r

    for a in rows:
        for b in rows:
            if a < b:
                same = (
                    _same_email(keys.at[a, "email"], keys.at[b, "email"], strict)
                    if ("email" in keys)
                    else False
                )
                for col in ("phone", "identifiant"):
                    value = keys.at[a, col] if col in keys else ""
                    same = same or (bool(value) and value == keys.at[b, col])
                if same:
                    parent[root(a)] = root(b)
    return len({root(r) for r in rows}) == 1


def _rows(listed: str) -> list[int]:
    assert "…" not in listed, "a group of more than ten rows"
    return [int(x) for x in listed.split(", ")]


@pytest.mark.parametrize("slug", sample_slugs())
def test_review_list_holds_only_name_or_resemblance_groups(slug, runs):
    ws, result = runs(slug)
    saved = ws.step_dir("05") / DUPLICATES_FILE
    listed = pd.read_csv(saved, dtype=str) if saved.is_file() else None
    for role, table in result.tables.items():
        groups = table.duplicates
        if groups is None or groups.empty:
            continue
        review = groups[groups["a_verifier"]]
        # every group to review rests on a name or a resemblance, and says why
        assert review["liens"].str.contains("nom identique|ressemblance").all(), role
        assert (review["motif"].str.len() > 20).all(), role
        partly = review["liens"].str.contains("clé exacte")
        assert review.loc[partly, "motif"].str.contains("les autres lignes du groupe").all()
        # a group that only exact keys link is never to review
        assert not groups.loc[groups["liens"] == "clé exacte", "a_verifier"].any(), role
        assert (groups.loc[~groups["a_verifier"], "motif"] == "").all(), role
        # the file and the notebook's table list exactly the groups to review
        mine = listed[listed["table"] == role] if listed is not None else pd.DataFrame()
        assert mine["lignes"].tolist() == review["lignes"].tolist(), role
        shown = duplicates_to_review(result, role, n=len(groups))
        assert (shown is None) == review.empty
        if shown is not None:
            assert shown["lignes"].tolist() == review["lignes"].tolist()
        if ws.file(role).wide_attendance:
            # a line of the sheet is one person: its session rows need no review
            assert groups["liens"].str.startswith("clé exacte").all(), role
            continue
        strict, lenient = _keys(ws, role, strict=True), _keys(ws, role, strict=False)
        for lines, to_check in zip(groups["lignes"], groups["a_verifier"], strict=True):
            if "…" in lines:  # more than ten rows: listed in part only
                continue
            rows = _rows(lines)
            if to_check:  # no e-mail, phone or identifier holds these rows together
                assert not _held_by_exact_keys(strict, rows, strict=True), (role, lines)
            else:
                assert _held_by_exact_keys(lenient, rows, strict=False), (role, lines)


def _person_of_rows(ws, role: str, people: list[list[int]]) -> np.ndarray:
    """The planted person of each row: the sets of ``people``, every other row its own."""
    n = len(read_raw_table(ws, role))
    person = np.arange(n)
    for k, rows in enumerate(people):
        person[rows] = n + k
    return person


@pytest.mark.parametrize("slug", sample_slugs())
def test_every_planted_ambiguous_duplicate_is_in_the_review_list(slug, runs):
    """The generator's truth, row by row: rows of one person that share no e-mail, phone or
    identifier, and rows of two people merged by their names (homonyms), are to review;
    rows of one person that share a key are not."""
    ws, result = runs(slug)
    homonyms = 0
    for role, people in _planted(slug, ws).items():
        groups = result[role].duplicates
        group_of = {
            r: k
            for k, lines in enumerate(groups["lignes"])
            if "…" not in lines
            for r in _rows(lines)
        }
        keys = _keys(ws, role, strict=True)
        for rows in people:
            names = {keys.at[r, "name"] for r in rows}
            ambiguous = not _held_by_exact_keys(keys, rows, strict=True)
            found = {group_of.get(r) for r in rows}
            if len(found) != 1 or None in found:  # not linked: counted apart (tolerance)
                assert ambiguous and len(names) > 1, (role, rows)
                continue
            k = found.pop()
            if ambiguous:
                assert groups["a_verifier"].iloc[k], (role, rows)
        person = _person_of_rows(ws, role, people)
        for lines, to_check in zip(groups["lignes"], groups["a_verifier"], strict=True):
            if "…" not in lines and len(set(person[_rows(lines)])) > 1:
                assert to_check, (role, lines)  # two planted people merged: a person decides
                homonyms += 1
    if slug in ("commerce-rural", "energie-citoyenne"):  # homonyms planted (PEOPLE_TOLERANCE)
        assert homonyms >= 3, homonyms
        table = result["cartes_fidelite" if slug == "commerce-rural" else "societaires"]
        assert int(table.duplicates["a_verifier"].sum()) == homonyms


def test_ateliers_emploi_review_figures(runs):
    """127 groups and 123 to review before issue 10; every group now shares an e-mail or a
    phone with the same name (the planted repeats all do), so none of the registrations is
    left to review, while the hand-written attendance names are."""
    _, result = runs("ateliers-emploi")
    registrations = result["inscriptions"].duplicates
    assert len(registrations) == 130 and not registrations["a_verifier"].any()
    assert registrations["liens"].str.startswith("clé exacte").all()
    attendance = result["presences"].duplicates
    assert attendance["a_verifier"].all()
    assert set(attendance["motif"]) == {"même nom et prénom, sans autre information commune"}
    text = explain_people(result, "inscriptions").to_text()
    assert (
        "Dans « inscriptions », 130 groupes de lignes ont été reconnus comme une même "
        "personne, dont aucun à vérifier : chacun tient par une clé exacte (e-mail "
        "identique, même nom et même téléphone), qui ne laisse pas de doute." in text
    )
    text = explain_people(result, "presences").to_text()
    assert (
        "Dans « presences », 92 groupes de lignes ont été reconnus comme une même personne, "
        "dont 92 à vérifier : ils ne tiennent qu'à un nom ou à une ressemblance." in text
    )
    assert "(92 groupes). La liste" in text


@pytest.mark.parametrize("slug", sample_slugs())
def test_people_reading_names_the_groups_to_review(slug, runs):
    _, result = runs(slug)
    for role, table in result.tables.items():
        text = explain_people(result, role).to_text()
        groups = table.duplicates
        if groups is None or groups.empty:
            assert "groupe" not in text
            continue
        n, k = len(groups), int(groups["a_verifier"].sum())
        many = f"{n:,}".replace(",", NNBSP)
        head = (
            "1 groupe de lignes a été reconnu"
            if n == 1
            else f"{many} groupes de lignes ont été reconnus"
        )
        assert f"Dans « {role} », {head} comme une même personne, dont " in text
        if k:
            assert f"dont {k:,} à vérifier".replace(",", NNBSP) in text
            rest = n - k
            if rest == 1:
                assert "l'autre groupe tient par une clé exacte (" in text
            elif rest:
                assert (
                    f"les {rest:,} autres tiennent par une clé exacte (".replace(",", NNBSP) in text
                )
            assert f"05-nettoyage/{DUPLICATES_FILE}" in text and "Motifs : « " in text
        else:
            assert "dont aucun à vérifier" in text and "Motifs" not in text
