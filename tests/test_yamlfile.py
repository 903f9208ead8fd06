"""Tests of sizeup_helpers.yamlfile: the one YAML reader, schema checker and writer."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

import sizeup_helpers
from sizeup_helpers.errors import FramingError, ScopeError, SizeUpError, WorkspaceError
from sizeup_helpers.yamlfile import (
    Key,
    Problems,
    YamlAliasError,
    check_mapping,
    dump_yaml,
    load_yaml,
    parse_yaml,
    read_yaml_file,
    type_ok,
)

SCHEMA = {
    "nom": Key((str,), True, "le nom"),
    "heures": Key((float,), False, "heures par mois"),
    "note": Key((int, type(None)), False, "de 1 à 5", bounds=(1, 5)),
    "horizon": Key((str,), False, "court ou long", choices=("court", "long")),
    "actif": Key((bool,), False, "oui ou non"),
    "periode": Key(
        (dict,), False, "debut", children={"debut": Key((str, dt.date), True, "AAAA-MM-JJ")}
    ),
    "fichiers": Key(
        (list,), False, "les fichiers", items={"chemin": Key((str,), True, "chemin du fichier")}
    ),
}


def _check(text: str) -> Problems:
    data, node = parse_yaml(text)
    problems = Problems()
    check_mapping(node, data, SCHEMA, "", problems)
    return problems


def test_one_type_rule_for_every_file():
    assert type_ok(2, (float,)) and type_ok(2.5, (float,))
    assert not type_ok(True, (float,)) and not type_ok(False, (int,))
    assert type_ok(True, (bool,)) and not type_ok(1, (bool,))
    assert not type_ok(2.5, (int,))
    assert not _check("nom: Essai\nheures: 12\n")  # a whole number where a number is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nom: Essai\nheures: yes\n", "ligne 2 : « heures » doit être un nombre, pas True"),
        ("nom: Essai\nnote: 7\n", "ligne 2 : « note » vaut 7 : il faut un nombre entier de 1 à 5"),
        (
            "nom: Essai\nnote: haut\n",
            "ligne 2 : « note » doit être un nombre entier de 1 à 5, pas 'haut'",
        ),
        ("nom: 12\n", "ligne 1 : « nom » doit être un texte, pas 12 (mettez-le entre guillemets)"),
        ("nom: '  '\n", "ligne 1 : « nom » est vide (le nom)"),
        (
            "nom: Essai\nhorizon: cour\n",
            "ligne 2 : « horizon » vaut « cour », qui n'est pas une "
            "valeur possible (court, long) ; vouliez-vous dire "
            "« court » ?",
        ),
        ("nom: Essai\nactif: 1\n", "ligne 2 : « actif » doit être oui/non (true ou false), pas 1"),
        ("nom: Essai\nnon: x\n", "ligne 2 : clé inconnue « non » ; vouliez-vous dire « nom » ?"),
        ("nom: Essai\nzzz: x\n", "ligne 2 : clé inconnue « zzz » (clés possibles : nom, heures"),
        ("heures: 3\n", "ligne 1 : la clé obligatoire « nom » manque (le nom)"),
        ("nom: a\nnom: b\n", "ligne 2 : la clé « nom » est écrite deux fois (déjà ligne 1)"),
        ("nom: a\nperiode:\n  fin: x\n", "ligne 3 : clé inconnue « periode.fin »"),
        (
            "nom: a\nperiode: [1]\n",
            "ligne 2 : « periode » doit être un ensemble de clés « clé: valeur », pas [1]",
        ),
        (
            "nom: a\nfichiers:\n  - chemin: x\n  - role: y\n",
            "ligne 4 : clé inconnue « fichiers[2].role »",
        ),
        (
            "nom: a\nfichiers:\n  - chemin: x\n  - role: y\n",
            "ligne 4 : la clé obligatoire « fichiers[2].chemin » manque (chemin du fichier)",
        ),
        (
            "nom: a\nfichiers: x\n",
            "ligne 2 : « fichiers » doit être une liste (éléments précédés de « - »), pas 'x'",
        ),
    ],
)
def test_check_mapping_names_the_line_and_the_key(text, expected):
    texts = _check(text).texts()
    assert any(t.startswith(expected) for t in texts), texts


def test_problems_are_raised_in_line_order_with_the_callers_error():
    problems = _check("zzz: 1\nnom: a\nheures: yes\nnote: 9\n")
    with pytest.raises(ScopeError) as info:
        problems.raise_for("f.yml", ScopeError)
    message = str(info.value)
    assert message.startswith("f.yml : 3 problèmes à corriger :\n- ligne 1 : clé inconnue")
    assert message.index("ligne 3") < message.index("ligne 4") and message.endswith("5.")
    single = Problems()
    single.add(None, "le fichier est vide")
    with pytest.raises(WorkspaceError, match=r"^g\.yml : le fichier est vide\.$"):
        single.raise_for("g.yml", WorkspaceError)
    Problems().raise_for("h.yml", SizeUpError)  # nothing to say: no error


def test_read_yaml_file_says_why_not(tmp_path):
    path = tmp_path / "f.yml"
    with pytest.raises(FramingError, match=r"f\.yml : fichier introuvable\. Faites ceci\.$"):
        read_yaml_file(path, FramingError, missing="Faites ceci.")
    path.write_bytes("nom: Élodie\n".encode("cp1252"))
    with pytest.raises(FramingError, match=r"f\.yml : le fichier n'est pas en UTF-8"):
        read_yaml_file(path, FramingError)
    path.write_text("a: 1\nb: [\n", encoding="utf-8")
    with pytest.raises(
        FramingError,
        match=r"f\.yml, ligne 3 : le fichier n'est pas du YAML "
        r"valide \(.+\)\. Vérifiez l'indentation",
    ):
        read_yaml_file(path, FramingError)
    with pytest.raises(ScopeError, match=r"f\.yml, ligne 3 : illisible \(.+\) ; refaites"):
        read_yaml_file(path, ScopeError, invalid="illisible ({problem}) ; refaites")
    path.write_bytes("\ufeffa: 1\n".encode())  # a byte-order mark is not part of the key
    data, node = read_yaml_file(path, FramingError)
    assert data == {"a": 1} and node.start_mark.line == 0


def test_dump_yaml_reads_back_the_same():
    data = {
        "version": 1,
        "effets": ["E1", "E2"],
        "periode": {"debut": "2025-01-01"},
        "questions": [{"id": "Q1", "texte": "Dans quelle mesure ?"}],
    }
    text = dump_yaml(data)
    assert "effets: [E1, E2]" in text and "\n\nperiode:\n" in text
    assert parse_yaml(text)[0] == data


def test_aliases_are_refused_at_their_line_before_being_expanded(tmp_path):
    assert parse_yaml("a: &x 1\nb: 2\n")[0] == {"a": 1, "b": 2}  # an anchor alone is harmless
    assert load_yaml("a: [1, 2]\n") == {"a": [1, 2]}
    for text, at in [("a: &x [1]\nb: *x\n", 2), ("a: &x {k: 1}\nb:\n  <<: *x\n", 3)]:
        with pytest.raises(YamlAliasError) as caught:
            parse_yaml(text)
        assert caught.value.problem_mark.line + 1 == at
        with pytest.raises(yaml.YAMLError):  # every handler of bad YAML catches it
            load_yaml(text)
    path = tmp_path / "f.yml"
    path.write_text("nom: &n Essai\n\ncopie: *n\n", encoding="utf-8")
    with pytest.raises(WorkspaceError) as caught:
        read_yaml_file(path, WorkspaceError, invalid="jamais ce texte-ci")
    assert str(caught.value) == (
        f"{path}, ligne 3 : alias « *n » : les alias YAML (« *nom », « <<: *nom ») ne sont pas "
        "acceptés dans les fichiers de Size Up : recopiez la valeur à cet endroit au lieu d'y "
        "renvoyer."
    )


def test_every_yaml_read_of_the_package_goes_through_this_module():
    package = Path(sizeup_helpers.__file__).parent
    # workspace.py's remembered-workspace file (written by notebook 00 in the user's
    # configuration folder) is still read with yaml.safe_load: see issue 10's report
    allowed = {"yamlfile.py"}
    calls = re.compile(r"yaml\.(safe_load|load|full_load|unsafe_load|compose)\w*\(|SafeLoader\(")
    found = [
        f"{path.relative_to(package)}:{n}"
        for path in sorted(package.rglob("*.py"))
        if path.name not in allowed
        for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if calls.search(row)
    ]
    assert found == []
