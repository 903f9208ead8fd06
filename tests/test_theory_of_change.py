"""Tests of sizeup_helpers.theory_of_change: file format, errors, edits, checks, diagram."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")  # tests only: never set for users

from sizeup_helpers.errors import SizeUpError  # noqa: E402
from sizeup_helpers.plots import diagram_boxes  # noqa: E402
from sizeup_helpers.theory_of_change import (  # noqa: E402
    MEASUREMENT_WINDOWS,
    Dimensions,
    Element,
    Link,
    TheoryOfChange,
    TheoryOfChangeError,
    add_element,
    add_link,
    add_stakeholder,
    check_coherence,
    describe_theory_of_change,
    draw_theory_of_change,
    edit_element,
    edit_link,
    edit_stakeholder,
    elements_table,
    explain_coherence,
    explain_theory_of_change,
    import_theory_of_change,
    interested_groups,
    living_groups,
    load_theory_of_change,
    new_theory_of_change,
    remove_element,
    remove_link,
    remove_stakeholder,
    save_diagram,
    save_theory_of_change,
    theory_of_change_from_dict,
    toc_path,
)
from sizeup_helpers.workspace import create_workspace, open_workspace  # noqa: E402

DATA = Path(__file__).parent / "data" / "toc"
VALID = DATA / "valide.yml"

# A small file whose line numbers the error tests rely on (line 1 is "version: 1").
BASE = """\
version: 1
probleme: "Isolement"
impact:
  id: I
  libelle: "Lien social durable"
activites:
  - id: A1
    libelle: "Ateliers"
realisations:
  - id: R1
    libelle: "Participants aux ateliers"
effets:
  - id: E1
    libelle: "Confiance retrouvée"
    horizon: court
    parties_prenantes: [PP1]
liens:
  - de: A1
    vers: R1
  - de: R1
    vers: E1
    hypothese: "Les pairs redonnent confiance"
  - de: E1
    vers: I
    hypothese: "La confiance ouvre des liens"
parties_prenantes:
  - id: PP1
    nom: "Participants"
    categorie: beneficiaires
    influence: 2
    concernement: 5
"""


def write(tmp_path: Path, text: str, name: str = "toc.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace_line(text: str, number: int, new: str) -> str:
    """Replace line ``number`` (1-based) of ``text``."""
    lines = text.splitlines()
    lines[number - 1] = new
    return "\n".join(lines) + "\n"


@pytest.fixture
def toc() -> TheoryOfChange:
    return load_theory_of_change(VALID)


# --------------------------------------------------------------------------------------
# Reading a valid file
# --------------------------------------------------------------------------------------
def test_load_valid_file(toc):
    assert toc.problem.startswith("Des personnes en recherche d'emploi")
    assert toc.impact == Element("I", "impact", "Retour durable à l'emploi choisi")
    assert [e.id for e in toc.activities] == ["A1", "A2"]
    assert [e.id for e in toc.outputs] == ["R1", "R2"]
    assert [(e.id, e.horizon) for e in toc.outcomes] == [
        ("E1", "court"),
        ("E2", "moyen"),
        ("E3", "long"),
    ]
    e1 = toc.element("E1")
    assert e1.stakeholders == ("PP1",)
    assert e1.dimensions.combien == "Score d'auto-évaluation +1 point sur 5"
    assert bool(e1.dimensions) and not bool(toc.element("E2").dimensions)
    assert toc.links[2] == Link("R1", "E1", "Rencontrer des pairs redonne confiance")
    assert toc.stakeholder("PP2").internal and not toc.stakeholder("PP1").internal
    assert toc.stakeholder("PP3").influence == 5
    assert toc.ids[-3:] == ("PP1", "PP2", "PP3")


def test_base_text_is_valid(tmp_path):
    toc = load_theory_of_change(write(tmp_path, BASE))
    assert len(toc.elements) == 4 and len(toc.links) == 3


def test_empty_sections_and_draft_without_impact(tmp_path):
    text = 'probleme: "Isolement"\nactivites:\neffets: []\n'
    toc = load_theory_of_change(write(tmp_path, text))
    assert toc.impact is None and toc.activities == () and toc.outcomes == ()


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yml"
    path.write_bytes("\ufeff".encode() + BASE.encode("utf-8"))
    assert load_theory_of_change(path).impact.id == "I"


# --------------------------------------------------------------------------------------
# Writing: round trip, workspaces
# --------------------------------------------------------------------------------------
def test_save_round_trip(toc, tmp_path):
    path = save_theory_of_change(toc, tmp_path / "sub" / "toc.yml", title="Structure fictive")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Théorie du changement — Structure fictive\n")
    assert "  - id: A1\n" in text  # lists indented as in the documented format
    assert "parties_prenantes: [PP1, PP2]" in text
    again = load_theory_of_change(path)
    assert again == toc
    save_theory_of_change(again, tmp_path / "second.yml", title="Structure fictive")
    assert (tmp_path / "second.yml").read_text(encoding="utf-8") == text
    assert not list((tmp_path / "sub").glob(".*.tmp"))  # atomic write left no temporary file


def test_save_does_not_mutate_and_refuses_invalid(toc, tmp_path):
    broken = TheoryOfChange(activities=(Element("A1", "activite", "x"),), links=(Link("A1", "R9"),))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"non enregistrée : le lien « A1 → R9 » "
        r"cite « R9 », qui n'existe pas",
    ):
        save_theory_of_change(broken, tmp_path / "x.yml")
    assert not (tmp_path / "x.yml").exists()
    with pytest.raises(TypeError, match="Il faut une théorie du changement"):
        save_theory_of_change({"activites": []}, tmp_path / "x.yml")


def test_save_to_own_workspace(toc, tmp_path):
    ws = create_workspace(tmp_path / "espace", "Atelier fictif")
    with pytest.raises(
        TheoryOfChangeError,
        match=r"theorie-du-changement\.yml : fichier "
        r"introuvable\. Construisez",
    ):
        load_theory_of_change(ws)
    written = save_theory_of_change(toc, ws)
    assert written == ws.root / "theorie-du-changement.yml"
    assert written.read_text(encoding="utf-8").startswith(
        "# Théorie du changement — Atelier fictif"
    )
    assert toc_path(ws) == written
    assert load_theory_of_change(ws) == toc


def test_sample_workspace_is_never_written(toc, tmp_path, monkeypatch):
    root = tmp_path / "repo"
    sample = root / "data" / "samples" / "fictive"
    sample.mkdir(parents=True)
    (sample / "structure.yml").write_text(
        "version: 1\nstructure:\n  nom: Structure fictive\n  slug: fictive\n", encoding="utf-8"
    )
    (sample / "theorie-du-changement.yml").write_text(BASE, encoding="utf-8")
    monkeypatch.setenv("SIZEUP_ROOT", str(root))
    ws = open_workspace(sample, tmp_path / "sorties")
    draft = load_theory_of_change(ws)
    assert toc_path(ws) == sample / "theorie-du-changement.yml"
    edited = add_element(draft, "activite", "Permanence téléphonique")
    written = save_theory_of_change(edited, ws)
    assert written == ws.step_dir("02") / "theorie-du-changement.yml"
    assert (sample / "theorie-du-changement.yml").read_text(encoding="utf-8") == BASE
    assert toc_path(ws) == written
    assert load_theory_of_change(ws) == edited
    with pytest.raises(
        TheoryOfChangeError,
        match=r"Écriture refusée : .* est dans les "
        r"structures d'exemple",
    ):
        save_theory_of_change(edited, sample / "theorie-du-changement.yml")
    with pytest.raises(TheoryOfChangeError, match=r"Écriture refusée"):
        draw_theory_of_change(edited, path_png=sample / "schema.png")
    assert sorted(p.name for p in sample.iterdir()) == [
        "structure.yml",
        "theorie-du-changement.yml",
    ]


# --------------------------------------------------------------------------------------
# Every bad-input path names the file, the line and the key, in French
# --------------------------------------------------------------------------------------
def test_missing_file(tmp_path):
    with pytest.raises(TheoryOfChangeError, match=r"absent\.yml : fichier introuvable"):
        load_theory_of_change(tmp_path / "absent.yml")


def test_bad_yaml_names_line(tmp_path):
    path = write(tmp_path, replace_line(BASE, 8, '    libelle: "Ateliers'))
    with pytest.raises(TheoryOfChangeError) as info:
        load_theory_of_change(path)
    assert re.search(r"toc\.yml, ligne \d+ : le fichier n'est pas du YAML valide", str(info.value))
    path = write(tmp_path, replace_line(BASE, 14, "    libelle: Confiance: retrouvée"))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"toc\.yml, ligne 14 : le fichier n'est pas "
        r"du YAML valide",
    ):
        load_theory_of_change(path)
    path = write(tmp_path, replace_line(BASE, 8, "\tlibelle: Ateliers"))
    with pytest.raises(TheoryOfChangeError, match=r"ligne 8 : .*pas de tabulations"):
        load_theory_of_change(path)
    assert issubclass(TheoryOfChangeError, SizeUpError)


def test_not_utf8_empty_and_not_a_mapping(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes(BASE.replace("Lien", "Lién").encode("cp1252"))
    with pytest.raises(TheoryOfChangeError, match=r"latin\.yml : le fichier n'est pas en UTF-8"):
        load_theory_of_change(path)
    with pytest.raises(TheoryOfChangeError, match=r"vide\.yml : le fichier est vide"):
        load_theory_of_change(write(tmp_path, "# rien\n", "vide.yml"))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"liste\.yml : ligne 1 : le fichier doit "
        r"contenir des clés",
    ):
        load_theory_of_change(write(tmp_path, "- A1\n- A2\n", "liste.yml"))


def test_unknown_key_suggests_the_right_one(tmp_path):
    path = write(tmp_path, replace_line(BASE, 15, "    horizn: court"))
    with pytest.raises(TheoryOfChangeError, match=r"toc\.yml : 2 problèmes") as info:
        load_theory_of_change(path)
    msg = str(info.value)
    assert "ligne 13 : la clé obligatoire « effets[1].horizon » manque" in msg
    assert "ligne 15 : clé inconnue « effets[1].horizn » ; vouliez-vous dire « horizon » ?" in msg
    assert msg.index("ligne 13") < msg.index("ligne 15")  # sorted by line
    path = write(tmp_path, BASE.replace("liens:", "lien:"))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 17 : clé inconnue « lien » ; "
        r"vouliez-vous dire « liens » \?",
    ):
        load_theory_of_change(path)
    path = write(tmp_path, BASE + "couleur: rouge\n")
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 32 : clé inconnue « couleur » "
        r"\(clés possibles : version, probleme",
    ):
        load_theory_of_change(path)


def test_missing_id(tmp_path):
    path = write(
        tmp_path,
        replace_line(BASE, 7, "  - libelle: Ateliers").replace('    libelle: "Ateliers"\n', ""),
    )
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 7 : la clé obligatoire "
        r"« activites\[1\]\.id » manque",
    ):
        load_theory_of_change(path)


def test_empty_label(tmp_path):
    path = write(tmp_path, replace_line(BASE, 8, '    libelle: "  "'))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 8 : « activites\[1\]\.libelle » "
        r"est vide",
    ):
        load_theory_of_change(path)


def test_duplicate_id(tmp_path):
    path = write(tmp_path, replace_line(BASE, 10, "  - id: A1"))
    with pytest.raises(TheoryOfChangeError) as info:
        load_theory_of_change(path)
    msg = str(info.value)
    assert (
        "ligne 10 : l'identifiant « A1 » est donné deux fois (l'activité et la "
        "réalisation), déjà ligne 7 : chaque identifiant doit être unique"
    ) in msg
    # the links to R1 now point to an unknown id, also reported with their lines
    assert "ligne 18 : le lien « A1 → R1 » cite « R1 », qui n'existe pas" in msg


def test_duplicate_id_between_element_and_stakeholder(tmp_path):
    path = write(tmp_path, replace_line(BASE, 27, "  - id: E1").replace("[PP1]", "[E1]"))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 27 : l'identifiant « E1 » est donné "
        r"deux fois \(l'effet et la partie prenante\)",
    ):
        load_theory_of_change(path)


def test_duplicate_key(tmp_path):
    path = write(
        tmp_path,
        BASE.replace(
            '    libelle: "Ateliers"\n', '    libelle: "Ateliers"\n    libelle: "Autre"\n'
        ),
    )
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 9 : la clé « activites\[1\]\.libelle » "
        r"est écrite deux fois \(déjà ligne 8\)",
    ):
        load_theory_of_change(path)


def test_link_to_unknown_id(tmp_path):
    path = write(tmp_path, replace_line(BASE, 19, "    vers: R2"))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 18 : le lien « A1 → R2 » cite "
        r"« R2 », qui n'existe pas ; vouliez-vous "
        r"dire « R1 » \?",
    ):
        load_theory_of_change(path)
    path = write(tmp_path, replace_line(BASE, 19, "    vers: ZZZ"))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"cite « ZZZ », qui n'existe pas "
        r"\(identifiants existants : A1, R1, E1, I\)",
    ):
        load_theory_of_change(path)


def test_missing_link_end(tmp_path):
    path = write(tmp_path, BASE.replace("  - de: A1\n    vers: R1\n", "  - de: A1\n"))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 18 : la clé obligatoire « liens\[1\]"
        r"\.vers » manque",
    ):
        load_theory_of_change(path)


def test_unknown_stakeholder_of_an_outcome(tmp_path):
    path = write(tmp_path, replace_line(BASE, 16, "    parties_prenantes: [PP1, PP2]"))
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 13 : l'effet « E1 » cite la partie "
        r"prenante « PP2 », qui n'existe pas ; "
        r"vouliez-vous dire « PP1 » \?",
    ):
        load_theory_of_change(path)


@pytest.mark.parametrize(
    ("de", "vers", "expected"),
    [
        (
            "E1",
            "A1",
            r"ligne 18 : le lien « E1 → A1 » va dans le mauvais sens : un effet ne mène "
            r"pas à une activité ; les liens vont des activités vers les réalisations",
        ),
        (
            "A1",
            "E1",
            r"ligne 18 : le lien « A1 → E1 » va dans le mauvais sens : une activité ne "
            r"mène pas à un effet \(une activité mène d'abord à une réalisation",
        ),
        (
            "R1",
            "I",
            r"ligne 18 : le lien « R1 → I » va dans le mauvais sens : une réalisation ne "
            r"mène pas à l'impact \(ajoutez l'effet",
        ),
        (
            "I",
            "E1",
            r"ligne 18 : le lien « I → E1 » va dans le mauvais sens : l'impact ne mène "
            r"pas à un effet",
        ),
        ("R1", "R1", r"ligne 18 : le lien « R1 → R1 » relie un élément à lui-même"),
    ],
)
def test_link_in_wrong_direction(tmp_path, de, vers, expected):
    text = replace_line(replace_line(BASE, 18, f"  - de: {de}"), 19, f"    vers: {vers}")
    with pytest.raises(TheoryOfChangeError, match=expected):
        load_theory_of_change(write(tmp_path, text))


def test_outcome_to_earlier_horizon(tmp_path):
    text = BASE.replace("parties_prenantes:\n  - id: PP1", "parties_prenantes:\n  - id: PP1", 1)
    text = text.replace(
        "liens:\n",
        "  - id: E2\n    libelle: Emploi\n    horizon: long\nliens:\n  - de: E2\n    vers: E1\n",
    )
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 21 : le lien « E2 → E1 » va dans le "
        r"mauvais sens : l'effet « E2 » \(long terme\) "
        r"ne peut pas mener à l'effet « E1 » "
        r"\(court terme\)",
    ):
        load_theory_of_change(write(tmp_path, text))


def test_duplicate_link(tmp_path):
    text = BASE.replace("liens:\n", "liens:\n  - de: A1\n    vers: R1\n")
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 20 : le lien « A1 → R1 » est écrit "
        r"deux fois \(déjà ligne 18\)",
    ):
        load_theory_of_change(write(tmp_path, text))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "très long",
            r"ligne 15 : « effets\[1\]\.horizon » vaut « très long », qui n'est pas une "
            r"valeur possible \(court, moyen, long\)",
        ),
        (
            "moyn",
            r"vaut « moyn », qui n'est pas une valeur possible \(court, moyen, long\) ; "
            r"vouliez-vous dire « moyen » \?",
        ),
        ("3", r"ligne 15 : « effets\[1\]\.horizon » doit être un texte, pas 3"),
    ],
)
def test_wrong_horizon(tmp_path, value, expected):
    path = write(tmp_path, replace_line(BASE, 15, f"    horizon: {value}"))
    with pytest.raises(TheoryOfChangeError, match=expected):
        load_theory_of_change(path)


@pytest.mark.parametrize(
    ("line", "new", "expected"),
    [
        (
            30,
            "    influence: fort",
            r"ligne 30 : « parties_prenantes\[1\]\.influence » doit être un "
            r"nombre entier de 1 à 5, pas 'fort'",
        ),
        (
            30,
            "    influence: 7",
            r"ligne 30 : « parties_prenantes\[1\]\.influence » vaut 7 : il faut "
            r"un nombre entier de 1 à 5",
        ),
        (
            31,
            "    concernement: true",
            r"ligne 31 : « parties_prenantes\[1\]\.concernement » doit "
            r"être un nombre entier de 1 à 5, pas True",
        ),
        (
            29,
            "    categorie: benevole",
            r"ligne 29 : « parties_prenantes\[1\]\.categorie » vaut "
            r"« benevole ».* ; vouliez-vous dire « benevoles » \?",
        ),
        (
            8,
            "    libelle: [a, b]",
            r"ligne 8 : « activites\[1\]\.libelle » doit être un texte, "
            r"pas \['a', 'b'\]",
        ),
        (
            7,
            "  - id: 1",
            r"ligne 7 : « activites\[1\]\.id » doit être un texte, pas 1 \(mettez-le "
            r"entre guillemets\)",
        ),
        (
            16,
            "    parties_prenantes: PP1",
            r"ligne 16 : « effets\[1\]\.parties_prenantes » doit "
            r"être une liste",
        ),
        (
            16,
            "    parties_prenantes: [1]",
            r"ligne 16 : « effets\[1\]\.parties_prenantes » doit "
            r"être une liste d'identifiants \(textes\), pas 1",
        ),
        (1, "version: 2", r"ligne 1 : version 2 inconnue"),
        (1, "version: un", r"ligne 1 : « version » doit être un nombre entier, pas 'un'"),
        (2, "probleme: [a]", r"ligne 2 : « probleme » doit être un texte, pas \['a'\]"),
    ],
)
def test_wrong_type_or_value(tmp_path, line, new, expected):
    with pytest.raises(TheoryOfChangeError, match=expected):
        load_theory_of_change(write(tmp_path, replace_line(BASE, line, new)))


def test_section_of_wrong_shape(tmp_path):
    text = BASE.replace("activites:\n  - id: A1\n", "activites:\n  id: A1\n").replace(
        '    libelle: "Ateliers"', '  libelle: "Ateliers"'
    )
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 6 : « activites » doit être une liste "
        r"\(éléments précédés de « - »\)",
    ):
        load_theory_of_change(write(tmp_path, text))
    text = BASE.replace("  - de: A1\n    vers: R1\n", "  - A1 vers R1\n")
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 18 : « liens\[1\] » doit être un "
        r"ensemble de clés",
    ):
        load_theory_of_change(write(tmp_path, text))


def test_unknown_dimension(tmp_path):
    text = BASE.replace(
        "    parties_prenantes: [PP1]\n",
        "    parties_prenantes: [PP1]\n    dimensions:\n      combien: beaucoup\n"
        "      contributon: forte\n",
    )
    with pytest.raises(
        TheoryOfChangeError,
        match=r"ligne 19 : clé inconnue « effets\[1\]\."
        r"dimensions\.contributon » ; vouliez-vous dire "
        r"« contribution » \?",
    ):
        load_theory_of_change(write(tmp_path, text))


def test_broken_fixture_files():
    for path in sorted(DATA.glob("casse-*.yml")):
        expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# attendu : ")
        with pytest.raises(TheoryOfChangeError, match=re.escape(expected)):
            load_theory_of_change(path)


def test_from_dict_checks_without_lines():
    with pytest.raises(
        TheoryOfChangeError,
        match=r"^test : clé inconnue « activite » ; "
        r"vouliez-vous dire « activites » \?$",
    ):
        theory_of_change_from_dict({"activite": []}, source="test")
    toc = theory_of_change_from_dict({"activites": [{"id": "A1", "libelle": "Ateliers"}]})
    assert toc.activities[0] == Element("A1", "activite", "Ateliers")


# --------------------------------------------------------------------------------------
# Editing returns new models and refuses mistakes in French
# --------------------------------------------------------------------------------------
def test_add_element_auto_ids_and_no_mutation():
    start = new_theory_of_change("Isolement", "Lien social")
    toc = add_element(start, "activite", "Ateliers")
    toc = add_element(toc, "activite", "Visites")
    toc = add_element(
        toc, "effet", "Confiance", horizon="moyen", dimensions={"quoi": "Confiance en soi"}
    )
    assert [e.id for e in toc.activities] == ["A1", "A2"]
    assert toc.outcomes[0] == Element(
        "E1", "effet", "Confiance", horizon="moyen", dimensions=Dimensions(quoi="Confiance en soi")
    )
    assert start.activities == () and start.outcomes == ()
    assert add_element(toc, "effet", "Autre").outcomes[1].horizon == "court"


def test_add_element_errors():
    toc = add_element(new_theory_of_change("", "Lien social"), "activite", "Ateliers")
    with pytest.raises(TheoryOfChangeError, match=r"L'identifiant « A1 » existe déjà"):
        add_element(toc, "realisation", "Participants", id="A1")
    with pytest.raises(
        ValueError,
        match=r"La valeur de `kind` doit être l'une de "
        r"\['activite', 'realisation', 'effet', 'impact'\], "
        r"mais 'activité' a été donnée",
    ):
        add_element(toc, "activité", "Ateliers")
    with pytest.raises(
        ValueError,
        match=r"`horizon` doit être l'une de \['court', 'moyen', "
        r"'long'\], mais 'lointain'",
    ):
        add_element(toc, "effet", "Emploi", horizon="lointain")
    with pytest.raises(ValueError, match=r"`label` est vide"):
        add_element(toc, "activite", "  ")
    with pytest.raises(TypeError, match=r"`label` doit être un texte, pas 3"):
        add_element(toc, "activite", 3)
    with pytest.raises(ValueError, match=r"Seul un effet a un horizon.*pas une activité"):
        add_element(toc, "activite", "Ateliers", horizon="court")
    with pytest.raises(
        TheoryOfChangeError,
        match=r"Aucune partie prenante n'a l'identifiant "
        r"« PP1 » \(identifiants existants : aucun\)",
    ):
        add_element(toc, "effet", "Emploi", stakeholders=["PP1"])
    with pytest.raises(TheoryOfChangeError, match=r"a déjà un impact \(« I »\)"):
        add_element(toc, "impact", "Autre impact")
    with pytest.raises(
        ValueError,
        match=r"Dimension inconnue « qoi ».*vouliez-vous dire "
        r"« quoi » \?",
    ):
        add_element(toc, "effet", "Emploi", dimensions={"qoi": "x"})
    with pytest.raises(TypeError, match=r"Il faut une théorie du changement"):
        add_element(None, "activite", "Ateliers")


def test_edit_element(toc):
    edited = edit_element(
        toc, "E2", label="Projet clarifié", dimensions={"risque": "Faible"}, stakeholders=["PP1"]
    )
    assert edited.element("E2").label == "Projet clarifié"
    assert edited.element("E2").stakeholders == ("PP1",)
    assert edited.element("E2").dimensions == Dimensions(risque="Faible")
    # partial dimensions keep the others
    e1 = edit_element(toc, "E1", dimensions={"risque": "Élevé"}).element("E1").dimensions
    assert e1.risque == "Élevé" and e1.quoi == toc.element("E1").dimensions.quoi
    assert toc.element("E2").label == "Projet professionnel clarifié"  # unchanged input
    assert edit_element(toc, "I", label="Emploi durable").impact.label == "Emploi durable"
    with pytest.raises(
        TheoryOfChangeError,
        match=r"aucun élément n'a l'identifiant « E9 » "
        r"; vouliez-vous dire « E\d » \?",
    ):
        edit_element(toc, "E9", label="x")
    with pytest.raises(
        TheoryOfChangeError,
        match=r"Le lien « E1 → E2 » va dans le mauvais sens "
        r": l'effet « E1 » \(long terme\) ne peut pas "
        r"mener à l'effet « E2 » \(moyen terme\)",
    ):
        edit_element(toc, "E1", horizon="long")
    with pytest.raises(ValueError, match=r"« A1 » est une activité"):
        edit_element(toc, "A1", horizon="court")


def test_remove_element_removes_its_links(toc):
    out = remove_element(toc, "E2")
    assert "E2" not in out.ids
    assert all("E2" not in (lk.source, lk.target) for lk in out.links)
    assert len(out.links) == len(toc.links) - 3
    assert remove_element(toc, "I").impact is None
    with pytest.raises(TheoryOfChangeError, match=r"« R3 » ; vouliez-vous dire"):
        remove_element(toc, "R3")


def test_links_editing(toc):
    out = add_link(toc, "A1", "R2")
    assert out.links[-1] == Link("A1", "R2", "") and len(toc.links) == 7
    out = edit_link(out, "R1", "E1", assumption="Nouvelle hypothèse")
    assert out.links[2].assumption == "Nouvelle hypothèse"
    out = remove_link(out, "A1", "R2")
    assert len(out.links) == 7
    with pytest.raises(TheoryOfChangeError, match=r"Le lien « A1 → R1 » existe déjà"):
        add_link(toc, "A1", "R1")
    with pytest.raises(TheoryOfChangeError, match=r"Le lien « E2 → E1 » va dans le mauvais sens"):
        add_link(toc, "E2", "E1")
    with pytest.raises(
        TheoryOfChangeError,
        match=r"Le lien « A1 → E1 » va dans le mauvais sens "
        r": une activité ne mène pas à un effet",
    ):
        add_link(toc, "A1", "E1")
    with pytest.raises(TheoryOfChangeError, match=r"« X1 »"):
        add_link(toc, "X1", "R1")
    with pytest.raises(TheoryOfChangeError, match=r"Il n'y a pas de lien « A1 → R2 »"):
        remove_link(toc, "A1", "R2")
    with pytest.raises(TheoryOfChangeError, match=r"« R7 »"):
        remove_link(toc, "A1", "R7")


def test_stakeholders_editing(toc):
    out = add_stakeholder(toc, "Bénévoles accueillants", "benevoles", influence=2, concernement=3)
    assert out.stakeholders[-1].id == "PP4" and out.stakeholders[-1].internal
    out = edit_stakeholder(out, "PP4", influence=None, name="Bénévoles")
    assert out.stakeholder("PP4").influence is None
    assert out.stakeholder("PP4").concernement == 3
    out = remove_stakeholder(out, "PP1")
    assert "PP1" not in out.element("E1").stakeholders
    with pytest.raises(
        ValueError,
        match=r"`influence` doit être un nombre entier de 1 à 5, "
        r"pas 6",
    ):
        add_stakeholder(toc, "Élus", "partenaires", influence=6)
    with pytest.raises(
        TypeError,
        match=r"`concernement` doit être un nombre entier de 1 à 5, "
        r"pas 'fort'",
    ):
        add_stakeholder(toc, "Élus", "partenaires", concernement="fort")
    with pytest.raises(ValueError, match=r"`category` doit être l'une de"):
        add_stakeholder(toc, "Élus", "elus")
    with pytest.raises(
        TheoryOfChangeError,
        match=r"aucune partie prenante n'a "
        r"l'identifiant « PP9 »",
    ):
        edit_stakeholder(toc, "PP9", name="x")


def test_edits_round_trip(toc, tmp_path):
    out = add_element(
        toc,
        "effet",
        "Réseau professionnel élargi",
        horizon="moyen",
        stakeholders=["PP1"],
        dimensions={"qui": "Participants"},
    )
    out = add_link(out, "E1", "E4", assumption="La confiance aide à aller vers les autres")
    out = add_link(out, "E4", "E3", assumption="Le réseau ouvre des offres")
    assert load_theory_of_change(save_theory_of_change(out, tmp_path / "t.yml")) == out


# --------------------------------------------------------------------------------------
# Coherence checks
# --------------------------------------------------------------------------------------
def test_coherent_theory_of_change_has_no_finding(toc):
    found = check_coherence(toc)
    assert list(found.columns) == ["code", "gravite", "element", "message"]
    assert found.empty


def _incoherent() -> TheoryOfChange:
    return theory_of_change_from_dict(
        {
            "impact": {"id": "I", "libelle": "Cohésion sociale"},
            "activites": [
                {"id": "A1", "libelle": "Ateliers"},
                {"id": "A2", "libelle": "Visites"},
                {"id": "A3", "libelle": "Permanence"},
            ],
            "realisations": [
                {"id": "R1", "libelle": "Participants"},
                {"id": "R2", "libelle": "Visites faites"},
            ],
            "effets": [
                {
                    "id": "E1",
                    "libelle": "Confiance",
                    "horizon": "court",
                    "parties_prenantes": ["PP1"],
                },
                {"id": "E2", "libelle": "Entraide", "horizon": "court"},
                {
                    "id": "E3",
                    "libelle": "Engagement local",
                    "horizon": "long",
                    "parties_prenantes": ["PP1"],
                },
            ],
            "liens": [
                {"de": "A1", "vers": "R1"},
                {"de": "R1", "vers": "E1", "hypothese": "Les pairs rassurent"},
                {"de": "E1", "vers": "E2", "hypothese": "h"},
                {"de": "E2", "vers": "E1", "hypothese": "h"},
                {"de": "A2", "vers": "R2"},
                {"de": "E3", "vers": "I"},
            ],
            "parties_prenantes": [{"id": "PP1", "nom": "Habitants", "categorie": "beneficiaires"}],
        }
    )


def test_each_coherence_finding():
    found = check_coherence(_incoherent())
    got = list(zip(found["code"], found["element"], strict=True))
    assert got == [
        ("activite_sans_suite", "A2"),
        ("activite_sans_suite", "A3"),
        ("effet_sans_activite", "E3"),
        ("boucle", "E1 → E2 → E1"),
        ("impact_eloigne", "I"),
        ("realisation_sans_suite", "R2"),
        ("effet_sans_partie_prenante", "E2"),
        ("hypothese_manquante", "E3 → I"),
    ]
    assert found["gravite"].tolist() == ["à corriger"] * 5 + ["à vérifier"] * 3
    msg = dict(zip(found["element"], found["message"], strict=True))
    assert msg["A3"] == (
        "L'activité « A3 » (Permanence) ne mène à rien : reliez-la à la "
        "réalisation qu'elle produit."
    )
    assert msg["A2"].startswith("L'activité « A2 » (Visites) ne mène à aucun effet")
    assert msg["E3"].startswith("Aucune activité ne mène à l'effet « E3 » (Engagement local)")
    assert "boucle (E1 → E2 → E1)" in msg["E1 → E2 → E1"]
    assert msg["I"].startswith("L'impact « I » n'est relié à aucune activité")
    assert msg["E2"] == (
        "L'effet « E2 » (Entraide) ne cite aucune partie prenante : qui vit ce changement ?"
    )
    assert msg["E3 → I"].startswith("Le lien « E3 → I » n'a pas d'hypothèse")
    # an activity → output link needs no assumption
    assert "A1 → R1" not in set(found["element"])


def test_impact_distance_rules():
    base = {
        "impact": {"id": "I", "libelle": "Emploi durable"},
        "activites": [{"id": "A1", "libelle": "Ateliers"}],
        "realisations": [{"id": "R1", "libelle": "Participants"}],
        "effets": [
            {"id": f"E{i}", "libelle": f"Effet {i}", "horizon": h, "parties_prenantes": ["PP1"]}
            for i, h in enumerate(["court", "court", "moyen", "long"], start=1)
        ],
        "parties_prenantes": [{"id": "PP1", "nom": "Participants", "categorie": "beneficiaires"}],
    }
    chain = [("A1", "R1"), ("R1", "E1"), ("E1", "E2"), ("E2", "E3"), ("E3", "E4"), ("E4", "I")]
    links = [{"de": a, "vers": b, "hypothese": "h"} for a, b in chain]
    long_chain = theory_of_change_from_dict({**base, "liens": links})
    found = check_coherence(long_chain)
    assert found["code"].tolist() == ["impact_eloigne"]
    assert "au moins 4 effets depuis une activité (au plus 3 conseillés)" in found["message"][0]
    assert check_coherence(long_chain, max_chain=4).empty
    # no outcome leads to the impact
    found = check_coherence(theory_of_change_from_dict({**base, "liens": links[:-1]}))
    assert (
        found.loc[found["code"] == "impact_eloigne", "message"]
        .item()
        .startswith("Aucun effet ne mène à l'impact « I » (Emploi durable)")
    )
    # only a short-term outcome leads to the impact: to check, not to fix
    short = links[:2] + [{"de": "E1", "vers": "I", "hypothese": "h"}]
    found = check_coherence(theory_of_change_from_dict({**base, "liens": short}))
    row = found[found["code"] == "impact_eloigne"].iloc[0]
    assert row["gravite"] == "à vérifier"
    assert row["message"].startswith("Seuls des effets de court terme mènent à l'impact")
    with pytest.raises(ValueError, match=r"`max_chain` doit être un nombre entier d'au moins 1"):
        check_coherence(long_chain, max_chain=0)


def test_missing_impact_is_reported():
    found = check_coherence(new_theory_of_change("Isolement"))
    assert found["code"].tolist() == ["impact_absent"]
    assert found["message"][0].startswith("La théorie du changement n'a pas d'impact")


# --------------------------------------------------------------------------------------
# Diagram
# --------------------------------------------------------------------------------------
_WORDS = (
    "accompagnement confiance emploi mobilité autonomie réseau compétences santé "
    "logement formation insertion pairs ateliers bénévoles territoire "
    "d'auto-évaluation"
).split()


def make_toc(n: int, seed: int = 1) -> TheoryOfChange:
    """A theory of change of ``n`` elements, with every kind of link the diagram draws."""
    rng = random.Random(seed)

    def label() -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 10))).capitalize()

    m = n - 1
    n_act, n_out = max(1, m // 4), max(1, m // 4)
    n_eff = m - n_act - n_out
    toc = new_theory_of_change("Problème de démonstration", label())
    for _ in range(n_act):
        toc = add_element(toc, "activite", label())
    for _ in range(n_out):
        toc = add_element(toc, "realisation", label())
    horizons = ("court", "moyen", "long")
    for i in range(n_eff):
        toc = add_element(toc, "effet", label(), horizon=horizons[min(2, i * 3 // n_eff)])
    acts = [e.id for e in toc.activities]
    outs = [e.id for e in toc.outputs]
    eff = {h: [e.id for e in toc.outcomes if e.horizon == h] for h in horizons}
    for i, r in enumerate(outs):
        toc = add_link(toc, acts[i % len(acts)], r)
    for i, e in enumerate(eff["court"]):
        toc = add_link(toc, outs[i % len(outs)], e, assumption=label())
    prev = eff["court"]
    for h in ("moyen", "long"):
        for i, e in enumerate(eff[h]):
            toc = add_link(toc, prev[i % len(prev)], e, assumption=label())
        prev = eff[h] or prev
    for e in prev:
        toc = add_link(toc, e, toc.impact.id)
    if len(outs) > 1 and eff["long"]:  # a link skipping columns
        toc = add_link(toc, outs[-1], eff["long"][0])
    if len(eff["court"]) > 1:  # a link inside a column
        toc = add_link(toc, eff["court"][0], eff["court"][1])
    assert len(toc.elements) == n
    return toc


@pytest.mark.parametrize("n", [5, 20, 40])
def test_diagram_labels_present_and_no_overlap(n):
    toc = make_toc(n)
    fig = draw_theory_of_change(toc)
    boxes = diagram_boxes(fig)
    assert sorted(boxes["element"]) == sorted(e.id for e in toc.elements)
    expected = {e.id: " ".join(f"{e.id} · {e.label}".split()) for e in toc.elements}
    assert dict(zip(boxes["element"], boxes["text"], strict=True)) == expected
    # every text inside its box
    assert (boxes["text_x0"] >= boxes["box_x0"]).all()
    assert (boxes["text_x1"] <= boxes["box_x1"]).all()
    assert (boxes["text_y0"] >= boxes["box_y0"]).all()
    assert (boxes["text_y1"] <= boxes["box_y1"]).all()
    # no two boxes overlap (pairwise, from the renderer's extents)
    x0, x1 = boxes["box_x0"].to_numpy(), boxes["box_x1"].to_numpy()
    y0, y1 = boxes["box_y0"].to_numpy(), boxes["box_y1"].to_numpy()
    overlap = (np.minimum(x1[:, None], x1[None, :]) > np.maximum(x0[:, None], x0[None, :])) & (
        np.minimum(y1[:, None], y1[None, :]) > np.maximum(y0[:, None], y0[None, :])
    )
    np.fill_diagonal(overlap, False)
    assert not overlap.any()
    # the whole drawing fits in the figure, and text keeps a readable size
    width, height = fig.canvas.get_width_height()
    assert boxes[["box_x0", "box_y0"]].min().min() >= 0
    assert boxes["box_x1"].max() <= width and boxes["box_y1"].max() <= height
    assert min(t.get_fontsize() for t in fig.axes[0].texts) >= 7
    assert fig.get_size_inches()[0] <= 20


def test_diagram_columns_go_left_to_right(toc):
    boxes = diagram_boxes(draw_theory_of_change(toc)).set_index("element")
    centre = (boxes["box_x0"] + boxes["box_x1"]) / 2
    assert centre["A1"] < centre["R1"] < centre["E1"] < centre["E2"] < centre["E3"] < centre["I"]
    assert centre["A1"] == centre["A2"]


def test_diagram_files_written(toc, tmp_path):
    import matplotlib.pyplot as plt

    png, svg = tmp_path / "out" / "toc.png", tmp_path / "out" / "toc.svg"
    fig = draw_theory_of_change(toc, path_png=png, path_svg=svg, title="Structure fictive")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert 'id="toc-box:E1"' in text
    assert describe_theory_of_change(toc).replace("'", "&apos;")[:40] in text.replace(
        "&#39;", "&apos;"
    )
    assert fig.texts == [] and "Structure fictive" in [t.get_text() for t in fig.axes[0].texts]
    assert plt.get_fignums() == []  # not registered with pyplot: no double display
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["toc.png", "toc.svg"]


def test_save_diagram_to_workspace(toc, tmp_path):
    ws = create_workspace(tmp_path / "espace", "Atelier fictif")
    save_theory_of_change(remove_element(toc, "R2"), ws)  # A2 now leads nowhere
    paths = save_diagram(ws)
    folder = ws.step_dir("02")
    assert paths == {
        "png": folder / "schema-theorie-du-changement.png",
        "svg": folder / "schema-theorie-du-changement.svg",
        "coherence": folder / "verifications-coherence.csv",
    }
    assert paths["png"].read_bytes()[:4] == b"\x89PNG"
    assert "Théorie du changement — Atelier fictif" in paths["svg"].read_text(encoding="utf-8")
    found = pd.read_csv(paths["coherence"])
    assert found["code"].tolist() == ["activite_sans_suite"]
    assert found["element"].tolist() == ["A2"]


def test_describe_theory_of_change(toc):
    assert describe_theory_of_change(toc) == (
        "Schéma de la théorie du changement : 2 activités, 2 réalisations, 3 effets (1 à court "
        "terme, 1 à moyen terme, 1 à long terme), vers l'impact « Retour durable à l'emploi "
        "choisi » ; 7 liens dont 5 avec une hypothèse."
    )


def test_empty_diagram():
    fig = draw_theory_of_change(new_theory_of_change())
    assert diagram_boxes(fig).empty
    assert any("Théorie du changement vide" in t.get_text() for t in fig.axes[0].texts)


def test_import_stays_light():
    code = (
        "import sys, sizeup_helpers.theory_of_change; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_readme_example_in_docs_is_valid(tmp_path):
    doc = Path(__file__).parent.parent / "docs" / "theorie-du-changement.md"
    if not doc.is_file():
        pytest.skip("docs/theorie-du-changement.md absent")
    blocks = re.findall(r"```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "the documentation shows an example file"
    toc = load_theory_of_change(write(tmp_path, textwrap.dedent(blocks[0])))
    assert check_coherence(toc).empty


SAMPLE_MODULES = [
    "ateliers_emploi",
    "commerce_rural",
    "energie_citoyenne",
    "formation_batiment",
    "insertion_transport",
    "justice_jeunesse",
    "mobilite_accompagnee",
]


@pytest.mark.parametrize("module", SAMPLE_MODULES)
def test_sample_drafts_load_and_draw_without_overlap(module, tmp_path):
    import importlib

    try:
        draft = importlib.import_module(f"tools.samplegen.{module}").TOC_DRAFT
    except (ImportError, AttributeError):
        pytest.skip(f"sample {module} has no theory-of-change draft yet")
    toc = load_theory_of_change(write(tmp_path, draft))
    assert toc.impact is not None and toc.outcomes
    found = check_coherence(toc)
    assert set(found["gravite"]) <= {"à vérifier"}, found.to_string()
    boxes = diagram_boxes(draw_theory_of_change(toc))
    assert len(boxes) == len(toc.elements)
    x0, x1 = boxes["box_x0"].to_numpy(), boxes["box_x1"].to_numpy()
    y0, y1 = boxes["box_y0"].to_numpy(), boxes["box_y1"].to_numpy()
    overlap = (np.minimum(x1[:, None], x1[None, :]) > np.maximum(x0[:, None], x0[None, :])) & (
        np.minimum(y1[:, None], y1[None, :]) > np.maximum(y0[:, None], y0[None, :])
    )
    np.fill_diagonal(overlap, False)
    assert not overlap.any()


# --------------------------------------------------------------------------------------
# Negative and unintended outcomes, who lives a change, and the checks of issue 9
# --------------------------------------------------------------------------------------
def _outcome_toc(*outcomes: dict, groups: list[dict] | None = None) -> TheoryOfChange:
    """A chain A1 → R1 → each outcome → I, every link with its assumption."""
    groups = groups or [{"id": "PP1", "nom": "Participants", "categorie": "beneficiaires"}]
    links = [{"de": "A1", "vers": "R1"}]
    for e in outcomes:
        links.append({"de": "R1", "vers": e["id"], "hypothese": "h"})
    links.append({"de": outcomes[-1]["id"], "vers": "I", "hypothese": "h"})
    return theory_of_change_from_dict(
        {
            "probleme": "Chômage de longue durée",
            "impact": {"id": "I", "libelle": "Emploi durable"},
            "activites": [{"id": "A1", "libelle": "Ateliers"}],
            "realisations": [{"id": "R1", "libelle": "Participants"}],
            "effets": [{"horizon": "moyen", "parties_prenantes": ["PP1"], **e} for e in outcomes],
            "liens": links,
            "parties_prenantes": groups,
        }
    )


def test_negative_and_unintended_outcomes_round_trip(tmp_path):
    text = BASE.replace(
        "    parties_prenantes: [PP1]\n",
        "    parties_prenantes: [PP1]\n"
        "    nature: negatif\n"
        "    attendu: false\n"
        "    mois_de_mesure: 3\n"
        "    vecu_par: [PP1]\n",
    ).replace("    concernement: 5\n", "    concernement: 5\n    effectif: 120\n")
    toc = load_theory_of_change(write(tmp_path, text))
    e1 = toc.element("E1")
    assert (e1.nature, e1.expected, e1.measured_at, e1.lived_by) == ("negatif", False, 3, ("PP1",))
    assert e1.negative and e1.flagged == "négatif, non attendu"
    assert toc.stakeholder("PP1").size == 120
    assert e1.to_dict() == {
        "id": "E1",
        "libelle": "Confiance retrouvée",
        "horizon": "court",
        "nature": "negatif",
        "attendu": False,
        "mois_de_mesure": 3,
        "parties_prenantes": ["PP1"],
        "vecu_par": ["PP1"],
    }
    again = load_theory_of_change(save_theory_of_change(toc, tmp_path / "copie.yml"))
    assert again == toc
    # an intended positive outcome writes none of the optional keys
    plain = load_theory_of_change(write(tmp_path, BASE, "simple.yml")).element("E1")
    assert set(plain.to_dict()) == {"id", "libelle", "horizon", "parties_prenantes"}
    assert plain.flagged == ""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    nature: neutre", r"« effets\[1\]\.nature » vaut « neutre ».*\(positif, negatif\)"),
        ("    attendu: peut-etre", r"« effets\[1\]\.attendu » doit être oui/non"),
        ("    mois_de_mesure: 200", r"« effets\[1\]\.mois_de_mesure ».*de 0 à 120"),
        (
            "    vecu_par: [PP2]",
            r"l'effet « E1 » dit que « PP2 » vit le changement \(vecu_par\), mais ne le cite "
            r"pas dans ses parties_prenantes",
        ),
    ],
)
def test_optional_outcome_keys_are_checked(tmp_path, line, expected):
    text = BASE.replace("    parties_prenantes: [PP1]\n", f"    parties_prenantes: [PP1]\n{line}\n")
    with pytest.raises(TheoryOfChangeError, match=expected):
        load_theory_of_change(write(tmp_path, text))


def test_editing_the_optional_outcome_fields(toc):
    added = add_element(
        toc,
        "effet",
        "Stigmatisation des participants",
        stakeholders=["PP1"],
        nature="negatif",
        expected=False,
        measured_at=6,
    )
    e4 = added.element("E4")
    assert (e4.nature, e4.expected, e4.measured_at, e4.lived_by) == ("negatif", False, 6, None)
    kept = edit_element(added, "E4", label="Stigmatisation")
    assert kept.element("E4").measured_at == 6 and kept.element("E4").negative
    cleared = edit_element(kept, "E4", measured_at=None, nature="positif", expected=True)
    assert cleared.element("E4").flagged == "" and cleared.element("E4").measured_at is None
    lived = edit_element(toc, "E2", lived_by=["PP2"])
    assert lived.element("E2").lived_by == ("PP2",)
    assert remove_stakeholder(lived, "PP2").element("E2").lived_by == ()
    with pytest.raises(TheoryOfChangeError, match=r"« PP3 » vit le changement \(vecu_par\)"):
        edit_element(toc, "E2", lived_by=["PP3"])
    with pytest.raises(ValueError, match=r"La valeur de `nature` doit être l'une de"):
        edit_element(toc, "E1", nature="neutre")
    with pytest.raises(ValueError, match=r"`measured_at` doit aller de 0 à 120 mois"):
        edit_element(toc, "E1", measured_at=-1)
    with pytest.raises(TypeError, match=r"`expected` doit valoir True ou False"):
        add_element(toc, "effet", "X", expected="non")
    with pytest.raises(ValueError, match=r"Seul un effet a un horizon"):
        add_element(toc, "activite", "X", nature="negatif")
    with pytest.raises(ValueError, match=r"Seul un effet a un horizon"):
        edit_element(toc, "A1", measured_at=3)
    sized = edit_stakeholder(toc, "PP1", size=80)
    assert sized.stakeholder("PP1").size == 80
    assert edit_stakeholder(sized, "PP1", size=None).stakeholder("PP1").size is None
    with pytest.raises(ValueError, match=r"`size` doit être un nombre entier de personnes"):
        add_stakeholder(toc, "Voisins", "societe", size=-3)


def test_who_lives_a_change():
    groups = [
        {"id": "B", "nom": "Participants", "categorie": "beneficiaires"},
        {"id": "S", "nom": "Équipe", "categorie": "equipe"},
        {"id": "T", "nom": "Habitants du quartier", "categorie": "societe"},
        {"id": "F", "nom": "Financeur", "categorie": "financeurs"},
        {"id": "P", "nom": "Partenaire", "categorie": "partenaires"},
    ]
    toc = _outcome_toc(
        {"id": "E1", "libelle": "Emploi", "parties_prenantes": ["B", "S", "F"]},
        {"id": "E2", "libelle": "Compétences de l'équipe", "parties_prenantes": ["S", "F"]},
        {"id": "E3", "libelle": "Quartier plus sûr", "parties_prenantes": ["T", "P"]},
        {"id": "E4", "libelle": "Visibilité", "parties_prenantes": ["F", "P"]},
        {"id": "E5", "libelle": "Réseau", "parties_prenantes": ["B", "P"], "vecu_par": ["B", "P"]},
        groups=groups,
    )
    got = {e.id: (living_groups(toc, e), interested_groups(toc, e.id)) for e in toc.outcomes}
    assert got == {
        "E1": (("B",), ("S", "F")),  # the staff delivers it: the beneficiaries live it
        "E2": (("S",), ("F",)),  # no beneficiary named: the change is the staff's
        "E3": (("T",), ("P",)),
        "E4": ((), ("F", "P")),  # funders and partners have an interest in knowing
        "E5": (("B", "P"), ()),  # the file says who lives it
    }


@pytest.mark.parametrize(
    ("label", "fires"),
    [
        ("Projet professionnel plus clair et réseau activé", True),
        ("Moins de passages à l'acte et de victimes", True),
        ("Confiance ET estime de soi", True),
        ("Situation sociale stabilisée (logement et droits)", False),
        ("Accès à l'emploi ou à la formation", False),
        ("Projet clarifié", False),
        ("Mieux-être", False),
    ],
)
def test_double_barrelled_outcome(label, fires):
    found = check_coherence(_outcome_toc({"id": "E1", "libelle": label}))
    rows = found[found["code"] == "effet_double"]
    assert len(rows) == int(fires), found.to_string()
    if fires:
        assert rows["gravite"].item() == "à vérifier"
        assert rows["message"].item() == (
            f"L'effet « E1 » ({label}) réunit peut-être deux changements (« … et … ») : si "
            "l'un peut arriver sans l'autre, séparez-les en deux effets, mesurés chacun par "
            "son indicateur."
        )


def test_internal_group_without_outcome():
    groups = [
        {"id": "PP1", "nom": "Participants", "categorie": "beneficiaires"},
        {"id": "PP2", "nom": "Bénévoles animateurs", "categorie": "benevoles"},
        {"id": "PP3", "nom": "Financeur", "categorie": "financeurs"},
    ]
    found = check_coherence(_outcome_toc({"id": "E1", "libelle": "Confiance"}, groups=groups))
    assert found["code"].tolist() == ["partie_prenante_interne_sans_effet"]
    assert found["element"].item() == "PP2" and found["gravite"].item() == "à vérifier"
    assert (
        found["message"]
        .item()
        .startswith(
            "Le groupe « Bénévoles animateurs » (PP2), partie prenante interne, n'est cité par "
            "aucun effet : que change l'action pour lui"
        )
    )
    quiet = _outcome_toc(
        {"id": "E1", "libelle": "Confiance"},
        {"id": "E2", "libelle": "Bénévoles plus sûrs d'eux", "parties_prenantes": ["PP2"]},
        groups=groups,
    )
    assert check_coherence(quiet).empty  # a funder cited by no outcome is not flagged


def test_activity_linked_to_nothing_it_produces():
    toc = _outcome_toc({"id": "E1", "libelle": "Confiance"})
    assert check_coherence(toc).empty
    alone = add_element(toc, "activite", "Permanence")
    found = check_coherence(alone)
    assert found[["code", "gravite", "element"]].values.tolist() == [
        ["activite_sans_suite", "à corriger", "A2"]
    ]
    with_output = add_link(add_element(alone, "realisation", "Permanences tenues"), "A2", "R2")
    found = check_coherence(with_output)
    assert found["code"].tolist() == ["activite_sans_suite", "realisation_sans_suite"]
    assert found["message"][0].startswith("L'activité « A2 » (Permanence) ne mène à aucun effet")


@pytest.mark.parametrize(
    ("horizon", "months", "fires"),
    [
        ("court", 0, False),
        ("court", 6, False),
        ("court", 7, True),
        ("court", 24, True),
        ("moyen", 2, True),
        ("moyen", 12, False),
        ("moyen", 24, False),
        ("moyen", 36, True),
        ("long", 0, True),
        ("long", 6, False),
        ("long", 60, False),
        ("court", None, False),
    ],
)
def test_horizon_against_measurement_point(horizon, months, fires):
    outcome = {"id": "E1", "libelle": "Confiance", "horizon": horizon}
    if months is not None:
        outcome["mois_de_mesure"] = months
    found = check_coherence(_outcome_toc(outcome))
    rows = found[found["code"] == "horizon_mesure"]
    assert len(rows) == int(fires), found.to_string()
    if fires:
        assert rows["gravite"].item() == "à vérifier"


def test_horizon_measurement_messages():
    late = check_coherence(
        _outcome_toc({"id": "E1", "libelle": "Confiance", "horizon": "court", "mois_de_mesure": 24})
    )
    assert late.loc[late["code"] == "horizon_mesure", "message"].item() == (
        "L'effet « E1 » (Confiance) est à court terme mais mesuré 24 mois après la fin de "
        "l'action : si tard, il dit un changement plus durable. Mesurez-le au plus 6 mois après "
        "la fin, ou changez son horizon."
    )
    early = check_coherence(
        _outcome_toc({"id": "E1", "libelle": "Emploi", "horizon": "long", "mois_de_mesure": 0})
    )
    assert early.loc[early["code"] == "horizon_mesure", "message"].item() == (
        "L'effet « E1 » (Emploi) est à long terme mais mesuré à la fin de l'action : si tôt, un "
        "changement à long terme n'a pas encore eu le temps d'apparaître. Mesurez-le au moins 6 "
        "mois après la fin, ou changez son horizon."
    )
    assert MEASUREMENT_WINDOWS == {"court": (0, 6), "moyen": (3, 24), "long": (6, None)}


def test_the_chain_holds_only_when_nothing_is_left_to_check():
    clean = check_coherence(_outcome_toc({"id": "E1", "libelle": "Confiance"}))
    assert explain_coherence(clean).lines[0].endswith("La chaîne tient.")
    doubled = check_coherence(_outcome_toc({"id": "E1", "libelle": "Confiance et estime"}))
    lines = explain_coherence(doubled).lines
    assert lines[0] == (
        "**Aucun point** à corriger et **1 point** à vérifier. Aucun maillon n'est cassé ; "
        "relisez en équipe les points à vérifier : la chaîne ne tient qu'une fois chacun "
        "tranché."
    )
    assert "La chaîne tient" not in " ".join(lines)


def test_negative_and_unintended_outcomes_are_read_and_drawn():
    toc = _outcome_toc(
        {"id": "E1", "libelle": "Confiance"},
        {"id": "E2", "libelle": "Fatigue des familles", "nature": "negatif", "attendu": False},
    )
    lines = explain_theory_of_change(toc).lines
    assert lines[1] == (
        "Effet négatif ou non attendu noté : E2 « Fatigue des familles » (négatif, non "
        "attendu). Il compte dans l'évaluation comme les autres : dites-le, mesurez-le s'il "
        "est important."
    )
    assert elements_table(toc).loc["E2", "Nature"] == "négatif, non attendu"
    assert "2 effets (2 à moyen terme) dont 1 négatif ou non attendu" in (
        describe_theory_of_change(toc)
    )
    plain = _outcome_toc({"id": "E1", "libelle": "Confiance"})
    assert (
        explain_theory_of_change(plain)
        .lines[1]
        .startswith("Aucun effet négatif ou non attendu n'est noté")
    )
    fig = draw_theory_of_change(toc)
    ax = fig.axes[0]
    boxes = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    negative, positive = boxes["toc-box:E2"], boxes["toc-box:E1"]
    assert negative.get_facecolor() != positive.get_facecolor()
    assert negative.get_linestyle() not in ("-", "solid")
    assert positive.get_linestyle() in ("-", "solid")
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "[négatif, non attendu]" in texts
    assert "Légende : cases roses marquées [négatif]" in texts
    assert "bord en pointillés, [non attendu]" in texts


def test_import_theory_of_change_replaces_the_workspace_one(tmp_path):
    ws = create_workspace(tmp_path / "espace", "Essai")
    assert "aucun fichier importé" in import_theory_of_change(ws, "")
    assert not toc_path(ws).is_file()  # nothing written without a file
    message = import_theory_of_change(ws, VALID)
    assert message.startswith("Théorie du changement importée depuis")
    assert load_theory_of_change(ws).impact.label == "Retour durable à l'emploi choisi"
    broken = tmp_path / "cassee.yml"
    broken.write_text("version: 1\nprobleme: [\n", encoding="utf-8")
    with pytest.raises(TheoryOfChangeError, match="cassee.yml"):
        import_theory_of_change(ws, broken)
