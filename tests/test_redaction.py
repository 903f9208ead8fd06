"""Identifiers written inside text: one set of patterns for step 05, the displays and the scan."""

from __future__ import annotations

import pandas as pd
import pytest

from sizeup_helpers import privacy
from sizeup_helpers.cleaning.journal import safe_example
from sizeup_helpers.privacy import (
    REDACTION_MARKERS,
    TEXT_PATTERNS,
    find_in_text,
    known_names,
    mask_in_text,
    redact_identifiers,
    redact_text,
    safe_preview,
    scan_for_identifiers,
)

PHONES = [
    "06 12 34 56 78",
    "06.12.34.56.78",
    "06-12-34-56-78",
    "0612345678",
    "06\u00a012\u00a034\u00a056\u00a078",
    "+33 6 12 34 56 78",
    "+33612345678",
    "+33 (0)6 12 34 56 78",
    "+33 (0) 6 12 34 56 78",
    "+33(0)612345678",
    "0033 6 12 34 56 78",
    "0033612345678",
    "01 42 68 53 00",
]
NIRS = ["1 85 05 78 006 084 91", "185057800608491", "2 90 02 2A 123 456 78"]
EMAILS = ["camille.martin@exemple.fr", "Camille.Martin@Exemple.FR", "l'o+tag@sous.domaine.org"]
# what outputs are full of and must never be taken for an identifier
NOT_IDENTIFIERS = [
    "2022-05-04 21:28:46",
    "… 26 14:02:06 …",
    "Fri Aug 26 14:02:06 2022",
    "2022-10-27 08:57:57.907000",
    "2022-10-27T08:57:57.907-04:00",
    "2024-06-12 08:15:30",
    "12/06/2024",
    "06/12/2024 à 14 h 30",
    "48cc75b7-3d86-4c3e-a99b-24b4032b7b9c",
    "3d86-0612-3456-7812-ab00",
    "1 234,56 €",
    "0,0612345678",
    "1.0612345678e-05",
    "75011",
    "SIRET 123 456 789 00012",
    "73282932000074",
    "P-0612345678ab",
    "P-061234567890",
    "sha256 9f0612345678a0e3b1c2",
    "120612345678",
    "id 0a0612345678b",
    "20759478",
    '<path d="M 61.2 34.56 L 78.12 90.34 z"/>',
    "<dc:date>2026-12-07T14:02:06.123456</dc:date>",
    '<svg width="0612345678px">',
    "data:image/png;base64,AAA0612345678AAA",
    "tEXtCreation Time\x002022:05:26 14:02:06",
    "1 85 05 78 006 084 92",  # a NIR whose key is wrong
    "12:06:12:34:56:78",
]


@pytest.mark.parametrize("phone", PHONES)
def test_every_written_form_of_a_french_phone_number_is_found_and_replaced(phone):
    text = f"rappeler au {phone}, merci."
    assert [k for k, _ in find_in_text(text)] == ["telephone"]
    assert redact_text(text) == ("rappeler au [téléphone retiré], merci.", {"telephone": 1})


@pytest.mark.parametrize("nir", NIRS)
def test_a_nir_with_a_valid_key_is_replaced(nir):
    assert privacy.nir_is_valid(nir.replace(" ", "")) or privacy.nir_is_valid(nir)
    assert redact_text(f"NIR {nir}.") == ("NIR [NIR retiré].", {"nir": 1})


@pytest.mark.parametrize("email", EMAILS)
def test_an_email_address_is_replaced_but_not_the_end_of_the_sentence(email):
    assert redact_text(f"écrire à {email}.") == ("écrire à [courriel retiré].", {"email": 1})


@pytest.mark.parametrize("text", NOT_IDENTIFIERS)
def test_dates_times_uuids_amounts_and_digit_runs_are_not_identifiers(text):
    assert find_in_text(text) == []
    assert redact_text(text) == (text, {})
    assert mask_in_text(text) == text


def test_markers_are_french_and_never_look_like_an_identifier():
    assert REDACTION_MARKERS["telephone"] == "[téléphone retiré]"
    assert REDACTION_MARKERS["email"] == "[courriel retiré]"
    assert REDACTION_MARKERS["nir"] == "[NIR retiré]"
    assert REDACTION_MARKERS["nom"] == "[nom retiré]"
    for marker in REDACTION_MARKERS.values():
        assert find_in_text(marker) == []
        assert redact_text(marker, names=known_names(["Nom Retiré"]), free_text=True)[0] == marker


def test_several_identifiers_in_one_text_are_counted_by_kind():
    text = "Tél. 06 12 34 56 78 ou 07.98.76.54.32, camille@exemple.fr, NIR 185057800608491"
    out, counts = redact_text(text)
    assert counts == {"email": 1, "nir": 1, "telephone": 2}
    assert out == (
        "Tél. [téléphone retiré] ou [téléphone retiré], [courriel retiré], NIR [NIR retiré]"
    )


# ---- names --------------------------------------------------------------------------------
def test_known_names_keep_people_and_leave_out_organisations_short_and_ordinary_words():
    names = known_names(
        [
            "Éloïse Le Gall",
            "MARTIN Camille",
            "Mairie de Bellac",
            "Imprimerie Perrin",
            "Signature du formateur :",
            "Total 12",
            "Madame Blanc",
            None,
            float("nan"),
        ]
    )
    assert names.words == {"eloise", "gall", "martin", "camille", "blanc"}
    assert ("camille", "martin") in names.pairs and ("martin", "camille") in names.pairs
    assert ("eloise", "martin") not in names.pairs
    assert len(names) == 5


def test_names_are_found_whole_words_whatever_their_case_and_accents():
    names = known_names(["Éloïse Le Gall", "Camille Martin", "Léa Blanc"])
    text = "Vu ELOISE et eloïse hier ; Blanchet et blanche ; « Léa » ; Martinez, Camille."
    out, counts = redact_text(text, names=names, free_text=True)
    assert out == (
        "Vu [nom retiré] et [nom retiré] hier ; Blanchet et blanche ; « [nom retiré] » ; "
        "Martinez, [nom retiré]."
    )
    assert counts == {"nom": 4}


def test_a_first_and_last_name_together_count_as_one_name():
    names = known_names(["Camille Martin"])
    assert redact_text("Appeler Camille MARTIN-", names=names) == (
        "Appeler [nom retiré]-",
        {"nom": 1},
    )


def test_in_a_short_text_only_a_known_person_is_replaced_not_a_town_sharing_a_word():
    names = known_names(["Benoît Martin", "Léa Blanc"])
    assert redact_text("Saint-Martin", names=names)[0] == "Saint-Martin"
    assert redact_text("Saint-Benoît", names=names)[0] == "Saint-Benoît"
    assert redact_text("pull blanc", names=names)[0] == "pull blanc"
    assert redact_text("suivi par Benoît Martin", names=names)[0] == "suivi par [nom retiré]"
    assert redact_text("BLANC Léa", names=names)[0] == "[nom retiré]"


def test_in_a_short_text_a_known_surname_standing_alone_is_replaced():
    names = known_names(["Maëlys Kermarrec", "Camille Dupuis"])
    assert redact_text("Vu avec Kermarrec ; tél. plus tard", names=names)[0] == (
        "Vu avec [nom retiré] ; tél. plus tard"
    )
    assert redact_text("voir KERMARREC", names=names)[0] == "voir [nom retiré]"
    # a common first name alone, a lower-case word, a compound place name: kept
    assert redact_text("Camille", names=names)[0] == "Camille"
    assert redact_text("Rue Kermarrec-Vihan", names=names)[0] == "Rue Kermarrec-Vihan"


def test_free_text_also_loses_common_first_names_and_postal_addresses():
    out, counts = redact_text("Merci à Sébastien M., venu au 12 rue des Lilas Lyon", free_text=True)
    assert out == "Merci à [nom retiré] M., venu au [adresse retirée]"
    assert counts == {"adresse": 1, "nom": 1}
    # a short text keeps them: a category « Sébastien » is a label until a person is known
    assert redact_text("Atelier Sébastien")[0] == "Atelier Sébastien"


# ---- the column function ----------------------------------------------------------------
def test_redact_identifiers_counts_cells_by_kind_and_keeps_the_column_shape():
    s = pd.Series(
        [
            "rappeler au 06 12 34 56 78",
            "rappeler au 06 12 34 56 78",
            "écrire à camille.martin@exemple.fr ou au 0612345678",
            None,
            "orientée par Pôle emploi",
        ],
        index=[10, 11, 12, 13, 14],
        name="commentaire",
        dtype="str" if pd.__version__ >= "3" else object,
    )
    out, counts = redact_identifiers(s)
    assert counts == {"email": 1, "telephone": 3}
    assert out.index.tolist() == [10, 11, 12, 13, 14] and out.name == "commentaire"
    assert out.dtype == s.dtype
    assert out.tolist()[:3] == [
        "rappeler au [téléphone retiré]",
        "rappeler au [téléphone retiré]",
        "écrire à [courriel retiré] ou au [téléphone retiré]",
    ]
    assert out.isna().tolist() == [False, False, False, True, False]


def test_redact_identifiers_on_categories_numbers_and_clean_columns():
    cat = pd.Series(["emploi", "rappeler 0612345678", "emploi"], dtype="category")
    out, counts = redact_identifiers(cat)
    assert isinstance(out.dtype, pd.CategoricalDtype)
    assert list(out.cat.categories) == ["emploi", "rappeler [téléphone retiré]"]
    assert counts == {"telephone": 1}
    numbers = pd.Series([612345678, 185057800608491])
    assert redact_identifiers(numbers)[0] is numbers
    clean = pd.Series(["Lyon", "Bron"])
    out, counts = redact_identifiers(clean)
    assert out is clean and counts == {}
    assert redact_identifiers(pd.Series([], dtype=object))[1] == {}


def test_names_in_a_repeated_label_are_kept_unless_a_whole_person_is_named():
    names = known_names(["Camille Martin"])
    label = "Atelier collectif du quartier Saint-Martin, salle B"
    s = pd.Series([label] * 20 + ["Camille Martin a appelé pour reporter son rendez-vous"])
    out, counts = redact_identifiers(s, names=names)
    assert out.iloc[0] == label  # a label repeated on many rows: a category
    assert out.iloc[-1] == "[nom retiré] a appelé pour reporter son rendez-vous"
    assert counts == {"nom": 1}


# ---- one set of patterns for the cleaning, the displays and the scan -----------------------
AGREEMENT = PHONES + NIRS + EMAILS + NOT_IDENTIFIERS + ["Lyon", "rappeler lundi"]


def test_the_scan_the_displays_and_the_cleaning_find_the_same_things(tmp_path):
    for i, text in enumerate(AGREEMENT):
        (tmp_path / f"f{i:02d}.md").write_text(f"Note : {text} !", encoding="utf-8")
    found = scan_for_identifiers(tmp_path)
    scanned = {int(name[1:3]) for name in found["fichier"]}
    for i, text in enumerate(AGREEMENT):
        note = f"Note : {text} !"
        by_display = mask_in_text(note) != note
        by_cleaning = redact_text(note)[0] != note
        assert (i in scanned) == by_display == by_cleaning, text
    assert scanned == set(range(len(PHONES) + len(NIRS) + len(EMAILS)))


def test_safe_preview_and_journal_examples_mask_what_the_scan_finds():
    raw = pd.DataFrame(
        {
            "ville": ["Lyon", "Bron", "Vaulx", "tél. +33 6 12 34 56 78"],
            "code": ["A1", "B2", "C3", "185057800608491"],
        }
    )
    shown = safe_preview(raw).to_string()
    assert find_in_text(shown) == []
    assert "(masqué)" in shown
    example = safe_example("rappeler au 06 12 34 56 78", None)
    assert example == "rappeler au (masqué)"
    assert privacy.identifier_kind_of_value("+33 6 12 34 56 78") == "telephone"
    assert privacy.identifier_kind_of_value("2022-05-04 21:28:46") is None


def test_scan_findings_name_the_file_the_kind_and_a_masked_value(tmp_path):
    (tmp_path / "05-nettoyage").mkdir()
    (tmp_path / "05-nettoyage" / "journal.csv").write_text(
        "colonne,exemple\nnote,rappeler au 06 12 34 56 78\nnote,ecrire a c.martin@exemple.fr\n"
        "note,2022-05-26 14:02:06\n",
        encoding="utf-8",
    )
    found = scan_for_identifiers(tmp_path)
    assert found.to_dict("records") == [
        {"fichier": "05-nettoyage/journal.csv", "type": "e-mail", "extrait": "c***@e***.fr"},
        {"fichier": "05-nettoyage/journal.csv", "type": "téléphone", "extrait": "06 •• •• •• 78"},
    ]


def test_text_patterns_are_compiled_once_and_public():
    assert set(TEXT_PATTERNS) == {"email", "telephone", "nir"}
    assert set(privacy.SCAN_LABELS) == set(TEXT_PATTERNS)
