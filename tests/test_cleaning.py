"""Tests of sizeup_helpers.cleaning: the verbs, clean_table, its journal and the replay."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import yaml
from pandas.testing import assert_frame_equal, assert_series_equal

from sizeup_helpers import cleaning
from sizeup_helpers.cleaning import (
    JOURNAL_COLUMNS,
    REGISTER_RULES,
    CleaningError,
    Journal,
    apply_category_mapping,
    attendance_to_long,
    clean_column_names,
    clean_table,
    drop_total_rows,
    find_duplicate_people,
    guess_column_kind,
    harmonise_categories,
    link_to_register,
    load_rules,
    merge_duplicate_people,
    parse_booleans,
    parse_dates,
    parse_likert,
    parse_numbers,
    replay_cleaning,
)
from sizeup_helpers.errors import SizeUpError
from sizeup_helpers.workspace import create_workspace

from .conftest import REAL_WORLD, needs_real_world

PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


def text(values: list) -> pd.Series:
    """Text as pandas stores it by default: ``str`` (pandas 3) or object (pandas 2)."""
    series = pd.Series([np.nan if v is None else v for v in values], dtype=object)
    return series.astype("str") if PANDAS_3 else series


def nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype(object)
    return out.where(out.notna(), None)


def dates(values: list) -> pd.Series:
    return pd.Series([pd.Timestamp(v) if v else pd.NaT for v in values], dtype="datetime64[us]")


# --------------------------------------------------------------------------------------
# shared bad-input paths
# --------------------------------------------------------------------------------------
VERBS_WITH_COLUMNS = [parse_dates, parse_numbers, parse_booleans, parse_likert]


@pytest.mark.parametrize("verb", VERBS_WITH_COLUMNS)
def test_verbs_unknown_column_named_in_french(verb):
    df = pd.DataFrame({"a": ["1"]})
    with pytest.raises(CleaningError, match="la colonne « b » n’existe pas.*« a »"):
        verb(df, "b")
    with pytest.raises(SizeUpError, match="les colonnes « b », « c » n’existent pas"):
        verb(df, ["b", "c"])


@pytest.mark.parametrize("verb", VERBS_WITH_COLUMNS)
def test_verbs_refuse_non_frames(verb):
    with pytest.raises(TypeError, match="attend un tableau pandas"):
        verb(["1"], "a")


@pytest.mark.parametrize("verb", VERBS_WITH_COLUMNS)
def test_verbs_refuse_duplicated_names(verb):
    df = pd.DataFrame([["1", "2"]], columns=["a", "a"])
    with pytest.raises(CleaningError, match="« a » est en double.*clean_column_names"):
        verb(df, "a")


@pytest.mark.parametrize("verb", VERBS_WITH_COLUMNS)
def test_verbs_do_not_mutate(verb):
    df = pd.DataFrame({"a": ["1", "Oui", "05/03/2019"]})
    before = df.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # values of other kinds, reported
        out = verb(df, "a")
    assert out is not df
    assert_frame_equal(df, before)


# --------------------------------------------------------------------------------------
# clean_column_names
# --------------------------------------------------------------------------------------
def test_clean_column_names_expected():
    df = pd.DataFrame(
        [[1] * 8],
        columns=[
            "Date d'entrée",
            "Montant (€)",
            "N° adhérent",
            "Nom",
            "NOM ",
            "",
            "% réussite",
            "2024 total",
        ],
    )
    journal = Journal()
    out = clean_column_names(df, journal=journal)
    expected = pd.DataFrame(
        [[1] * 8],
        columns=[
            "date_d_entree",
            "montant_eur",
            "num_adherent",
            "nom",
            "nom_2",
            "colonne_6",
            "pct_reussite",
            "c_2024_total",
        ],
    )
    assert_frame_equal(out, expected)
    assert list(df.columns)[0] == "Date d'entrée"
    assert journal.to_frame()["verbe"].tolist() == ["clean_column_names"]


def test_clean_column_names_bad_input():
    with pytest.raises(TypeError, match="clean_column_names"):
        clean_column_names("not a frame")


# --------------------------------------------------------------------------------------
# parse_dates
# --------------------------------------------------------------------------------------
def test_parse_dates_mixed_french_formats():
    df = pd.DataFrame(
        {
            "d": [
                "05/03/2019",
                "5-3-19",
                "5.3.2019",
                "2019-03-05",
                "05/03/2019 09:14",
                "2019-03-05T09:14:30",
                "43529",
                "43529.5",
                "janv.-2020",
                "janvier 2020",
                "5 mars 2019",
                "mardi 5 mars 2019",
                "01/2020",
                "févr.-20",
                "",
                None,
                "NC",
            ],
            "other": list("abcdefghijklmnopq"),
        }
    )
    out = parse_dates(df, "d")
    expected = pd.DataFrame(
        {
            "d": dates(
                [
                    "2019-03-05",
                    "2019-03-05",
                    "2019-03-05",
                    "2019-03-05",
                    "2019-03-05 09:14",
                    "2019-03-05 09:14:30",
                    "2019-03-05",
                    "2019-03-05 12:00",
                    "2020-01-01",
                    "2020-01-01",
                    "2019-03-05",
                    "2019-03-05",
                    "2020-01-01",
                    "2020-02-01",
                    None,
                    None,
                    None,
                ]
            ),
            "other": df["other"],
        }
    )
    assert_frame_equal(out, expected)


def test_parse_dates_unparseable_reported():
    df = pd.DataFrame({"d": ["05/03/2019", "31/02/2019", "bientôt", "bientôt", ""]})
    journal = Journal()
    out = parse_dates(df, "d", journal=journal)
    assert_series_equal(out["d"], dates(["2019-03-05", None, None, None, None]), check_names=False)
    row = journal.to_frame().iloc[0]
    assert row["verbe"] == "parse_dates" and row["colonne"] == "d"
    assert row["lignes_touchees"] == 1 and row["non_reconnues"] == 3
    assert "« bientôt »" in row["detail"] and "« 31/02/2019 »" in row["detail"]
    assert row["exemples"] == "« 05/03/2019 » → 2019-03-05"


def test_parse_dates_dayfirst_and_unambiguous_swap():
    df = pd.DataFrame({"d": ["03/05/2019", "03/25/2019"]})
    assert parse_dates(df, "d")["d"].tolist() == [
        pd.Timestamp("2019-05-03"),
        pd.Timestamp("2019-03-25"),
    ]
    assert parse_dates(df, "d", dayfirst=False)["d"].iloc[0] == pd.Timestamp("2019-03-05")


def test_parse_dates_two_digit_years_and_serial_switch():
    df = pd.DataFrame({"d": ["01/01/05", "01/01/85", "43529"]})
    with pytest.warns(
        UserWarning, match="1 valeur non reconnue dans la colonne « d », laissée vide.*43529"
    ):
        out = parse_dates(df, "d", excel_serials=False)
    assert out["d"].iloc[0] == pd.Timestamp("2005-01-01")
    assert out["d"].iloc[1] == pd.Timestamp("1985-01-01")
    assert pd.isna(out["d"].iloc[2])


def test_unparsed_values_warn_without_journal_and_mask_identifiers():
    df = pd.DataFrame({"date_naissance": ["05/03/1985", "le 3 du mois"]})
    with pytest.warns(UserWarning, match="colonne « date_naissance ».*journal=Journal"):
        parse_dates(df, "date_naissance")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parse_dates(df, "date_naissance", journal=Journal())  # reported there instead


def test_parse_dates_birth_dates_masked_in_journal():
    df = pd.DataFrame({"date_naissance": ["05/03/1985", "12/12/1990"]})
    journal = Journal()
    parse_dates(df, "date_naissance", journal=journal)
    text = journal.to_markdown() + journal.to_text()
    assert "05/03/1985" not in text and "1985-03-05" not in text
    assert "••/••/1985" in text


# --------------------------------------------------------------------------------------
# parse_numbers
# --------------------------------------------------------------------------------------
def test_parse_numbers_french_forms():
    df = pd.DataFrame(
        {
            "x": [
                "1\u202f234,5",
                "1\u00a0234,5",
                "1 234,5",
                "1.234,50",
                "12 €",
                "5 km",
                "45 %",
                "-3,5",
                "\u22123,5",
                "(3,5)",
                "3,5-",
                "0,5",
                "",
                "abc",
                "12 pommes 3",
            ]
        }
    )
    journal = Journal()
    out = parse_numbers(df, "x", journal=journal)
    expected = pd.DataFrame(
        {
            "x": [
                1234.5,
                1234.5,
                1234.5,
                1234.5,
                12.0,
                5.0,
                45.0,
                -3.5,
                -3.5,
                -3.5,
                -3.5,
                0.5,
                np.nan,
                np.nan,
                np.nan,
            ]
        }
    )
    assert_frame_equal(out, expected)
    row = journal.to_frame().iloc[0]
    assert row["non_reconnues"] == 2
    assert "unités retirées : €, km, %" in row["detail"]
    assert "virgule décimale" in row["detail"]


def test_parse_numbers_integers_and_dot_decimals():
    df = pd.DataFrame(
        {"n": ["1", "2 000", ""], "p": ["12.5", "3.25", "1,234.5"], "t": ["1.234", "12.500", "3"]}
    )
    out = parse_numbers(df, ["n", "p", "t"])
    expected = pd.DataFrame(
        {
            "n": pd.array([1, 2000, pd.NA], dtype="Int64"),
            "p": [12.5, 3.25, 1234.5],
            "t": pd.array([1234, 12500, 3], dtype="Int64"),
        }
    )
    assert_frame_equal(out, expected)
    floats = parse_numbers(df, "n", integers=False)
    assert floats["n"].dtype == "float64"
    forced = parse_numbers(df, "t", decimal=".")
    assert forced["t"].tolist() == [1.234, 12.5, 3.0]


def test_parse_numbers_bad_option():
    with pytest.raises(ValueError, match="`decimal` doit être l'une de"):
        parse_numbers(pd.DataFrame({"x": ["1"]}), "x", decimal=";")


# --------------------------------------------------------------------------------------
# parse_booleans
# --------------------------------------------------------------------------------------
def test_parse_booleans_all_forms():
    df = pd.DataFrame(
        {
            "a": [
                "Oui",
                "non",
                "NSP",
                "O",
                "N",
                "Vrai",
                "Faux",
                "1",
                "0",
                "",
                "peut-être",
                "ne sait pas",
            ],
            "b": ["X", "", "x", None, "✓", "", "X", "", "", "x", "", ""],
        }
    )
    journal = Journal()
    out = parse_booleans(df, ["a", "b"], journal=journal)
    expected = pd.DataFrame(
        {
            "a": pd.array(
                [True, False, None, True, False, True, False, True, False, None, None, None],
                dtype="boolean",
            ),
            "b": pd.array(
                [True, False, True, False, True, False, True, False, False, True, False, False],
                dtype="boolean",
            ),
        }
    )
    assert_frame_equal(out, expected)
    frame = journal.to_frame()
    a = frame.iloc[0]
    assert a["non_reconnues"] == 1 and "« peut-être »" in a["detail"]
    assert "2 « ne sait pas »" in a["detail"]
    assert "Cases vides lues comme « non »" in frame.iloc[1]["detail"]


def test_parse_booleans_options():
    df = pd.DataFrame({"b": ["X", ""], "c": ["oké", "bof"]})
    assert parse_booleans(df, "b", blank="missing")["b"].tolist() == [True, pd.NA]
    out = parse_booleans(df, "c", true_values=["oké"], false_values=["bof"])
    assert out["c"].tolist() == [True, False]
    with pytest.raises(ValueError, match="`blank` doit être l'une de"):
        parse_booleans(df, "b", blank="vide")


# --------------------------------------------------------------------------------------
# parse_likert
# --------------------------------------------------------------------------------------
def test_parse_likert_text_numbers_mixed():
    df = pd.DataFrame(
        {
            "q": [
                "Tout à fait d’accord",
                "PLUTOT D'ACCORD",
                "2",
                "4 - Plutôt d'accord",
                "Ni d'accord ni pas d'accord",
                "",
                "9",
            ]
        }
    )
    journal = Journal()
    out = parse_likert(df, "q", journal=journal)
    labels = cleaning.LIKERT_SCALES["accord"]
    expected = pd.DataFrame(
        {
            "q": pd.Categorical(
                [labels[4], labels[3], labels[1], labels[3], labels[2], np.nan, np.nan],
                categories=labels,
                ordered=True,
            )
        }
    )
    assert_frame_equal(out, expected)
    assert journal.to_frame().iloc[0]["non_reconnues"] == 1


def test_parse_likert_scales():
    freq = parse_likert(pd.DataFrame({"f": ["Jamais", "souvent", "Parfois"]}), "f")
    assert freq["f"].cat.categories.tolist() == cleaning.LIKERT_SCALES["frequence"]
    numbers = parse_likert(pd.DataFrame({"n": ["1", "3", "5", "3"]}), "n")
    assert numbers["n"].cat.categories.tolist() == [1, 2, 3, 4, 5]
    assert numbers["n"].tolist() == [1, 3, 5, 3]
    with pytest.warns(UserWarning, match="« Plutôt d'accord »"):
        seven = parse_likert(
            pd.DataFrame({"n": ["1", "7", "Plutôt d'accord"]}), "n", scale="numerique"
        )
    assert seven["n"].tolist()[:2] == [1, 7] and pd.isna(seven["n"].iloc[2])
    custom = parse_likert(
        pd.DataFrame({"c": ["bas", "HAUT", "2"]}), "c", scale=["bas", "moyen", "haut"]
    )
    assert custom["c"].tolist() == ["bas", "haut", "moyen"]
    assert custom["c"].cat.ordered


def test_parse_likert_bad_scale():
    df = pd.DataFrame({"q": ["1"]})
    with pytest.raises(ValueError, match="`scale` doit être l'une de"):
        parse_likert(df, "q", scale="inconnue")
    with pytest.raises(TypeError, match="au moins deux libellés"):
        parse_likert(df, "q", scale=["seul"])


# --------------------------------------------------------------------------------------
# categories
# --------------------------------------------------------------------------------------
def test_harmonise_categories_expected_table():
    values = ["Lyon"] * 5 + [
        "LYON ",
        "lyon",
        "Lyonn",
        "Lyn",
        "Saint-Étienne",
        "saint etienne",
        "Atelier 1",
        "Atelier 2",
        "Atelier 2",
    ]
    table = harmonise_categories(pd.DataFrame({"v": values}), "v")
    expected = pd.DataFrame(
        {
            "valeur": [
                "Atelier 1",
                "Atelier 2",
                "Lyon",
                "LYON ",
                "Lyn",
                "Lyonn",
                "lyon",
                "Saint-Étienne",
                "saint etienne",
            ],
            "proposition": [
                "Atelier 1",
                "Atelier 2",
                "Lyon",
                "Lyon",
                "Lyon",
                "Lyon",
                "Lyon",
                "Saint-Étienne",
                "Saint-Étienne",
            ],
            "effectif": [1, 2, 5, 1, 1, 1, 1, 1, 1],
            "score": [100.0, 100.0, 100.0, 100.0, 86.0, 89.0, 100.0, 100.0, 100.0],
            "motif": [
                "identique",
                "identique",
                "identique",
                "casse, accents ou espaces",
                "faute de frappe probable",
                "faute de frappe probable",
                "casse, accents ou espaces",
                "identique",
                "casse, accents ou espaces",
            ],
            "a_verifier": [False, False, False, False, True, True, False, False, False],
        }
    )
    assert_frame_equal(table, expected)


def test_harmonise_categories_never_merges_different_words():
    values = (
        ["satisfait"] * 20
        + ["insatisfait"] * 3
        + ["Bron"] * 10
        + ["Brou"] * 4
        + ["Numérique pour l'emploi"] * 9
        + ["Numériqeu pour l'emploi"]
        + ["Lyon"] * 10
        + ["Lyno"]
        + ["A1"] * 9
        + ["A"]
    )
    table = harmonise_categories(pd.DataFrame({"v": values}), "v", as_dict=True)
    assert table["insatisfait"] == "insatisfait"
    assert table["Brou"] == "Brou"  # not rare enough to be a typo of Bron
    assert table["Numériqeu pour l'emploi"] == "Numérique pour l'emploi"  # swapped letters
    assert table["Lyno"] == "Lyon"
    assert table["A"] == "A"


def test_harmonise_categories_with_reference():
    df = pd.DataFrame(
        {"sortie": ["Emploi durable", "emploi  durable", "Emploi de transiton", "Déménagement"]}
    )
    table = harmonise_categories(df, "sortie", reference=["Emploi durable", "Emploi de transition"])
    mapping = dict(zip(table["valeur"], table["proposition"], strict=True))
    assert mapping["emploi  durable"] == "Emploi durable"
    assert mapping["Emploi de transiton"] == "Emploi de transition"
    assert mapping["Déménagement"] == "Déménagement"
    flagged = table.set_index("valeur")["motif"]
    assert flagged["Déménagement"] == "hors référence"
    as_dict = harmonise_categories(df, "sortie", reference=["Emploi durable"], as_dict=True)
    assert as_dict["emploi  durable"] == "Emploi durable"


def test_apply_category_mapping_dict_and_edited_table():
    df = pd.DataFrame({"v": ["lyon", "Lyon ", "Paris", "Bron", None]})
    journal = Journal()
    out = apply_category_mapping(df, "v", {"lyon": "Lyon", "Paris": "Paris"}, journal=journal)
    expected = pd.DataFrame(
        {
            "v": pd.Categorical(
                ["Lyon", "Lyon", "Paris", "Bron", np.nan], categories=["Bron", "Lyon", "Paris"]
            )
        }
    )
    assert_frame_equal(out, expected)
    assert (
        "1 valeur absente de la correspondance, gardée telle quelle."
        in journal.to_frame().iloc[0]["detail"]
    )
    table = harmonise_categories(df, "v")
    table.loc[table["valeur"] == "Bron", "proposition"] = "Lyon"  # a person's edit
    edited = apply_category_mapping(df, "v", table, as_category=False)
    assert edited["v"].tolist()[:4] == ["Lyon", "Lyon", "Paris", "Lyon"]


def test_apply_category_mapping_bad_input():
    df = pd.DataFrame({"v": ["a"]})
    with pytest.raises(CleaningError, match="il manque « proposition »"):
        apply_category_mapping(df, "v", pd.DataFrame({"valeur": ["a"]}))
    with pytest.raises(TypeError, match="dictionnaire"):
        apply_category_mapping(df, "v", [("a", "b")])
    with pytest.raises(CleaningError, match="« w » n’existe pas"):
        apply_category_mapping(df, "w", {})
    with pytest.raises(CleaningError, match="« w » n’existe pas"):
        harmonise_categories(df, "w")


# --------------------------------------------------------------------------------------
# drop_total_rows
# --------------------------------------------------------------------------------------
def test_drop_total_rows_labels_and_sums():
    df = pd.DataFrame(
        {
            "produit": [
                "Pain",
                "Lait",
                "Sous-total",
                "Oeufs",
                "Totalement bio",
                "",
                "TOTAL",
                "Total janvier",
                "Ensemble",
            ],
            "categorie": ["épicerie", "frais", "", "frais", "frais", "", "", "", ""],
            "montant": ["10", "5", "15", "7", "3", "10", "32", "32", "32"],
        }
    )
    journal = Journal()
    out = drop_total_rows(df, journal=journal)
    assert_frame_equal(out, df.iloc[[0, 1, 3, 4]])
    row = journal.to_frame().iloc[0]
    assert row["lignes_touchees"] == 5
    assert "« Sous-total » → (ligne retirée)" in row["exemples"]


def test_drop_total_rows_options_and_bad_input():
    df = pd.DataFrame({"a": ["x", "y", ""], "n": ["1", "2", "3"], "m": ["u", "v", ""]})
    assert len(drop_total_rows(df)) == 2
    assert len(drop_total_rows(df, check_sums=False)) == 3
    assert len(drop_total_rows(df, value_columns=["a"])) == 3
    with pytest.raises(CleaningError, match="« z » n’existe pas"):
        drop_total_rows(df, label_columns=["z"])
    with pytest.raises(CleaningError, match="en double"):
        drop_total_rows(pd.DataFrame([["1", "2"]], columns=["a", "a"]))


# --------------------------------------------------------------------------------------
# attendance_to_long
# --------------------------------------------------------------------------------------
def test_attendance_to_long_expected():
    wide = pd.DataFrame(
        {
            "Stagiaire": ["S1", "S2"],
            "Promo": ["A", "A"],
            "Semaine 1 / Lun 03/03 / Matin": ["P", "AJ"],
            "Semaine 1 / Lun 03/03 / Après-midi": ["R", ""],
            "Semaine 1 / Mar 04/03 / Matin": ["présent", "A"],
        }
    )
    journal = Journal()
    out = attendance_to_long(wide, id_columns=["Stagiaire", "Promo"], year=2025, journal=journal)
    expected = pd.DataFrame(
        {
            "Stagiaire": ["S1", "S1", "S1", "S2", "S2", "S2"],
            "Promo": ["A"] * 6,
            "date": dates(["2025-03-03", "2025-03-03", "2025-03-04"] * 2),
            "demi_journee": pd.Categorical(
                ["matin", "après-midi", "matin"] * 2, categories=["matin", "après-midi", "soir"]
            ),
            "statut": pd.Categorical(
                ["présent", "retard", "présent", "absence justifiée", np.nan, "absent"],
                categories=["présent", "retard", "absence justifiée", "absent"],
            ),
        }
    )
    assert_frame_equal(out, expected)
    assert journal.to_frame().iloc[0]["lignes_touchees"] == 6


def test_attendance_to_long_full_dates_unknown_codes_dropna():
    wide = pd.DataFrame(
        {"id": ["a", "b"], "03/03/2025 AM": ["P", "?!"], "2025-03-03 après-midi": ["", "E"]}
    )
    journal = Journal()
    out = attendance_to_long(wide, dropna=True, journal=journal, codes={"E": "absence justifiée"})
    assert out["statut"].tolist() == ["présent", "absence justifiée"]
    assert journal.to_frame().iloc[0]["non_reconnues"] == 1


def test_attendance_to_long_bad_input():
    wide = pd.DataFrame({"id": ["a"], "Lun 03/03 Matin": ["P"]})
    with pytest.raises(CleaningError, match="« Lun 03/03 Matin ».*year=2025"):
        attendance_to_long(wide)
    with pytest.raises(CleaningError, match="aucune colonne ne porte une date"):
        attendance_to_long(pd.DataFrame({"id": ["a"], "x": ["P"]}))
    with pytest.raises(CleaningError, match="« nom » n’existe pas"):
        attendance_to_long(wide, id_columns=["nom"], year=2025)
    with pytest.raises(ValueError, match="statut « malade » est inconnu"):
        attendance_to_long(wide, year=2025, codes={"M": "malade"})
    with pytest.raises(CleaningError, match="aucune colonne n'identifie"):
        attendance_to_long(pd.DataFrame({"03/03/2025 AM": ["P"]}))


# --------------------------------------------------------------------------------------
# duplicate people
# --------------------------------------------------------------------------------------
@pytest.fixture
def registrations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "nom": [
                "Dupont",
                "DUPONT",
                "Jean",
                "Martin",
                "Martin",
                "Bernard",
                "Bernard",
                "Lefèvre",
                "Lefevre",
                "Petit",
            ],
            "prenom": [
                "Jean",
                "Jean",
                "Dupont",
                "Léa",
                "Lea",
                "Hugo",
                "Hugo",
                "Chloé",
                "Chloe",
                "Louis",
            ],
            "email": [
                "jean.dupont@gmail.com",
                "jean.dupont@gmial.com",
                "",
                "lea.martin@free.fr",
                "lea.marti@free.fr",
                "",
                "",
                "c.lefevre@orange.fr",
                "",
                "louis@yahoo.fr",
            ],
            "date_naissance": [
                "05/03/1985",
                "1985-03-05",
                "",
                "",
                "",
                "01/01/1990",
                "02/02/1992",
                "12/12/1980",
                "12-12-80",
                "",
            ],
        },
        index=[f"r{i}" for i in range(10)],
    )


def test_find_duplicate_people_expected(registrations):
    journal = Journal()
    result = find_duplicate_people(registrations, journal=journal)
    # swapped names, e-mail typo (gmial), missing letter, accents, date formats; the two
    # Hugo Bernard born on different days stay two people
    assert result.data["personne_id"].tolist() == [0, 0, 0, 1, 1, 2, 3, 4, 4, 5]
    assert result.n_people == 6 and result.n_rows == 10
    review = result.review
    assert review.columns.tolist() == [
        "personne_id",
        "nb_lignes",
        "lignes",
        "regles",
        "score_min",
        "a_verifier",
        "exemple",
    ]
    assert review["personne_id"].tolist() == [0, 1, 4]
    assert review["lignes"].tolist() == ["r0, r1, r2", "r3, r4", "r7, r8"]
    assert "e-mail proche" in review.loc[1, "regles"]
    assert review["exemple"].tolist() == ["J. D.", "L. M.", "C. L."]
    shown = review.to_string() + journal.to_text()
    assert "Dupont" not in shown and "gmail" not in shown
    assert "10 lignes pour 6 personnes distinctes" in journal.to_text()
    assert "personne_id" not in registrations.columns  # input untouched


def test_merge_duplicate_people_expected(registrations):
    merged = merge_duplicate_people(find_duplicate_people(registrations).data)
    expected = pd.DataFrame(
        {
            "personne_id": [0, 1, 2, 3, 4, 5],
            "nom": ["Dupont", "Martin", "Bernard", "Bernard", "Lefèvre", "Petit"],
            "prenom": ["Jean", "Léa", "Hugo", "Hugo", "Chloé", "Louis"],
            "email": [
                "jean.dupont@gmail.com",
                "lea.martin@free.fr",
                np.nan,
                np.nan,
                "c.lefevre@orange.fr",
                "louis@yahoo.fr",
            ],
            "date_naissance": [
                "05/03/1985",
                np.nan,
                "01/01/1990",
                "02/02/1992",
                "12/12/1980",
                np.nan,
            ],
            "nb_lignes_fusionnees": [3, 2, 1, 1, 2, 1],
        }
    )
    assert_frame_equal(nulls_as_none(merged), nulls_as_none(expected))


def test_find_duplicate_people_bad_input(registrations):
    with pytest.raises(CleaningError, match="« mail » n’existe pas"):
        find_duplicate_people(registrations, email="mail")
    with pytest.raises(CleaningError, match="aucune colonne de nom ou d'e-mail"):
        find_duplicate_people(pd.DataFrame({"ville": ["Lyon"]}))
    with pytest.raises(CleaningError, match="« personne_id » existe déjà"):
        find_duplicate_people(registrations.assign(personne_id=1), last_name="nom")
    with pytest.raises(CleaningError, match="« personne_id » n’existe pas"):
        merge_duplicate_people(registrations)
    with pytest.raises(TypeError, match="find_duplicate_people"):
        find_duplicate_people("x")


def test_find_duplicate_people_recovers_planted_duplicates():
    """A few thousand people, 10 % registered twice with typical mistakes: found within 1 %."""
    rng = np.random.default_rng(7)
    first = np.array(
        [
            "Jean",
            "Léa",
            "Hugo",
            "Chloé",
            "Louis",
            "Emma",
            "Lucas",
            "Inès",
            "Nathalie",
            "Karim",
            "Sophie",
            "Thomas",
            "Fatou",
            "Yann",
            "Zoé",
        ]
    )
    last = np.array([f"Nom{c}{d}" for c in "ABCDEFGHJKLMNPRSTVWXYZ" for d in "aeiouy"])
    n = 3000
    people = pd.DataFrame(
        {
            "prenom": rng.choice(first, n),
            "nom": rng.choice(last, n),
            "date_naissance": pd.to_datetime(
                rng.integers(0, 15000, n), unit="D", origin="1960-01-01"
            ).strftime("%d/%m/%Y"),
        }
    )
    people["email"] = (
        people["prenom"].str.lower()
        + "."
        + people["nom"].str.lower()
        + np.arange(n).astype(str)
        + "@gmail.com"
    )
    dup = people.sample(300, random_state=1).copy()
    kinds = np.arange(300) % 4
    dup.loc[kinds == 0, "email"] = dup.loc[kinds == 0, "email"].str.replace("gmail", "gmial")
    dup.loc[kinds == 1, ["nom", "prenom"]] = dup.loc[kinds == 1, ["prenom", "nom"]].to_numpy()
    dup.loc[kinds == 1, "email"] = ""
    dup.loc[kinds == 2, "nom"] = dup.loc[kinds == 2, "nom"].str.upper()
    dup.loc[kinds == 2, "date_naissance"] = pd.to_datetime(
        dup.loc[kinds == 2, "date_naissance"], dayfirst=True
    ).dt.strftime("%Y-%m-%d")
    dup.loc[kinds == 3, "email"] = dup.loc[kinds == 3, "email"].str.replace(".", "", n=1)
    frame = pd.concat([people, dup], ignore_index=True)
    result = find_duplicate_people(
        frame, first_name="prenom", last_name="nom", email="email", birth_date="date_naissance"
    )
    assert abs(result.n_people - n) <= 0.01 * n
    truth = np.concatenate([np.arange(n), dup.index.to_numpy()])
    found = result.data["personne_id"].to_numpy()
    # same truth -> same id, for the planted pairs
    assert (found[n:] == found[dup.index.to_numpy()]).mean() >= 0.99
    assert pd.Series(found).groupby(truth).nunique().max() == 1


# --------------------------------------------------------------------------------------
# guessing, clean_table, journal
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values, name, kind",
    [
        (["05/03/2019", "2019-03-06", "43529"], "date", "date"),
        (["43529", "43530"], "montant", "number"),
        (["1 234,5", "12", "7 €"], "x", "number"),
        (["01000", "69001", "75011"], "x", "text"),
        (["12", "14"], "code_postal", "text"),
        (["Oui", "Non", "NSP", ""], "x", "boolean"),
        (["Plutôt d'accord", "Tout à fait d'accord", "2"], "x", "likert"),
        (["Lyon", "lyon", "Bron"] * 10, "x", "category"),
        ([f"commentaire libre numéro {i}" for i in range(100)], "x", "text"),
        (["", "", None], "x", "empty"),
    ],
)
def test_guess_column_kind(values, name, kind):
    assert guess_column_kind(pd.Series(values), name=name) == kind


def test_guess_column_kind_bad_input():
    with pytest.raises(TypeError, match="Series"):
        guess_column_kind(pd.DataFrame({"a": [1]}))


@pytest.fixture
def raw() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Date d'entrée": [
                "05/03/2019",
                "5-3-19",
                "43529",
                "janv.-2020",
                "",
                "bientôt",
                "TOTAL",
            ],
            "Montant (€)": ["1\u202f234,5", "12 €", "-3", "1.234,50", "", "7", "2 485"],
            "Inscrit ?": ["Oui", "non", "NSP", "O", "N", "", ""],
            "Satisfaction": ["Tout à fait d'accord", "4", "Plutôt pas d'accord", "", "5", "2", ""],
            "Ville": ["Lyon", "lyon ", "LYON", "Bron", "Bron", "Lyon", ""],
            "Courriel": ["anne.b@exemple.fr ", "c@d.fr", "e@f.fr", "g@h.fr", "", "i@j.fr", ""],
            "Code postal": ["01000", "69001", "69002", "69500", "69500", "69001", ""],
        }
    )


def test_clean_table_expected_frame(raw):
    before = raw.copy()
    res = clean_table(raw)
    accord = cleaning.LIKERT_SCALES["accord"]
    expected = pd.DataFrame(
        {
            "date_d_entree": dates(
                ["2019-03-05", "2019-03-05", "2019-03-05", "2020-01-01", None, None]
            ),
            "montant_eur": [1234.5, 12.0, -3.0, 1234.5, np.nan, 7.0],
            "inscrit": pd.array([True, False, None, True, False, None], dtype="boolean"),
            "satisfaction": pd.Categorical(
                [accord[4], accord[3], accord[1], np.nan, accord[4], accord[1]],
                categories=accord,
                ordered=True,
            ),
            "ville": pd.Categorical(
                ["Lyon", "Lyon", "Lyon", "Bron", "Bron", "Lyon"], categories=["Bron", "Lyon"]
            ),
            "courriel": text(["anne.b@exemple.fr", "c@d.fr", "e@f.fr", "g@h.fr", None, "i@j.fr"]),
            "code_postal": text(["01000", "69001", "69002", "69500", "69500", "69001"]),
        },
        index=pd.RangeIndex(6),
    )
    assert_frame_equal(res.data, expected, check_index_type=False)
    assert res.kinds == {
        "date_d_entree": "date",
        "montant_eur": "number",
        "inscrit": "boolean",
        "satisfaction": "likert",
        "ville": "category",
        "courriel": "identifier",
        "code_postal": "text",
    }
    assert_frame_equal(raw, before)
    assert res.problems == []


def test_clean_table_journal(raw):
    res = clean_table(raw)
    journal = res.journal.to_frame()
    assert tuple(journal.columns) == JOURNAL_COLUMNS
    assert journal["etape"].tolist() == list(range(1, len(journal) + 1))
    assert journal["verbe"].tolist() == [
        "clean_column_names",
        "drop_total_rows",
        "parse_dates",
        "parse_numbers",
        "parse_booleans",
        "parse_likert",
        "apply_category_mapping",
        "strip_text",
        "strip_text",
    ]
    dates_row = journal.set_index("colonne").loc["date_d_entree"]
    assert dates_row["non_reconnues"] == 1 and "« bientôt »" in dates_row["detail"]
    # identifiers never appear in the journal, whatever the rendering
    for text in (journal.to_string(), res.to_markdown(), res.to_text()):
        assert "anne.b@exemple.fr" not in text
    assert "a***@e***.fr" in res.journal.to_markdown()
    assert res.to_markdown().startswith("## Journal du nettoyage")
    assert "| Étape | Opération |" in res.to_markdown()
    assert "1 ligne de total ou de sous-total retirée." in res.to_text()


def test_clean_table_options(raw):
    res = clean_table(
        raw, clean_names=False, drop_totals=False, harmonise=False, kinds={"Code postal": "nombre"}
    )
    assert "Date d'entrée" in res.data.columns and len(res.data) == 7
    assert res.kinds["Ville"] == "text" and res.kinds["Code postal"] == "number"
    with pytest.raises(CleaningError, match="« inconnue » n’existe pas"):
        clean_table(raw, kinds={"inconnue": "date"})
    with pytest.raises(ValueError, match="kinds\\['ville'\\]"):
        clean_table(raw, kinds={"ville": "couleur"})
    with pytest.raises(TypeError, match="clean_table"):
        clean_table([1, 2])
    with pytest.raises(CleaningError, match="en double"):
        clean_table(pd.DataFrame([["1", "2"]], columns=["a", "a"]), clean_names=False)


def test_journal_rendering_empty_and_extend():
    j = Journal()
    assert j.to_text() == "Aucun changement n'a été fait."
    assert tuple(j.to_frame().columns) == JOURNAL_COLUMNS
    other = Journal()
    other.add("parse_dates", "d", rows=2, examples=[("06 12 34 56 78", "x")])
    j.extend(other)
    assert len(j) == 1 and "06 •• •• •• 78" in j.to_markdown()  # safety net on values
    assert "12 34" not in j.to_markdown()


# --------------------------------------------------------------------------------------
# rules: save, load, replay
# --------------------------------------------------------------------------------------
@pytest.fixture
def ws(tmp_path):
    return create_workspace(tmp_path / "espace", "Structure test")


def test_rules_saved_as_yaml_and_replayed_identically(raw, ws):
    res = clean_table(raw)
    path = res.save_rules(ws, name="Inscriptions 2024")
    assert path == ws.step_dir("05") / "regles-nettoyage-inscriptions-2024.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Règles de nettoyage Size Up")
    assert "anne.b@exemple.fr" not in text  # identifier columns carry no values
    rules = load_rules(ws, name="Inscriptions 2024")
    assert rules == yaml.safe_load(text)
    again = replay_cleaning(raw, rules)
    assert_frame_equal(again.data, res.data)
    numeric = pd.DataFrame({"Note": ["1", "4", "5", "2"] * 3})
    first = clean_table(numeric, kinds={"note": "likert"})
    assert_frame_equal(replay_cleaning(numeric, first.rules).data, first.data)
    assert again.problems == []
    from_path = replay_cleaning(raw, path)
    assert_frame_equal(from_path.data, res.data)


def test_replay_reports_what_no_longer_fits(raw):
    rules = clean_table(raw).rules
    next_year = pd.DataFrame(
        {
            "Date d'entrée": ["05/03/2020", "demain", "bientôt", "jamais", "2020-04-01"],
            "Montant (€)": ["10", "20", "30", "40", "50"],
            "Inscrit ?": ["Oui", "Non", "Oui", "Oui", "Non"],
            "Satisfaction": ["4", "4", "5", "1", "2"],
            "Ville": ["Lyon", "LYON", "Vienne", "Bron", "Givors"],
            "Courriel": ["a@b.fr", "", "", "", ""],
            "Téléphone portable": ["06 12 34 56 78", "", "", "", ""],
        }
    )
    res = replay_cleaning(next_year, rules)
    assert res.problems == [
        "La colonne « Code postal » des règles est absente du fichier : elle n'a pas été nettoyée.",
        "La colonne « Téléphone portable » est nouvelle (absente des règles) : elle a été "
        "traitée comme « identifiant ».",
        "Colonne « date_d_entree » : 60\u00a0% de valeurs non reconnues, contre "
        "20\u00a0% la fois précédente.",
        "Colonne « ville » : 2 valeurs nouvelles absentes de la correspondance : "
        "« Vienne », « Givors ».",
    ]
    assert res.data["ville"].tolist() == ["Lyon", "Lyon", "Vienne", "Bron", "Givors"]
    assert "Ce qui ne correspond plus aux règles" in res.to_markdown()
    assert res.rules["colonnes"][0]["part_non_reconnue"] == 0.6
    assert res.rules["colonnes"][0]["operation"] == "parse_dates"


def test_rules_bad_input(tmp_path, raw, ws):
    with pytest.raises(TypeError, match="`rules` doit être un dictionnaire"):
        replay_cleaning(raw, 3)
    with pytest.raises(TypeError, match="donnez les règles"):
        replay_cleaning(raw, None)
    with pytest.raises(CleaningError, match="version: 1"):
        replay_cleaning(raw, {"colonnes": []})
    with pytest.raises(CleaningError, match="colonne n° 1.*« source »"):
        replay_cleaning(raw, {"version": 1, "colonnes": [{"type": "date"}]})
    with pytest.raises(CleaningError, match="type « couleur » inconnu"):
        replay_cleaning(raw, {"version": 1, "colonnes": [{"source": "a", "type": "couleur"}]})
    with pytest.raises(CleaningError, match="introuvable.*save_rules"):
        load_rules(tmp_path / "absent.yml")
    broken = tmp_path / "cassé.yml"
    broken.write_text("version: [1\n", encoding="utf-8")
    with pytest.raises(CleaningError, match="n'est pas du YAML valide"):
        load_rules(broken)
    with pytest.raises(CleaningError, match="introuvable"):
        load_rules(ws, name="jamais-enregistrée")


# --------------------------------------------------------------------------------------
# doctests and real files
# --------------------------------------------------------------------------------------
def test_shared_helpers_have_a_public_home():
    """What clean_workspace and other parts reach for is public, with one behaviour."""
    assert (
        cleaning.snake_case("Date d’entrée")
        == cleaning.snake_case("Date d'entrée")
        == "date_d_entree"
    )
    assert cleaning.snake_case("montantTotal") == "montant_total"
    assert cleaning.snake_case("nomÉlève") == "nom_eleve"
    assert cleaning.category_key("REP+") != cleaning.category_key("REP")
    assert cleaning.name_key("Jean  DUPONT") == cleaning.name_key("dupont jean")
    assert cleaning.session_of_column("2025-03-03 après-midi", None)[1] == "après-midi"
    assert cleaning.session_of_column("Nom", 2025) is None
    assert cleaning.rules_file_name("Présences 2024") == "regles-nettoyage-presences-2024.yml"
    assert cleaning.rules_file_name("!!") == "regles-nettoyage-table.yml"
    assert cleaning.squeeze_spaces("  a \t b ") == "a b"
    with pytest.raises(CleaningError, match="version: 1"):
        cleaning.check_rules({"colonnes": []})


def test_journal_records_round_trip():
    journal = Journal({"nom": "nom"})
    journal.add("parse_dates", "d", rows=2, detail="Dates.")
    journal.add("strip_text", "nom", rows=1, examples=[("Dupont", "Dupont")])
    records = journal.records()
    records[0]["detail"] = "changé"  # a copy: the journal is untouched
    assert journal.to_frame()["detail"].iloc[0] == "Dates."
    again = Journal.from_records(records[1:], journal.identifiers)
    assert again.to_frame()["etape"].tolist() == [1]
    assert again.identifiers == {"nom": "nom"}
    assert "« D. »" in again.to_frame()["exemples"].iloc[0]


def test_the_package_modules_each_have_one_job():
    import importlib
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(cleaning.__path__)}
    assert modules == {
        "categories",
        "columns",
        "conversions",
        "journal",
        "people",
        "reshaping",
        "table",
        "values",
    }
    for name in modules:
        module = importlib.import_module(f"sizeup_helpers.cleaning.{name}")
        assert module.__doc__ and set(module.__all__) <= set(dir(module))
    assert set(cleaning.__all__) <= set(dir(cleaning))


@needs_real_world
def test_clean_table_on_real_kobo_export():
    path = REAL_WORLD / "kobocruncher" / "data.xlsx"
    raw = pd.read_excel(path, dtype=str, engine="calamine").fillna("")
    res = clean_table(raw)
    assert len(res.data.columns) == len(raw.columns)
    assert len(res.journal) >= 2
    assert set(res.kinds.values()) <= set(cleaning.KINDS)
    assert any(k in ("date", "number", "category", "boolean") for k in res.kinds.values())


# ---- people linked to the register ---------------------------------------------------
REGISTER = pd.DataFrame(
    {
        "prenom": ["Amina", "Amina", "Paul", "Léa", "Léa", "Jean"],
        "nom": ["Nadir", "Noor", "Nadir", "Martin", "Martin", "Dupont"],
        "email": ["amina.n@gmail.com", "", "", "lea1@free.fr", "lea2@free.fr", ""],
        "naissance": ["01/02/1990", "", "", "", "", "03/04/1980"],
        "seance": ["2025-01-08", "", "", "2025-02-01", "2025-03-01", ""],
        "pid": ["A", "B", "C", "L1", "L2", "J"],
    }
)
REGISTER_COLUMNS = {
    "prenom": "prenom",
    "nom": "nom",
    "email": "email",
    "date_naissance": "naissance",
}


def test_link_to_register_names_written_any_way():
    rows = pd.DataFrame(
        {
            "qui": ["NADIR Amina", "P. Nadir", "paul nadir", "Zoé Lin", "Amina"],
            "courriel": ["", "", "", "", "amina.n@gmial.com"],
        }
    )
    found = link_to_register(
        rows,
        REGISTER,
        columns={"nom_complet": "qui", "email": "courriel"},
        register_columns=REGISTER_COLUMNS,
        register_id="pid",
    )
    assert found["registre"].tolist() == ["A", "C", "C", None, "A"]
    assert found["regle"].tolist() == [
        REGISTER_RULES["nom"],
        REGISTER_RULES["nom_abrege"],
        REGISTER_RULES["nom"],
        "",
        REGISTER_RULES["email"],  # a domain typo (gmial.com) is folded
    ]
    assert found["candidats"].tolist() == [1, 1, 1, 0, 1]
    assert list(found.index) == list(rows.index)


def test_link_to_register_homonyms_are_never_guessed():
    rows = pd.DataFrame({"qui": ["Léa Martin", "Léa M.", "Amina N."]})
    found = link_to_register(
        rows,
        REGISTER,
        columns={"nom_complet": "qui"},
        register_columns=REGISTER_COLUMNS,
        register_id="pid",
    )
    assert found["registre"].isna().all()  # two Léa Martin, two Amina N…
    assert found["candidats"].tolist() == [2, 2, 2]


def test_link_to_register_homonyms_told_apart_by_what_both_sides_know():
    rows = pd.DataFrame(
        {
            "qui": ["Léa Martin", "Léa Martin", "Jean Dupont", "Amina N.", "Amina Noor"],
            "date": ["2025-03-01", "2025-02-01", "", "", ""],
            "naissance": ["", "", "05/06/1999", "", ""],
        }
    )
    found = link_to_register(
        rows,
        REGISTER,
        columns={"nom_complet": "qui", "date_naissance": "naissance"},
        register_columns=REGISTER_COLUMNS,
        register_id="pid",
        context=["date"],
        register_context=["seance"],
    )
    # the session date decides between the two Léa Martin; a contradicting date of
    # birth prevents the link; « Amina N. » follows Amina Noor, written in full here
    assert found["registre"].tolist() == ["L2", "L1", None, "B", "B"]
    assert found["regle"].iloc[3] == REGISTER_RULES["homonyme"]


def test_link_to_register_bad_input():
    rows = pd.DataFrame({"qui": ["a"]})
    with pytest.raises(CleaningError, match="type de colonne inconnu « age »"):
        link_to_register(
            rows,
            REGISTER,
            columns={"age": "qui"},
            register_columns=REGISTER_COLUMNS,
            register_id="pid",
        )
    with pytest.raises(SizeUpError, match="« absente »"):
        link_to_register(
            rows,
            REGISTER,
            columns={"nom_complet": "absente"},
            register_columns=REGISTER_COLUMNS,
            register_id="pid",
        )
    with pytest.raises(TypeError, match="DataFrame"):
        link_to_register(
            rows["qui"],
            REGISTER,
            columns={"nom_complet": "qui"},
            register_columns=REGISTER_COLUMNS,
            register_id="pid",
        )
