"""The item bank and the questionnaire built from a structure's scope (step 07)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sizeup_helpers.errors import QuestionnaireError
from sizeup_helpers.item_bank import (
    CODE_PATTERN,
    DOMAINS,
    SCALES,
    build_questionnaire,
    domains_for,
    draw_respondent_codes,
    explain_questionnaire,
    explain_safeguards,
    explain_saved_questionnaires,
    items_for,
    load_item_bank,
    save_questionnaires,
)
from sizeup_helpers.workspace import create_workspace, open_workspace, samples_dir
from sizeup_helpers.xlsform import Group, Question, Questionnaire, check_xlsform, to_xlsform

SAMPLES = sorted(p.parent for p in samples_dir().glob("*/structure.yml"))
#: From ../shared/reference/questionnaire-items.md: never shipped, or only with their own
#: notice in a separate file (not in this CC-BY bank).
FORBIDDEN = (
    "wemwbs",
    "warwick",
    "outcomes star",
    "etoile de progression",
    "energie partagee",
    "criterium",
    "valor",
    "career decision",
    "rosenberg",
    "schwarzer",
    "who-5",
    "gierveld",
    "ucla",
    "cantril",
)


def _fold(text: str) -> str:
    from sizeup_helpers.french import fold

    return fold(text)


def test_sample_list_has_seven_structures():
    assert len(SAMPLES) == 7


def test_bank_rows_are_complete_and_allowed():
    bank = load_item_bank()
    assert len(bank) >= 20
    assert len({i.id for i in bank}) == len(bank)
    assert {i.domain for i in bank} == set(DOMAINS)
    for item in bank:
        assert item.source and item.licence and item.status and item.label
        assert item.licence in {"CC-BY-4.0", "OGL-UK-3.0"}, item.id
        if item.licence == "CC-BY-4.0":
            assert item.status == "rédigé par Size Up, non validé"
            assert item.own
        else:
            assert "Open Government Licence" in item.source
        text = _fold(" ".join([item.label, item.source, item.licence, item.status]))
        assert not [bad for bad in FORBIDDEN if bad in text], item.id
        if item.type.startswith("select"):
            assert item.choices in SCALES


def test_every_project_scale_has_ne_sait_pas_apart_from_refusal():
    bank = load_item_bank()
    for item in bank:
        if item.own and item.choices and item.type == "select_one":
            choices, with_nsp = SCALES[item.choices]
            assert with_nsp, item.id
            assert "nsp" not in dict(choices)
        elif item.type == "select_multiple":  # « nothing » is a box; empty is missing
            choices, with_nsp = SCALES[item.choices]
            assert not with_nsp and "aucune" in dict(choices), item.id
    q = build_questionnaire(open_workspace(SAMPLES[0]), wave="apres")
    multiple = {x.choices for x in q.questions() if x.type == "select_multiple"}
    for cl in q.choice_lists:
        names = dict(cl.choices)
        if cl.name in ("consentement", "frequence_solitude", *multiple):
            assert "nsp" not in names  # consent is yes/no; the ONS scale is kept as is
        else:
            assert names["nsp"] == "Je ne sais pas"
            assert names["refus"] == "Je préfère ne pas répondre"


def test_bank_errors_are_french_and_name_the_line(tmp_path):
    bad = tmp_path / "banque.csv"
    header = "id;domaine;libelle;type;liste;condition;vagues;source;licence;statut\n"
    bad.write_text(header + "x_1;mobilite;Texte;text;;;avant;;CC-BY-4.0;ok\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="ligne 2 : la colonne « source » est vide"):
        load_item_bank(bad)
    bad.write_text(header + "x_1;lune;Texte;text;;;avant;S;CC-BY-4.0;ok\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="domaine inconnu « lune »"):
        load_item_bank(bad)


def test_items_for_a_domain_or_an_outcome():
    assert {i.domain for i in items_for("mobilite")} == {"mobilite"}
    assert {i.domain for i in items_for("Isolement réduit")} == {"isolement_liens_sociaux"}
    assert domains_for("Les élèves connaissent mieux la loi") == ["connaissances"]
    assert domains_for("Accès à l'emploi") == ["situation_emploi"]
    assert "connaissances" not in domains_for("Un emploi stable")  # « loi » in « emploi »
    assert items_for("Une épargne locale investie") == []
    assert all("apres" in i.waves for i in items_for("satisfaction", wave="apres"))
    assert not items_for("satisfaction", wave="avant")


@pytest.mark.parametrize("root", SAMPLES, ids=lambda p: p.name)
def test_every_sample_questionnaire_passes_pyxform(root, tmp_path):
    ws = open_workspace(root)
    for wave in ("avant", "apres"):
        q = build_questionnaire(ws, wave=wave)
        xml = check_xlsform(to_xlsform(q, tmp_path / f"{wave}.xlsx"))
        assert "code_repondant" in xml
        # the RGPD note first, then consent; everything after depends on consent
        first, consent, *rest = q.items
        assert first.type == "note" and "article 13 du RGPD" in first.label
        assert ws.name in first.label
        for word in ("consentement", "conservées", "articles 15 à 21", "CNIL"):
            assert word in first.label
        assert consent.name == "consentement" and consent.type == "select_one"
        assert consent.required and consent.choices == "consentement"
        for item in rest:
            assert "${consentement}" in (item.relevant or ""), item.name
        groups = [g for g in rest if isinstance(g, Group) and g.name.startswith("effet_")]
        assert len(groups) == len(ws_outcomes(ws))
        assert rest[-1].name == "fin" and rest[-1].type == "note"


def ws_outcomes(ws):
    from sizeup_helpers.inventory import scope_outcomes

    return scope_outcomes(ws)[0]


def test_respondent_code_refuses_initials_and_birthdays():
    q = build_questionnaire(["Isolement réduit"], wave="avant", structure="Essai")
    code = next(x for x in q.questions() if x.name == "code_repondant")
    pattern = re.search(r"regex\(\., '(.*)'\)", code.constraint).group(1)
    assert pattern == CODE_PATTERN
    assert "initiales" in code.constraint_message and "KTR-472" in code.constraint_message
    for good in ["KTR-472", "ABC-999", *draw_respondent_codes(50)]:
        assert re.fullmatch(pattern, good), good
    for bad in ["JD120485", "JD-1204", "JDU-120", "jdu-472", "AB0412", "JDM-0412", "KTR472"]:
        assert not re.fullmatch(pattern, bad), bad
    assert len(set(draw_respondent_codes(200))) == 200


def test_no_matching_item_gives_an_open_question_and_a_reading():
    q = build_questionnaire(
        ["Isolement réduit", "Une épargne locale investie dans le territoire"],
        wave="apres",
        structure="Essai",
    )
    names = [x.name for x in q.questions()]
    assert "e2_ouverte" in "".join(names) or "effet_e2_ouverte" in names
    assert "satisfaction_1" in names  # the « après » wave asks for an opinion
    text = explain_questionnaire(q).to_text()
    assert "1 effet n'a aucun item dans la banque" in text
    assert "« Une épargne locale investie dans le territoire »" in text
    assert "OGL-UK-3.0" in text and "CC-BY-4.0" in text
    before = build_questionnaire(["Isolement réduit"], wave="avant", structure="Essai")
    assert "satisfaction_1" not in [x.name for x in before.questions()]
    assert "Chaque effet a au moins une question de la banque." in (
        explain_questionnaire(before).to_text()
    )


def test_skip_logic_on_employment_and_shared_domains():
    q = build_questionnaire(["Accès à l'emploi", "En emploi six mois après"], structure="E")
    by_name = {x.name: x for x in q.questions()}
    assert by_name["emploi_2"].relevant == "${emploi_1} = 'en_emploi'"
    assert "effet_e2_note" in by_name  # the same items are not asked twice
    text = explain_questionnaire(q).to_text()
    assert "les questions d'un effet précédent le couvrent déjà" in text


@pytest.mark.parametrize("root", SAMPLES, ids=lambda p: p.name)
def test_reading_on_every_sample(root):
    ws = open_workspace(root)
    q = build_questionnaire(ws, wave="apres")
    reading = explain_questionnaire(q)
    text = reading.to_text()
    n = len(ws_outcomes(ws))
    assert f"réparties en {n} groupes (un par effet)" in text
    assert "note d'information (RGPD, article 13)" in text
    assert re.search(r"\d+ items? (est|sont) rédigés? par Size Up", text)
    if root.name == "commerce-rural":
        assert "4 effets n'ont aucun item dans la banque" in text
        assert "une question ouverte rédigée par Size Up en tient lieu" in text
    assert list(reading.to_frame().columns)[:2] == ["effet", "questions de la banque"]
    assert len(reading.table) == n


def test_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    q = build_questionnaire(ws)
    check_xlsform(to_xlsform(q, tmp_path / "vide.xlsx"))
    assert [x.name for x in q.items] == ["information", "consentement", "refus_merci",
                                         "code_repondant", "date_reponse", "fin"]  # fmt: skip
    assert "Essai" in q.items[0].label
    text = explain_questionnaire(q).to_text()
    assert "aucune question sur vos effets" in text
    assert "carnet 02" in text and "carnet 03" in text


def test_bad_wave_is_refused_in_french():
    with pytest.raises(QuestionnaireError, match="La vague « pendant » est inconnue"):
        build_questionnaire([], wave="pendant")


def test_bank_ships_in_the_package():
    import sizeup_helpers

    data = Path(sizeup_helpers.__file__).parent / "data" / "banque-items.csv"
    assert data.is_file()
    assert isinstance(sizeup_helpers.build_questionnaire([], structure="E").items[0], Question)


# --------------------------------------------------------------------------------------
# Step 07's deliverables
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("root", SAMPLES, ids=lambda p: p.name)
def test_saved_files_of_every_sample(root, tmp_path):
    ws = open_workspace(root, tmp_path)
    saved = save_questionnaires(ws)
    folder = ws.step_dir("07")
    assert sorted(p.name for p in folder.iterdir()) == [
        "questionnaire-apres.html",
        "questionnaire-apres.xlsx",
        "questionnaire-avant.html",
        "questionnaire-avant.xlsx",
        "saisie-papier-apres.xlsx",
        "saisie-papier-avant.xlsx",
    ]
    assert set(saved.paths()) == set(folder.iterdir())
    assert saved.warnings == {"avant": [], "apres": []}  # no error, no warning
    for wave in ("avant", "apres"):
        assert "code_repondant" in check_xlsform(folder / f"questionnaire-{wave}.xlsx")
    codes = [
        [x for x in q.questions() if x.name == "code_repondant"][0]
        for q in saved.questionnaires.values()
    ]
    assert codes[0] == codes[1]  # the same code pairs the waves
    assert saved.to_collect is None  # step 06 has not run in this output folder
    text = explain_saved_questionnaires(saved).to_text()
    assert "2 vagues écrites : « avant l'action » et « après l'action »" in text
    assert "le même code personnel" in text
    assert text.count("accepté par pyxform, sans erreur ni avertissement") == 2
    assert "carnet 06) n'a pas encore été fait" in text
    assert len(explain_saved_questionnaires(saved).to_frame()) == 6


def _framework(ws, monkeypatch, left):
    """Step 06 ran (its framework file exists) and leaves ``left`` to the questionnaire."""
    from sizeup_helpers import indicators

    ws.write_text(ws.step_dir("06") / indicators.FRAMEWORK_FILE, "Niveau;Élément\n")
    calls = []

    def outcomes_to_collect(ws, tool="questionnaire (07)"):
        calls.append(tool)
        return list(left)

    monkeypatch.setattr(indicators, "outcomes_to_collect", outcomes_to_collect)
    return calls


def test_outcomes_left_by_step06(tmp_path, monkeypatch):
    ws = open_workspace(SAMPLES[0], tmp_path)
    ids = ws_outcomes(ws)
    calls = _framework(ws, monkeypatch, [ids[0]])
    saved = save_questionnaires(ws, waves=["avant"])
    assert calls == ["questionnaire (07)"]
    assert [i for i, _ in saved.to_collect] == [ids[0]]
    text = explain_saved_questionnaires(saved).to_text()
    assert "1 vague écrite : « avant l'action »" in text and "même code" not in text
    assert "laisse au questionnaire 1 effet : « " in text
    assert "Il a ses questions dans le questionnaire." in text
    _framework(ws, monkeypatch, [ids[0], "E99"])
    text = explain_saved_questionnaires(save_questionnaires(ws, waves=["apres"])).to_text()
    assert "laisse au questionnaire 2 effets" in text
    assert "1 effet n'est pas dans le questionnaire (« E99 »)" in text
    _framework(ws, monkeypatch, [])
    text = explain_saved_questionnaires(save_questionnaires(ws)).to_text()
    assert "ne laisse aucun effet au questionnaire" in text


def test_saved_files_on_an_empty_workspace_and_bad_wave(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    saved = save_questionnaires(ws, waves=["apres", "apres"])
    assert list(saved.files) == ["apres"] and saved.warnings["apres"] == []
    assert "1 vague écrite" in explain_saved_questionnaires(saved).to_text()
    with pytest.raises(QuestionnaireError, match="^Vague inconnue « pendant » : choisissez"):
        save_questionnaires(ws, waves=["pendant"])
    with pytest.raises(QuestionnaireError, match="^Aucune vague choisie"):
        save_questionnaires(ws, waves=[])


@pytest.mark.parametrize("root", SAMPLES, ids=lambda p: p.name)
def test_safeguards_on_every_sample(root):
    for wave in ("avant", "apres"):
        q = build_questionnaire(open_workspace(root), wave=wave)
        reading = explain_safeguards(q)
        text = reading.to_text()
        assert "Les quatre points qu'un évaluateur vérifie d'abord sont en place." in text
        assert set(reading.to_frame()["résultat"]) == {"oui"}
        n = sum(1 for x in q.questions() if x.type != "note") - 1
        assert f"les {n} autres questions ne s'affichent que si la personne accepte" in text
        assert "(MD-0512) est refusé par le formulaire" in text
        assert re.search(r"réponses à part sur \d+ des \d+ listes de réponses", text)
        ons = any(cl.name == "frequence_solitude" for cl in q.choice_lists)
        assert ("échelle publiée" in text) == ons


def test_safeguards_said_missing_in_french(tmp_path):
    q = build_questionnaire(create_workspace(tmp_path / "x", "Essai"))
    text = explain_safeguards(q).to_text()
    assert "Ce questionnaire n'a pas encore de question à choix sur vos effets." in text
    assert "les 2 autres questions ne s'affichent" in text
    bare = Questionnaire(
        "Nu",
        "nu",
        items=[Question("age", "Âge", "integer"), Question("code_repondant", "Code")],
    )
    reading = explain_safeguards(bare)
    text = reading.to_text()
    assert text.splitlines()[1] == (
        "À corriger avant l'enquête : « information RGPD d'abord », « consentement avant les "
        "questions » et « code personnel sans initiales ni date de naissance »."
    )
    assert "ne commence pas par une note d'information complète" in text
    assert "Aucune question de consentement" in text
    assert list(reading.to_frame()["résultat"]) == ["non", "non", "non", "oui"]
