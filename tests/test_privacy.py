"""Tests of sizeup_helpers.privacy: identifiers, masking, pseudonyms, age bands, small cells."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from sizeup_helpers import privacy
from sizeup_helpers.errors import SizeUpError
from sizeup_helpers.privacy import (
    PrivacyError,
    PseudonymKey,
    age_bands,
    aggregate_only,
    check_displayable,
    detect_identifiers,
    detect_sensitive,
    load_or_create_key,
    mask_identifiers,
    mask_value,
    move_old_key,
    nir_is_valid,
    old_key_path,
    pseudonymise,
    suppress_small_cells,
)
from sizeup_helpers.workspace import create_workspace, open_workspace, user_config_dir

from .conftest import SAMPLES_DIR


def make_nir(body: str) -> str:
    """A NIR with its valid key, from its 13 first characters."""
    digits = body.upper().replace("2A", "19").replace("2B", "18")
    return f"{body}{97 - int(digits) % 97:02d}"


@pytest.fixture
def people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Nom": ["Dupont", "Martin", "Bernard", "Petit", "Durand"],
            "Prénom": ["Jean", "Léa", "Hugo", "Chloé", "Louis"],
            "Courriel": [
                "jean.dupont@gmail.com",
                "lea.m@free.fr",
                "",
                "c.petit@orange.fr",
                "l.durand@laposte.net",
            ],
            "contact": [
                "06 12 34 56 78",
                "+33 6 98 76 54 32",
                "07.11.22.33.44",
                "0033612345678",
                None,
            ],
            "n_secu": [
                make_nir("1850578006084"),
                make_nir("2900269123456"),
                make_nir("1790975123123"),
                make_nir("2010133123456"),
                make_nir("1860812345678"),
            ],
            "Adresse": [
                "12 rue des Lilas",
                "3 bis avenue Jean Jaurès",
                "5, place du Marché",
                "10 chemin des Vignes",
                "1 allée des Roses",
            ],
            "Date de naissance": ["05/03/1985", "1990-02-01", "12/09/1979", "", "03/08/1986"],
            "ville": ["Lyon", "Bron", "Lyon", "Vienne", "Lyon"],
            "Nom de la structure": ["A", "A", "B", "B", "B"],
            "note": ["3", "4", "5", "2", "1"],
        }
    )


# --------------------------------------------------------------------------------------
# NIR
# --------------------------------------------------------------------------------------
def test_nir_key_check():
    good = make_nir("1850578006084")
    assert nir_is_valid(good)
    assert nir_is_valid(
        " ".join([good[0], good[1:3], good[3:5], good[5:7], good[7:10], good[10:13], good[13:]])
    )
    bad = good[:-2] + f"{(int(good[-2:]) + 1) % 100:02d}"
    assert not nir_is_valid(bad)
    corsica = make_nir("290022A123456")
    assert nir_is_valid(corsica)
    assert not nir_is_valid("123")


# --------------------------------------------------------------------------------------
# detect_identifiers
# --------------------------------------------------------------------------------------
def test_detect_identifiers_by_name_and_content(people):
    found = detect_identifiers(people)[["colonne", "type", "detecte_par"]]
    expected = pd.DataFrame(
        {
            "colonne": [
                "Nom",
                "Prénom",
                "Courriel",
                "contact",
                "n_secu",
                "Adresse",
                "Date de naissance",
            ],
            "type": ["nom", "prenom", "email", "telephone", "nir", "adresse", "date_naissance"],
            "detecte_par": [
                "nom de colonne",
                "nom et contenu",
                "nom et contenu",
                "contenu",
                "nom et contenu",
                "nom et contenu",
                "nom de colonne",
            ],
        }
    )
    assert_frame_equal(found, expected)


def test_detect_identifiers_content_only():
    df = pd.DataFrame(
        {
            "a": ["x@y.fr", "z@w.com", "q@r.org"],
            "b": ["Jean Dupont", "Marie Curie", "Paul Martin"],
            "c": [make_nir("1850578006084"), make_nir("2900269123456"), make_nir("1790975123123")],
            "d": ["1850578006084" + "00", "2900269123456" + "00", "abc"],  # wrong keys
            "e": ["Lyon", "Paris", "Lille"],
        }
    )
    found = detect_identifiers(df)
    assert dict(zip(found["colonne"], found["type"], strict=True)) == {
        "a": "email",
        "b": "nom_complet",
        "c": "nir",
    }
    assert (found["detecte_par"] == "contenu").all()
    assert found["part_reconnue"].tolist() == [1.0, 1.0, 1.0]


def test_detect_dates_of_birth_by_content():
    births = [
        f"{d:02d}/{m:02d}/{y}"
        for d, m, y in zip(range(1, 29), [3, 7, 11] * 10, range(1950, 2006, 2), strict=False)
    ]
    entries = [f"2024-{m:02d}-{d:02d}" for m in range(1, 8) for d in (3, 17)]
    found = detect_identifiers(pd.DataFrame({"x": births[:14], "entree": entries}))
    assert found[["colonne", "type", "detecte_par"]].values.tolist() == [
        ["x", "date_naissance", "contenu"]
    ]


def test_detect_identifiers_bad_input():
    with pytest.raises(TypeError, match="DataFrame"):
        detect_identifiers(["a"])


# --------------------------------------------------------------------------------------
# masking
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, kind, expected",
    [
        ("jean.dupont@gmail.com", "email", "j***@g***.com"),
        ("06 12 34 56 78", "telephone", "06 •• •• •• 78"),
        ("+33 (0)6 12 34 56 78", "telephone", "06 •• •• •• 78"),
        ("0033612345678", "telephone", "06 •• •• •• 78"),
        ("Dupont", "nom", "D."),
        ("Jean-Marie Le Gall", "nom_complet", "J.-M. L. G."),
        ("12 rue des Lilas", "adresse", "(adresse masquée)"),
        ("05/03/1985", "date_naissance", "••/••/1985"),
        (pd.Timestamp("1985-03-05"), "date_naissance", "••/••/1985"),
    ],
)
def test_mask_value(value, kind, expected):
    assert mask_value(value, kind) == expected


def test_mask_value_missing_and_unknown_kind():
    assert mask_value(None, "email") is None
    assert np.isnan(mask_value(np.nan, "email"))
    with pytest.raises(ValueError, match="Type d'identifiant inconnu « iban »"):
        mask_value("x", "iban")


def test_mask_identifiers_expected_frame(people):
    before = people.copy()
    out = mask_identifiers(people[["Nom", "Courriel", "contact", "ville"]])
    expected = pd.DataFrame(
        {
            "Nom": ["D.", "M.", "B.", "P.", "D."],
            "Courriel": ["j***@g***.com", "l***@f***.fr", "", "c***@o***.fr", "l***@l***.net"],
            "contact": [
                "06 •• •• •• 78",
                "06 •• •• •• 32",
                "07 •• •• •• 44",
                "06 •• •• •• 78",
                np.nan,
            ],
            "ville": ["Lyon", "Bron", "Lyon", "Vienne", "Lyon"],
        }
    )
    assert_frame_equal(out.astype(object), expected.astype(object))
    assert_frame_equal(people, before)  # input untouched


def test_mask_identifiers_no_identifier_is_a_copy():
    df = pd.DataFrame({"ville": ["Lyon"], "n": [3]})
    out = mask_identifiers(df)
    assert_frame_equal(out, df)
    assert out is not df


def test_mask_identifiers_no_raw_identifier_left(people):
    shown = mask_identifiers(people).to_string()
    for column in ["Nom", "Courriel", "contact", "n_secu", "Adresse"]:
        for value in people[column].dropna():
            if value:
                assert str(value) not in shown, value


def test_mask_identifiers_bad_input(people):
    with pytest.raises(TypeError, match="identifiers"):
        mask_identifiers(people, identifiers=["Nom"])
    with pytest.raises(SizeUpError, match="« inconnue » n’existe pas"):
        mask_identifiers(people, identifiers={"inconnue": "nom"})


# --------------------------------------------------------------------------------------
# pseudonyms and key
# --------------------------------------------------------------------------------------
KEY_A = b"a" * 32
KEY_B = b"b" * 32


def test_pseudonymise_is_keyed_hmac():
    df = pd.DataFrame({"email": ["a@b.fr", "A@B.fr ", None, "c@d.fr"]})
    out = pseudonymise(df, "email", KEY_A)
    expected_first = "P-" + hmac.new(KEY_A, b"a@b.fr", hashlib.sha256).hexdigest()[:12]
    assert out["email"].iloc[0] == expected_first
    assert out["email"].iloc[1] == expected_first  # normalised: case and spaces
    assert pd.isna(out["email"].iloc[2])
    assert out["email"].iloc[3] != expected_first
    assert df["email"].iloc[0] == "a@b.fr"  # input untouched


def test_pseudonyms_stable_for_key_and_different_across_keys():
    df = pd.DataFrame({"nom": [f"Personne {i}" for i in range(200)]})
    first = pseudonymise(df, ["nom"], KEY_A)
    again = pseudonymise(df.iloc[::-1].reset_index(drop=True), ["nom"], KEY_A)
    other = pseudonymise(df, ["nom"], KEY_B)
    assert first["nom"].tolist() == again["nom"].tolist()[::-1]
    assert (first["nom"] != other["nom"]).all()
    assert first["nom"].nunique() == 200
    assert first["nom"].str.fullmatch(r"P-[0-9a-f]{12}").all()


def test_pseudonymise_options():
    df = pd.DataFrame({"x": ["Éva", "eva"]})
    strict = pseudonymise(df, "x", KEY_A, normalise=False, prefix="ID", length=20)
    assert strict["x"].iloc[0] != strict["x"].iloc[1]
    assert strict["x"].str.fullmatch(r"ID[0-9a-f]{20}").all()
    loose = pseudonymise(df, "x", KEY_A)
    assert loose["x"].iloc[0] == loose["x"].iloc[1]


def test_pseudonymise_bad_input():
    df = pd.DataFrame({"x": ["a"]})
    with pytest.raises(SizeUpError, match="« y » n’existe pas"):
        pseudonymise(df, ["y"], KEY_A)
    with pytest.raises(TypeError, match="load_or_create_key"):
        pseudonymise(df, "x", "secret")
    with pytest.raises(ValueError, match="trop courte"):
        pseudonymise(df, "x", b"short")
    with pytest.raises(ValueError, match="entre 8 et 64"):
        pseudonymise(df, "x", KEY_A, length=4)
    with pytest.raises(TypeError, match="DataFrame"):
        pseudonymise(df["x"], "x", KEY_A)


@pytest.fixture
def ws(tmp_path):
    return create_workspace(tmp_path / "espace", "Structure test")


def test_key_created_once_0600_never_shown(ws):
    key = load_or_create_key(ws)
    path = ws.key_path
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secret_hex = path.read_text().strip()
    assert len(secret_hex) == 64
    assert secret_hex not in repr(key) and secret_hex not in str(key)
    assert repr(key) == "PseudonymKey(••••)"
    assert load_or_create_key(ws) == key  # created once, then read
    with pytest.raises(TypeError, match="ne peut pas être enregistrée"):
        pickle.dumps(key)


def test_key_permissions_repaired_and_damage_reported(ws):
    load_or_create_key(ws)
    os.chmod(ws.key_path, 0o644)
    load_or_create_key(ws)
    assert stat.S_IMODE(ws.key_path.stat().st_mode) == 0o600
    ws.key_path.write_text("abîmé")
    with pytest.raises(PrivacyError, match="abîmé"):
        load_or_create_key(ws)


def test_key_lives_beside_the_raw_files_never_under_the_outputs(ws, tmp_path):
    assert ws.key_path == ws.root / ".cle-pseudonymisation"
    assert ws.key_path.parent == ws.raw_dir.parent
    for out in (ws.output_dir, tmp_path / "ailleurs"):
        other = open_workspace(ws.root, out)
        assert other.key_path == ws.key_path  # one key, whatever the output folder
        assert not other.key_path.resolve().is_relative_to(other.output_dir.resolve())
    # outputs holding the workspace itself: the key goes to the configuration folder
    inside = open_workspace(ws.root, ws.root.parent)
    assert inside.key_path == user_config_dir() / "cles" / ws.slug / ".cle-pseudonymisation"
    assert load_or_create_key(inside)
    assert not inside.key_path.resolve().is_relative_to(inside.output_dir.resolve())


def test_sample_key_in_the_user_configuration_folder(tmp_path):
    sample = open_workspace(SAMPLES_DIR / "justice-jeunesse", tmp_path / "sorties")
    expected = user_config_dir() / "cles" / "justice-jeunesse" / ".cle-pseudonymisation"
    assert sample.key_path == expected
    key = load_or_create_key(sample)
    assert expected.is_file() and not any(SAMPLES_DIR.rglob(".cle-pseudonymisation*"))
    again = open_workspace(SAMPLES_DIR / "justice-jeunesse", tmp_path / "autres-sorties")
    assert load_or_create_key(again) == key


def test_old_key_in_the_outputs_is_moved_and_kept(ws):
    old = old_key_path(ws)
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text("ab" * 32 + "\n")
    with pytest.warns(UserWarning, match="déplacée vers .*Vos pseudonymes restent les mêmes"):
        key = load_or_create_key(ws)
    assert not old.exists()
    assert ws.key_path.read_text().strip() == "ab" * 32
    assert key == PseudonymKey(bytes.fromhex("ab" * 32))  # last year's pseudonyms survive
    assert move_old_key(ws) is None  # nothing left to move
    old.write_text("ab" * 32 + "\n")  # the same key copied back: the copy is removed
    assert "supprimée" in move_old_key(ws) and not old.exists()
    old.write_text("cd" * 32 + "\n")  # another key: kept apart, never lost
    note = move_old_key(ws)
    assert "rangée à part" in note and not old.exists()
    kept = ws.key_path.with_name(".cle-pseudonymisation-ancienne")
    assert kept.read_text().strip() == "cd" * 32
    assert load_or_create_key(ws) == key
    old.write_text("abîmé")
    with pytest.raises(PrivacyError, match="abîmé"):
        move_old_key(ws)


def test_key_absent_from_outputs(ws, people):
    key = load_or_create_key(ws)
    secret_hex = ws.key_path.read_text().strip()
    table = pseudonymise(people, ["Nom", "Prénom", "Courriel"], key)
    ws.write_text(ws.step_dir("05") / "personnes.csv", table.to_csv(index=False))
    ws.write_text(ws.clean_data_dir / "personnes.csv", table.to_csv(index=False))
    key_file = ws.key_path.resolve()
    for step in ("05",):
        assert not str(key_file).startswith(str(ws.step_dir(step).resolve()))
    for path in ws.output_dir.rglob("*"):
        if path.is_file() and path.resolve() != key_file:
            text = path.read_bytes()
            assert secret_hex.encode() not in text
            assert bytes.fromhex(secret_hex) not in text
            assert b"Dupont" not in text  # the names were pseudonymised


# --------------------------------------------------------------------------------------
# age bands
# --------------------------------------------------------------------------------------
def test_age_bands_expected():
    dob = pd.Series(
        pd.to_datetime(
            [
                "2010-01-01",
                "2007-06-14",
                "2007-06-15",
                "1976-06-14",
                "1960-01-01",
                "1950-01-01",
                None,
                "2030-01-01",
            ]
        ),
        name="ddn",
    )
    out = age_bands(dob, "2025-06-14")
    labels = ["moins de 18 ans", "18 à 25 ans", "26 à 49 ans", "50 à 64 ans", "65 ans et plus"]
    expected = pd.Series(
        pd.Categorical(
            [
                "moins de 18 ans",
                "18 à 25 ans",
                "moins de 18 ans",
                "26 à 49 ans",
                "65 ans et plus",
                "65 ans et plus",
                np.nan,
                np.nan,
            ],
            categories=labels,
            ordered=True,
        ),
        name="ddn",
    )
    assert_series_equal(out, expected)


def test_age_bands_text_and_custom_bands():
    dob = pd.Series(["05/03/1985", "2000-01-01", "pas une date"])
    out = age_bands(
        dob, pd.Timestamp("2025-01-01"), bands=(16, 26, 50), labels=["jeune", "adulte", "senior"]
    )
    assert out.tolist() == ["adulte", "jeune", np.nan]


def test_age_bands_bad_input():
    s = pd.Series(pd.to_datetime(["2000-01-01"]))
    with pytest.raises(TypeError, match="Series"):
        age_bands(["2000-01-01"], "2025-01-01")
    with pytest.raises(ValueError, match="suite croissante"):
        age_bands(s, "2025-01-01", bands=(30, 20))
    with pytest.raises(ValueError, match="autant d'étiquettes"):
        age_bands(s, "2025-01-01", bands=(0, 18), labels=["a"])
    with pytest.raises(ValueError, match="n'est pas une date"):
        age_bands(s, "demain")


# --------------------------------------------------------------------------------------
# sensitive data
# --------------------------------------------------------------------------------------
def test_detect_sensitive_expected():
    df = pd.DataFrame(
        {
            "RQTH": ["oui", "non"],
            "Bénéficiaire RSA": ["x", ""],
            "condamnation": ["non", "non"],
            "freins": ["santé, logement", "mobilité"],
            "ville": ["Lyon", "Bron"],
            "commentaire": ["RAS", "suivi AAH en cours"],
        }
    )
    found = detect_sensitive(df)[["colonne", "categorie", "detecte_par"]]
    expected = pd.DataFrame(
        {
            "colonne": ["RQTH", "Bénéficiaire RSA", "condamnation", "freins", "commentaire"],
            "categorie": ["santé", "aides sociales", "justice", "santé", "santé"],
            "detecte_par": [
                "nom de colonne",
                "nom de colonne",
                "nom de colonne",
                "contenu",
                "contenu",
            ],
        }
    )
    assert_frame_equal(found, expected)


def test_check_displayable():
    ok = pd.DataFrame({"ville": ["Lyon"]})
    assert check_displayable(ok) is ok
    bad = pd.DataFrame({"ville": ["Lyon"], "RQTH": ["oui"]})
    with pytest.raises(PrivacyError, match="« RQTH » \\(santé\\).*aggregate_only"):
        check_displayable(bad)
    assert check_displayable(bad, allow=["RQTH"]) is bad


def test_aggregate_only_suppresses_small_counts():
    df = pd.DataFrame(
        {
            "rqth": ["oui"] * 30 + ["non"] * 25 + ["en cours"] * 4 + [None] * 12,
            "annee": ["2024"] * 40 + ["2025"] * 31,
        }
    )
    table = aggregate_only(df, "rqth")
    expected = pd.DataFrame(
        {"effectif (lignes)": ["< 11", "25", "s", "30", "71"]},
        index=pd.Index(["en cours", "non", "non renseigné", "oui", "Total"], name="rqth"),
    )
    assert_frame_equal(table.astype(str), expected)
    crossed = aggregate_only(df, "rqth", by="annee")
    assert crossed.loc["en cours", "2025"] in ("< 11", "s")
    assert crossed.columns.name == "annee — effectif (lignes)"
    with pytest.raises(SizeUpError, match="« inconnue » n’existe pas"):
        aggregate_only(df, "inconnue")
    with pytest.raises(SizeUpError, match="« qui » n’existe pas"):
        aggregate_only(df, "rqth", person="qui")


def test_aggregate_only_counts_people_not_rows():
    """Rows ≠ people: 8 people on 3 rows each make 24 rows, a cell of 8 people is small."""
    people = pd.DataFrame(
        {
            "p": [f"P-{i}" for i in range(8)] * 3 + [f"Q-{i}" for i in range(20)],
            "rsa": ["oui"] * 24 + ["non"] * 20,
            "annee": (["2024"] * 12 + ["2025"] * 12) + ["2024"] * 10 + ["2025"] * 10,
        }
    )
    by_rows = aggregate_only(people, "rsa")
    assert by_rows.loc["oui", "effectif (lignes)"] == 24  # 24 rows: shown, wrongly
    by_people = aggregate_only(people, "rsa", person="p")
    assert list(by_people.columns) == ["effectif (personnes)"]
    assert by_people.loc["oui", "effectif (personnes)"] == "< 11"  # 8 people: hidden
    assert by_people.loc["Total", "effectif (personnes)"] == 28
    crossed = aggregate_only(people, "rsa", by="annee", person="p")
    assert crossed.columns.name == "annee — effectif (personnes)"
    assert crossed.loc["Total", "Total"] == 28  # distinct people, not 44 rows
    assert crossed.loc["oui", "2024"] == "< 11"  # 8 people over 12 rows
    assert aggregate_only(people, "rsa", person="p", unit="inscrits").columns[0] == "inscrits"


# --------------------------------------------------------------------------------------
# small cells
# --------------------------------------------------------------------------------------
def test_suppress_small_cells_expected():
    t = pd.DataFrame(
        {"femmes": [25, 3, 28], "hommes": [30, 14, 44], "Total": [55, 17, 72]},
        index=["A", "B", "Total"],
    )
    res = suppress_small_cells(t)
    expected = pd.DataFrame(
        {"femmes": ["s", "< 11", 28], "hommes": ["s", "s", 44], "Total": [55, 17, 72]},
        index=["A", "B", "Total"],
        dtype=object,
    )
    assert_frame_equal(res.table, expected)
    assert_frame_equal(
        res.primary,
        pd.DataFrame(
            {"femmes": [False, True, False], "hommes": [False] * 3, "Total": [False] * 3},
            index=["A", "B", "Total"],
        ),
    )
    assert res.mask.to_numpy().sum() == 4
    assert t.loc["B", "femmes"] == 3  # input untouched
    table, mask, _ = res  # unpacks as a tuple


def test_suppress_small_cells_na_marker_keeps_numbers():
    t = pd.DataFrame({"a": [20, 5, 30], "b": [30, 40, 50]}, index=["x", "y", "z"])
    res = suppress_small_cells(t, marker=None)
    # y/a is small; y/b hides with it (row), x/a (column a), then x/b (column b)
    expected = pd.DataFrame(
        {
            "a": pd.array([pd.NA, pd.NA, 30], dtype="Int64"),
            "b": pd.array([pd.NA, pd.NA, 50], dtype="Int64"),
        },
        index=["x", "y", "z"],
    )
    assert_frame_equal(res.table, expected)


def test_suppress_small_cells_zero_is_not_small_by_default():
    t = pd.DataFrame({"a": [0, 20], "b": [15, 40]})
    assert not suppress_small_cells(t).mask.to_numpy().any()
    assert suppress_small_cells(t, suppress_zeros=True).primary.iloc[0, 0]


def test_suppress_percentages_with_counts_and_denominators():
    counts = pd.DataFrame({"oui": [40, 4], "non": [60, 16]}, index=["A", "B"])
    pct = counts.div(counts.sum(axis=1), axis=0).mul(100).round(1)
    res = suppress_small_cells(pct, counts=counts)
    assert res.table.loc["B", "oui"] == "< 11"
    assert res.table.loc["A", "oui"] == "s"  # column partner
    den = pd.Series({"A": 100, "B": 8})
    by_den = suppress_small_cells(pct, denominators=den)
    assert by_den.primary.loc["B"].all() and not by_den.primary.loc["A"].any()


def test_suppress_small_cells_bad_input():
    t = pd.DataFrame({"label": ["a", "b"], "n": [1, 2]})
    with pytest.raises(TypeError, match="« label » n'est pas numérique"):
        suppress_small_cells(t)
    num = pd.DataFrame({"n": [1, 2]})
    with pytest.raises(ValueError, match="entier positif"):
        suppress_small_cells(num, threshold=0)
    with pytest.raises(ValueError, match="même forme"):
        suppress_small_cells(num, counts=pd.DataFrame({"n": [1]}))
    with pytest.raises(TypeError, match="denominators"):
        suppress_small_cells(num, denominators=[1, 2])
    with pytest.raises(TypeError, match="DataFrame"):
        suppress_small_cells([[1, 2]])


def recovered_cells(mask: np.ndarray) -> set[tuple[int, int]]:
    """Cells an attacker recovers by subtraction from row and column totals.

    Every row and every column (margins included) is an additive relation whose total is
    known: a line with exactly one unknown cell reveals it; recovering it may reveal
    another one, so this is repeated until nothing changes.
    """
    unknown = mask.copy()
    found: set[tuple[int, int]] = set()
    changed = True
    while changed:
        changed = False
        for i in range(unknown.shape[0]):
            cols = np.flatnonzero(unknown[i])
            if len(cols) == 1 and unknown.shape[1] > 1:
                unknown[i, cols[0]] = False
                found.add((i, int(cols[0])))
                changed = True
        for j in range(unknown.shape[1]):
            rows = np.flatnonzero(unknown[:, j])
            if len(rows) == 1 and unknown.shape[0] > 1:
                unknown[rows[0], j] = False
                found.add((int(rows[0]), j))
                changed = True
    return found


def test_checker_catches_an_unprotected_cell():
    mask = np.zeros((3, 3), dtype=bool)
    mask[0, 0] = True
    assert recovered_cells(mask) == {(0, 0)}


@pytest.mark.parametrize("margins", [True, False])
def test_suppress_small_cells_property_random_tables(margins):
    rng = np.random.default_rng(20250314)
    for _ in range(150):
        n_rows, n_cols = rng.integers(1, 7), rng.integers(1, 7)
        inner = rng.choice(
            [0, 1, 2, 5, 9, 10, 11, 12, 30, 80],
            size=(n_rows, n_cols),
            p=[0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.1, 0.1, 0.15, 0.15],
        )
        table = pd.DataFrame(
            inner, columns=[f"c{j}" for j in range(n_cols)], index=[f"r{i}" for i in range(n_rows)]
        )
        if margins:
            table["Total"] = table.sum(axis=1)
            table.loc["Total"] = table.sum(axis=0)
        res = suppress_small_cells(table)
        mask = res.mask.to_numpy()
        values = table.to_numpy()
        # every small non-zero cell is hidden, and only hidden cells show a marker
        assert np.all(mask[(values > 0) & (values < 11)])
        assert np.all(res.primary.to_numpy() <= mask)
        shown = res.table.to_numpy()
        assert np.all(np.isin(shown[mask], ["< 11", "s"]))
        assert np.all(shown[~mask] == values[~mask])
        # no hidden cell is recoverable from the row and column totals
        assert recovered_cells(mask) == set(), table


# ---- safe_preview: the one preview of the package ------------------------------------
def test_safe_preview_hides_free_text_sensitive_data_and_stray_identifiers():
    raw = pd.DataFrame(
        {
            "Nom": ["Dupont", "Martin", "Bernard"],
            "Courriel": ["jean.dupont@gmail.com", "lea.martin@free.fr", None],
            "RQTH": ["oui", "non", "oui"],
            "ville": ["Lyon", "contact : paul@exemple.fr", "Bron"],
            "code": ["A1", "06 12 34 56 78", "B2"],
            "observations": [
                "Rappeler après 18 h, très motivée pour la formation cariste",
                "A trouvé un CDD de six mois chez un transporteur de Lyon",
                "Souhaite un accompagnement vers le permis poids lourd",
            ],
            "tel 06 98 76 54 32": ["1", "2", "3"],
        }
    )
    shown = privacy.safe_preview(raw, rows=2)
    assert len(shown) == 2
    assert shown["Nom"].tolist() == ["D.", "M."]
    assert shown["Courriel"].tolist() == ["j***@g***.com", "l***@f***.fr"]
    assert (shown["RQTH"] == "(donnée sensible)").all()
    assert (shown["observations"] == "(texte libre)").all()
    assert shown["ville"].tolist() == ["Lyon", "contact : (masqué)"]
    assert shown["code"].tolist() == ["A1", "(masqué)"]
    assert "tel (masqué)" in shown.columns
    text = shown.to_string()
    for leak in ("dupont", "paul@", "06 12", "98 76", "motivée", "Martin"):
        assert leak not in text
    assert_frame_equal(raw, raw.copy())  # the input is not changed


def test_safe_preview_of_a_cleaned_table_hides_its_flagged_columns():
    data = pd.DataFrame(
        {"personne_id": ["P-1", "P-2"], "orienteur": ["SPIP", "CCAS"], "ville": ["Lyon", "Bron"]}
    )
    table = type("Table", (), {"data": data, "sensitive": ["orienteur"]})()
    shown = privacy.safe_preview(table)
    assert shown["orienteur"].tolist() == ["(donnée sensible)"] * 2
    assert shown["ville"].tolist() == ["Lyon", "Bron"]
    assert privacy.safe_preview(data, rows=0).empty


def test_safe_preview_bad_input():
    with pytest.raises(TypeError, match="`safe_preview` attend un tableau pandas"):
        privacy.safe_preview([1, 2])
    with pytest.raises(ValueError, match="`rows` doit être un nombre entier positif"):
        privacy.safe_preview(pd.DataFrame({"a": [1]}), rows=-1)
    with pytest.raises(ValueError, match="`rows`"):
        privacy.safe_preview(pd.DataFrame({"a": [1]}), rows=True)


def test_text_helpers_shared_with_other_modules():
    assert (
        privacy.mask_in_text("écrire à a.b@c.fr ou au 0612345678")
        == "écrire à (masqué) ou au (masqué)"
    )
    assert privacy.looks_like_free_text(["x" * 26] * 3)
    assert not privacy.looks_like_free_text(["x" * 25] * 3)
    assert not privacy.looks_like_free_text([])
    mapped = privacy.map_unique(pd.Series(["a", None, "a"], index=[5, 6, 7], name="n"), str.upper)
    assert mapped.index.tolist() == [5, 6, 7] and mapped.name == "n"
    assert privacy.normalise_for_pseudonym(" DUPONT  Jean ") == privacy.normalise_for_pseudonym(
        "dupont jean"
    )
    assert "lea" in privacy.FIRST_NAMES


# --------------------------------------------------------------------------------------
# the scan of a run's outputs: every format the chain writes
# --------------------------------------------------------------------------------------
PHONE = "06 12 34 56 78"
EMAIL = "jeanne.martin@orange.fr"
NIR_VALID = "1 85 05 78 006 084 91"


def png_bytes(chunks: list[tuple[bytes, bytes]] = ()) -> bytes:
    """A 1×1 PNG with the given extra chunks (kind, body) before its pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    extra = b"".join(chunk(k, b) for k, b in chunks)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + extra
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def scan(folder) -> list[tuple[str, str]]:
    from sizeup_helpers.privacy import scan_for_identifiers

    return [(r["fichier"], r["type"]) for r in scan_for_identifiers(folder).to_dict("records")]


def test_scan_for_identifiers_finds_and_masks_what_a_person_reads(tmp_path):
    import base64
    import json

    from sizeup_helpers.privacy import scan_for_identifiers

    (tmp_path / "rapport.md").write_text(
        f"Contact : {EMAIL}, {PHONE} ou +33 7 98 76 54 32.\n"
        "Identifiant de widget 0a0612345678b, géométrie 0612345678.5 ; NIR 1 84 12 76 451 089 46",
        encoding="utf-8",
    )
    # the pixels of an image are never read as text, in a notebook or in a file
    image = png_bytes([(b"prVt", PHONE.encode())])
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "source": "",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {
                            "image/png": base64.b64encode(image).decode(),
                            "text/plain": "aucun identifiant",
                        },
                    }
                ],
            }
        ]
    }
    (tmp_path / "carnet.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (tmp_path / "image.png").write_bytes(image)
    found = scan_for_identifiers(tmp_path)
    assert sorted(found["type"]) == ["NIR", "e-mail", "téléphone", "téléphone"]
    assert set(found["fichier"]) == {"rapport.md"}
    report = found.to_string()
    assert "jeanne" not in report and "12 34 56" not in report and "451" not in report


def test_a_text_file_named_like_an_image_is_read_as_the_text_it_is(tmp_path):
    (tmp_path / "image.png").write_bytes(PHONE.encode())
    assert scan(tmp_path) == [("image.png", "téléphone")]


def _xlsx(path, **what):
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws["A1"] = what.get("cell", "rien")
    if "sheet" in what:
        ws.title = what["sheet"]
    if "comment" in what:
        ws["B2"].comment = Comment(what["comment"], "Équipe")
    if "creator" in what:
        wb.properties.creator = what["creator"]
    if "modified_by" in what:
        wb.properties.lastModifiedBy = what["modified_by"]
    wb.save(path)


@pytest.mark.parametrize(
    ("what", "part"),
    [
        ({"cell": f"rappeler au {PHONE}"}, "xl/worksheets/sheet1.xml"),
        ({"sheet": "contact 0612345678"}, "xl/workbook.xml"),
        ({"comment": f"écrire à {EMAIL}"}, "xl/comments/comment1.xml"),
        ({"creator": EMAIL}, "docProps/core.xml"),
        ({"modified_by": EMAIL}, "docProps/core.xml"),
    ],
)
def test_the_scan_reads_every_cell_sheet_name_comment_and_author_of_a_workbook(
    tmp_path, what, part
):
    _xlsx(tmp_path / "classeur.xlsx", **what)
    found = scan(tmp_path)
    assert len(found) == 1 and found[0][0] == f"classeur.xlsx › {part}", found


def test_the_scan_reads_shared_strings_and_rich_text_runs_as_a_person_reads_them(tmp_path):
    import zipfile

    shared = (
        '<?xml version="1.0"?><sst><si><t>ok</t></si>'
        "<si><r><rPr><b/></rPr><t>06 12 </t></r><r><t>34 56 78</t></r></si>"
        "<si><t>jeanne.martin&#64;orange.fr</t></si></sst>"
    )
    with zipfile.ZipFile(tmp_path / "classeur.xlsx", "w") as z:
        z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("docProps/app.xml", "<Properties><Company>0798765432</Company></Properties>")
    assert sorted(scan(tmp_path)) == [
        ("classeur.xlsx › docProps/app.xml", "téléphone"),
        ("classeur.xlsx › xl/sharedStrings.xml", "e-mail"),
        ("classeur.xlsx › xl/sharedStrings.xml", "téléphone"),
    ]


@pytest.mark.parametrize("kind", [b"tEXt", b"zTXt", b"iTXt"])
def test_the_scan_reads_the_text_chunks_of_a_png_image(tmp_path, kind):
    import zlib

    value = f"Auteur : {EMAIL}".encode()
    body = {
        b"tEXt": b"Author\x00" + value,
        b"zTXt": b"Author\x00\x00" + zlib.compress(value),
        b"iTXt": b"Author\x00\x01\x00fr\x00Auteur\x00" + zlib.compress(value),
    }[kind]
    (tmp_path / "graphique.png").write_bytes(png_bytes([(kind, body)]))
    assert scan(tmp_path) == [("graphique.png", "e-mail")]


def _figure(title: str):
    import matplotlib

    matplotlib.use("Agg")
    from sizeup_helpers.plots import new_figure

    fig = new_figure(figsize=(3, 2))
    fig.gca().set_title(title)
    return fig


def test_the_scan_reads_an_svg_text_and_metadata(tmp_path):
    from sizeup_helpers.plots import figure_bytes

    fig = _figure(f"Appeler {PHONE}")
    (tmp_path / "titre.svg").write_bytes(figure_bytes(fig, "svg"))
    fig = _figure("Rien")
    (tmp_path / "meta.svg").write_bytes(figure_bytes(fig, "svg", description=f"voir {EMAIL}"))
    assert scan(tmp_path) == [("meta.svg", "e-mail"), ("titre.svg", "téléphone")]


@pytest.mark.parametrize("fonttype", [3, 42])
def test_the_scan_reads_a_pdf_s_compressed_content_and_its_info(tmp_path, fonttype):
    import matplotlib

    fig = _figure(f"Appeler {PHONE}")
    with matplotlib.rc_context({"pdf.fonttype": fonttype, "pdf.compression": 6}):
        fig.savefig(tmp_path / "texte.pdf")
        _figure("Rien").savefig(tmp_path / "info.pdf", metadata={"Author": f"Éric {EMAIL}"})
    assert b"Appeler" not in (tmp_path / "texte.pdf").read_bytes()  # compressed
    assert scan(tmp_path) == [("info.pdf", "e-mail"), ("texte.pdf", "téléphone")]


def test_the_scan_decodes_the_images_embedded_in_an_html_report(tmp_path):
    import base64

    image = png_bytes([(b"tEXt", f"Description\x00{PHONE}".encode())])
    uri = "data:image/png;base64," + base64.b64encode(image).decode()
    (tmp_path / "rapport.html").write_text(
        f'<html><body><p>Rien</p><img alt="graphique" src="{uri}"></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "balises.html").write_text(
        "<p>Tél. 07 <b>98</b> 76 54 32, jeanne.martin&#64;orange.fr</p>", encoding="utf-8"
    )
    assert scan(tmp_path) == [
        ("balises.html", "e-mail"),
        ("balises.html", "téléphone"),
        ("rapport.html › donnée intégrée n° 1 (image/png)", "téléphone"),
    ]


def test_the_scan_reads_every_member_of_an_archive_even_a_workbook_inside(tmp_path):
    import zipfile

    _xlsx(tmp_path / "classeur.xlsx", cell=f"NIR {NIR_VALID}")
    with zipfile.ZipFile(tmp_path / "sorties.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("05-nettoyage/journal.csv", f"note\nrappeler au {PHONE}\n")
        z.write(tmp_path / "classeur.xlsx", "12-restitution/classeur.xlsx")
    (tmp_path / "classeur.xlsx").unlink()
    assert scan(tmp_path / "sorties.zip") == [
        ("sorties.zip › 05-nettoyage/journal.csv", "téléphone"),
        ("sorties.zip › 12-restitution/classeur.xlsx › xl/worksheets/sheet1.xml", "NIR"),
    ]


def test_what_the_scan_cannot_read_is_reported_not_skipped(tmp_path):
    from sizeup_helpers.privacy import UNVERIFIED, scan_for_identifiers

    (tmp_path / "donnees.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "abime.png").write_bytes(png_bytes()[:30])
    (tmp_path / "chiffre.pdf").write_bytes(b"%PDF-1.4\ntrailer << /Encrypt 3 0 R >>\n%%EOF")
    found = scan_for_identifiers(tmp_path)
    assert list(found["fichier"]) == ["abime.png", "chiffre.pdf", "donnees.bin"]
    assert set(found["type"]) == {UNVERIFIED}
    assert all(found["extrait"].str.len() > 5)


def test_an_identifier_across_the_boundary_of_two_pieces_of_a_big_file_is_found(tmp_path):
    size = privacy._CHUNK_CHARS
    lines = "ticket;montant\n" + "104211;39,69\n" * (3 * size // 13)
    at = size - 6  # the phone number starts in the first piece and ends in the second
    text = lines[:at] + f" {PHONE} " + lines[at:] + f"\n{EMAIL}\n"
    (tmp_path / "caisse.csv").write_text(text, encoding="utf-8")
    assert scan(tmp_path) == [("caisse.csv", "e-mail"), ("caisse.csv", "téléphone")]
    assert privacy.find_in_text(text) == [("email", EMAIL), ("telephone", PHONE)]


IDENTIFIERS = [
    PHONE,
    "+33 (0)6 12 34 56 78",
    "0033 6 12 34 56 78",
    "06\u202f12\u202f34\u202f56\u202f78",
    NIR_VALID,
    "2 69 05 2A 006 084 05",
    "a.b@c.fr",
]
PIECES = list("0123456789") * 3 + list("  .-+()@_a.é\u00a0\n\t/:,AB") + ["x.y", "@ex.fr", "2A"]


def _reference(text: str) -> list[tuple[str, str]]:
    """find_in_text as it was written first: each pattern tried at every position."""
    return [
        (kind, m.group(0))
        for kind, pattern in privacy.TEXT_PATTERNS.items()
        for m in pattern.finditer(text)
        if kind != "nir" or nir_is_valid(m.group(0))
    ]


def test_the_fast_search_and_the_reading_by_pieces_find_exactly_what_the_patterns_find(
    monkeypatch,
):
    import random

    # small windows and digit runs on every text, so that random texts cross many of them
    monkeypatch.setattr(privacy, "_OVERLAP", 300)
    monkeypatch.setattr(privacy, "_LOOKBEHIND", 8)
    monkeypatch.setattr(privacy, "_RUNS_FROM", 0)
    rng = random.Random(13)
    found = 0
    for _ in range(1500):
        text = "".join(rng.choice(PIECES) for _ in range(rng.choice([5, 40, 400, 1200])))
        for _ in range(rng.randrange(4)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(IDENTIFIERS) + text[at:]
        expected = _reference(text)
        found += len(expected)
        assert privacy.find_in_text(text) == expected, text
        for size in (1, 7, 64):
            pieces = [text[i : i + size] for i in range(0, len(text), size)]
            assert privacy._find_in_chunks(pieces) == expected, (size, text)
    assert found > 1000  # the texts held identifiers of every kind, not only noise


def test_the_package_s_own_figures_carry_no_author_date_or_path(tmp_path):
    from sizeup_helpers.plots import figure_bytes

    fig = _figure("Rien")
    png = figure_bytes(fig, "png", title="Titre", description="Texte")
    texts = list(privacy.readable_texts(_write(tmp_path / "f.png", png)))
    keywords = {line.split(" : ")[0] for line in "".join(texts[0].chunks).splitlines()}
    assert keywords == {"Software", "Title", "Description"}
    svg = figure_bytes(fig, "svg").decode()
    assert "<dc:date>" not in svg and str(Path.home()) not in svg


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------------------
# quasi-identifiers
# --------------------------------------------------------------------------------------
def test_coarsen_timestamps_day_month_or_unchanged():
    stamps = pd.Series(pd.to_datetime(["2024-12-30 08:51:06", "2025-02-14 23:59:59", None]))
    day = privacy.coarsen_timestamps(stamps)
    assert day.dt.strftime("%Y-%m-%d %H:%M:%S").tolist()[:2] == [
        "2024-12-30 00:00:00",
        "2025-02-14 00:00:00",
    ]
    month = privacy.coarsen_timestamps(stamps, "mois")
    assert month.dt.strftime("%Y-%m-%d").tolist()[:2] == ["2024-12-01", "2025-02-01"]
    assert month.isna().tolist() == [False, False, True]
    assert_series_equal(privacy.coarsen_timestamps(stamps, "complet"), stamps)
    with pytest.raises(ValueError, match="`precision` doit valoir 'jour', 'mois', 'complet'"):
        privacy.coarsen_timestamps(stamps, "heure")
    with pytest.raises(TypeError, match="colonne de dates"):
        privacy.coarsen_timestamps(pd.Series(["2024-12-30"]))


def test_postcodes_to_departement():
    codes = pd.Series(["67100", " 01000 ", "20090", "20200", "97110", "97600", "75 001", "?", None])
    assert privacy.postcode_departement(codes).tolist()[:7] == [
        "67",
        "01",
        "2A",
        "2B",
        "971",
        "976",
        "75",
    ]
    assert privacy.postcode_departement(codes).isna().tolist()[7:] == [True, True]
    assert privacy.is_postcode_column("Code postal", codes[:7])
    assert privacy.is_postcode_column("CP")
    assert not privacy.is_postcode_column("code_postal", pd.Series(["Lyon", "Paris"]))
    assert not privacy.is_postcode_column("ville", codes)
