"""Step 10: segments, code suggestions confirmed by a person, themes, quotes, triangulation."""

from __future__ import annotations

import pandas as pd
import pytest

from sizeup_helpers import qualitative as q
from sizeup_helpers.clean_workspace import clean_workspace
from sizeup_helpers.errors import InterviewGuideError, QualitativeError
from sizeup_helpers.indicators import FRAMEWORK_COLUMNS, FRAMEWORK_FILE
from sizeup_helpers.interview_guide import build_codebook, save_codebook
from sizeup_helpers.workspace import create_workspace, open_workspace, samples_dir
from tools.samplegen import load_truth
from tools.samplegen._qualitative import THEMES, themes_in

SAMPLES = sorted(p.parent.name for p in samples_dir().glob("*/structure.yml"))

# Thresholds of the planted-truth test (suggestions from a codebook whose codes are the
# planted themes: label, and the theme's marker phrases as « mots_cles »):
TRANSCRIPT_RECALL = 1.0  # every planted theme suggested in every transcript holding it
SEGMENT_RECALL = 0.9  # theme mentions (turns and testimonials) suggested
SEGMENT_PRECISION = 0.8  # suggestions that are planted mentions
CONTRARY_RECALL = 0.9  # planted criticisms (« limites ») suggested « contre »


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """Each sample opened on its own output folder, its testimonials cleaned (step 05)."""
    cache = {}

    def get(slug):
        if slug not in cache:
            ws = open_workspace(samples_dir() / slug, tmp_path_factory.mktemp(slug))
            clean_workspace(ws, roles=["temoignages"])
            cache[slug] = (ws, q.qualitative_segments(ws))
        return cache[slug]

    return get


def _truth_codebook(slug):
    themes = load_truth(slug)["effets"]["themes_entretiens"]["themes"]
    return pd.DataFrame(
        [
            {
                "code": k,
                "famille": "effet",
                "effet": k,
                "libelle": v["libelle"],
                "definition": "",
                "inclure": "",
                "exclure": "",
                "mots_cles": " ; ".join(v["reperes"]),
            }
            for k, v in themes.items()
        ]
    )


# ---- the planted truth ----------------------------------------------------------------
@pytest.mark.parametrize("slug", SAMPLES)
def test_suggestions_recover_the_planted_themes(slug, prepared):
    ws, segments = prepared(slug)
    truth = load_truth(slug)["effets"]
    s = q.suggest_codes(segments, _truth_codebook(slug))
    # every planted theme, in the right transcripts
    for path, themes in truth["themes_entretiens"]["par_entretien"].items():
        role = path.rsplit("/", 1)[-1].removesuffix(".md")
        found = {c for v in s.loc[s["personne"] == role, "codes_suggeres"] for c in q._split(v)}
        missing = set(themes) - found
        assert len(missing) <= (1 - TRANSCRIPT_RECALL) * len(themes), (role, missing)
    # every testimonial is there, with its planted themes
    planted = truth["themes_temoignages"]["par_temoignage"]
    assert s["personne"].str.startswith("temoignages-").sum() == len(planted)
    # mentions, segment by segment (a theme is in a segment where one of its markers is)
    tp = fp = fn = 0
    limits = contrary = 0
    for _, r in s.iterrows():
        t = set(themes_in(r["texte"], THEMES[slug]))
        g = set(q._split(r["codes_suggeres"]))
        tp, fp, fn = tp + len(t & g), fp + len(g - t), fn + len(t - g)
        if "limites" in t:
            limits += 1
            contrary += r["sens_suggere"] == "contre"
    assert tp / (tp + fn) >= SEGMENT_RECALL
    assert tp / (tp + fp) >= SEGMENT_PRECISION
    assert limits and contrary / limits >= CONTRARY_RECALL


def test_step08_codebook_suggests_outcomes_where_they_were_planted(prepared):
    ws, segments = prepared("ateliers-emploi")
    s = q.suggest_codes(segments, build_codebook(ws))
    truth = load_truth("ateliers-emploi")["effets"]["themes_entretiens"]["par_entretien"]
    for path, themes in truth.items():
        role = path.rsplit("/", 1)[-1].removesuffix(".md")
        codes = " ; ".join(s.loc[s["personne"] == role, "codes_suggeres"])
        if "confiance" in themes:
            assert "E1-confiance-en-soi" in codes, role
    # « je tournais en rond » says isolation without the label's words: the participant
    # adds it to the codebook's « mots_cles » column, and the suggestion follows
    codebook = build_codebook(ws)
    s = q.suggest_codes(segments, codebook)
    role = "entretien_04"
    assert "E2-isolement-reduit" not in " ; ".join(s.loc[s["personne"] == role, "codes_suggeres"])
    codebook["mots_cles"] = ""
    codebook.loc[codebook["effet"] == "E2", "mots_cles"] = "isolé ; tournais en rond"
    s = q.suggest_codes(segments, codebook)
    assert "E2-isolement-reduit" in " ; ".join(s.loc[s["personne"] == role, "codes_suggeres"])


@pytest.mark.parametrize("slug", SAMPLES)
def test_segments_are_redacted(slug, prepared):
    ws, segments = prepared(slug)
    mess = load_truth(slug)["desordre"]
    slipped = [
        item["valeur"]
        for key in ("entretiens", "temoignages")
        for item in (mess.get(key) or {}).get("identifiants_glisses", [])
    ]
    assert slipped
    text = "\n".join(segments["texte"])
    for value in slipped:
        assert value not in text, value
    assert "retiré]" in text
    # the interviewer's questions are not segments; every interview gives its turns
    assert not segments["texte"].str.contains(r"\?$").all()
    assert set(segments["type"]) == {"entretien", "réponse écrite"}
    assert segments["segment"].is_unique


# ---- readings on every sample and on an empty workspace --------------------------------
@pytest.mark.parametrize("slug", SAMPLES)
def test_readings_on_every_sample(slug, prepared):
    ws, segments = prepared(slug)
    save_codebook(ws)
    coding = q.resolve_coding(ws, segments=segments)
    assert (ws.step_dir("10") / q.CODING_FILE).is_file()
    text = q.explain_segments(segments).to_text()
    n_int = segments.loc[segments["type"] == "entretien", "personne"].nunique()
    assert "segments à coder" in text and f"{n_int} entretiens" in text
    assert "temoignages" in text and "[nom retiré]" in text
    text = q.explain_coding(coding).to_text()
    assert f"Sur {len(segments)} segments" in text
    assert "0 a été confirmé" in text
    assert "SUGGESTIONS non encore confirmées" in text
    assert "Suggestions enregistrées dans codage.csv" in text
    coding = q.resolve_coding(ws, segments=segments)
    assert "Codage relu dans codage.csv, sans confirmation pour l'instant" in coding.message
    analysis = q.analyse_coding(coding)
    analysis.triangulation = q.triangulate(analysis, ws)
    text = q.explain_themes(analysis).to_text()
    assert text.startswith("Les thèmes\nLe thème le plus présent est « ")
    assert "n'est pas une fréquence dans la population" in text
    assert "suggestions non encore confirmées" in text
    text = q.explain_contrary_evidence(analysis).to_text()
    assert "passages de" in text and "restent dans l'analyse" in text
    text = q.explain_quotes(analysis).to_text()
    assert "citations sont proposées" in text and "déjà expurgées" in text
    text = q.explain_triangulation(analysis.triangulation).to_text()
    n = len(analysis.triangulation)
    assert text.startswith(f"La triangulation\nSur {n} effets, les preuves chiffrées")
    # without step 06, every outcome lacks its figures
    assert set(analysis.triangulation["concordance"]) == {"manquante"}
    paths = q.save_qualitative_analysis(analysis, ws)
    assert {p.name for p in paths} >= {"themes-par-effet.csv", "citations.csv", "triangulation.csv"}
    for p in paths[:-1]:
        assert "Ahmed" not in p.read_text(encoding="utf-8-sig")


def test_readings_on_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    save_codebook(ws)
    segments = q.qualitative_segments(ws)
    assert segments.empty
    assert "Aucun segment à coder" in q.explain_segments(segments).to_text()
    coding = q.resolve_coding(ws, segments=segments)
    assert (
        q.explain_coding(coding).to_text()
        == "Le codage\nRien à coder pour l'instant : aucun segment."
    )
    analysis = q.analyse_coding(coding)
    analysis.triangulation = q.triangulate(analysis, ws)
    assert "aucun segment à coder" in q.explain_themes(analysis).to_text()
    assert "il n'y a rien à coder" in q.explain_contrary_evidence(analysis).to_text()
    assert "Aucune citation" in q.explain_quotes(analysis).to_text()
    assert (
        "Pas de triangulation possible" in q.explain_triangulation(analysis.triangulation).to_text()
    )


def test_empty_transcripts_folder_and_empty_transcript(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    folder = ws.raw_dir / "entretiens"
    folder.mkdir(parents=True, exist_ok=True)
    assert q.qualitative_segments(ws).empty
    (folder / "entretien_01.md").write_text("", encoding="utf-8")
    assert q.qualitative_segments(ws).empty
    (folder / "entretien_02.md").write_text(
        "# Notes\n\nElle a retrouvé confiance, dit-elle, appelez Léa au 06 12 34 56 78.\n",
        encoding="utf-8",
    )
    seg = q.qualitative_segments(ws)
    assert seg["texte"].tolist() == [
        "Elle a retrouvé confiance, dit-elle, appelez [nom retiré] au [téléphone retiré]."
    ]
    assert seg["groupe"].tolist() == ["non précisé"]


# ---- the coding file: suggestions a person confirms -----------------------------------
@pytest.fixture
def coded(prepared, tmp_path):
    ws, segments = prepared("ateliers-emploi")
    ws = open_workspace(ws.root, tmp_path / "sorties")
    clean_workspace(ws, roles=["temoignages"])
    save_codebook(ws)
    return ws, segments


def test_the_edited_coding_file_wins(coded):
    ws, segments = coded
    first = q.resolve_coding(ws, segments=segments)
    assert not first.from_file and first.confirmed == 0 and first.uses_suggestions
    path = ws.step_dir("10") / q.CODING_FILE
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    coded_rows = table.index[table["codes_suggeres"] != ""]
    table.loc[coded_rows, "confirme"] = "oui"
    table.loc[coded_rows[0], ["confirme", "code_retenu", "sens"]] = ["non", "NEGATIF", "contre"]
    table.loc[coded_rows[1], "confirme"] = "à revoir"
    table.to_csv(path, index=False, encoding="utf-8-sig")
    again = q.resolve_coding(ws, segments=segments)
    assert again.from_file and again.confirmed == len(coded_rows) - 1
    row = again.table.loc[coded_rows[0]]
    assert row["codes"] == ["NEGATIF"] and row["direction"] == "contre"
    assert again.table.loc[coded_rows[1], "codes"] == []
    assert not again.uses_suggestions
    text = q.explain_coding(again).to_text()
    assert "Tous les segments codés ont été relus" in text and "à revoir" in text
    assert "SUGGESTIONS" not in q.explain_themes(q.analyse_coding(again)).to_text()
    # the file is only read: the participant's cells are still there
    assert "NEGATIF" in path.read_text(encoding="utf-8-sig")
    assert q.resolve_coding(ws, segments=segments, use_saved=False).confirmed == 0


def test_save_coding_decision_is_what_the_form_calls(coded):
    ws, segments = coded
    q.resolve_coding(ws, segments=segments)
    seg = segments["segment"].iloc[1]
    q.save_coding_decision(ws, seg, confirm="oui", codes=["E1-confiance-en-soi"], note="net")
    coding = q.resolve_coding(ws, segments=segments)
    row = coding.table.set_index("segment").loc[seg]
    assert row["codes"] == ["E1-confiance-en-soi"] and row["note"] == "net"
    with pytest.raises(QualitativeError, match="Code inconnu de la grille de codage : « E9 »"):
        q.save_coding_decision(ws, seg, confirm="oui", codes=["E9"])
    with pytest.raises(QualitativeError, match="répondez oui, non ou à revoir"):
        q.save_coding_decision(ws, seg, confirm="peut-être")
    with pytest.raises(QualitativeError, match="le segment « X » n'y figure pas"):
        q.save_coding_decision(ws, "X", confirm="oui")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("code_retenu", "E1-confiance-en-soi ; X", "colonne « code_retenu » : le code « X » n"),
        ("confirme", "peut-être", "colonne « confirme » : « peut-être » n'est pas"),
        ("sens", "neutre", "colonne « sens » : « neutre » n'est pas « pour » ou « contre »"),
    ],
)
def test_edited_coding_file_with_a_bad_value_is_refused(coded, column, value, message):
    ws, segments = coded
    q.resolve_coding(ws, segments=segments)
    path = ws.step_dir("10") / q.CODING_FILE
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.loc[3, column] = value
    table.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(QualitativeError, match=f"codage.csv, ligne 5, {message}"):
        q.resolve_coding(ws, segments=segments)


def test_coding_file_without_its_columns_is_refused(coded):
    ws, segments = coded
    path = ws.step_dir("10") / q.CODING_FILE
    pd.DataFrame({"segment": ["a"]}).to_csv(path, index=False)
    with pytest.raises(QualitativeError, match="colonnes manquent .*« confirme »"):
        q.resolve_coding(ws, segments=segments)


def test_missing_codebook_is_refused_in_french(tmp_path):
    ws = open_workspace(samples_dir() / "ateliers-emploi", tmp_path / "sorties")
    with pytest.raises(
        InterviewGuideError, match="Produisez la grille de codage dans le carnet 08"
    ):
        q.resolve_coding(ws, segments=q.qualitative_segments(ws, names=None))


def test_keywords_column_and_exclusions_change_the_score():
    cb = pd.DataFrame(
        [
            {"code": "A", "libelle": "Mobilité", "definition": "", "inclure": "",
             "exclure": "« voiture de location »", "mots_cles": "permis ; trajet"},
            {"code": "B", "libelle": "Logement", "definition": "", "inclure": "", "exclure": ""},
        ]
    )  # fmt: skip
    seg = pd.DataFrame(
        {"texte": ["J'ai eu mon permis.", "Un logement enfin.", "Rien à voir.", "Dommage."]}
    )
    s = q.suggest_codes(seg, cb)
    assert s["codes_suggeres"].tolist() == ["A", "B", "", ""]
    assert s["sens_suggere"].tolist() == ["pour", "pour", "", "contre"]
    assert q.code_keywords(cb)["A"]["location"] == q.EXCLUDE_WEIGHT


# ---- quotes and re-identification ------------------------------------------------------
def test_quotes_naming_an_age_a_job_or_a_place_are_flagged(prepared):
    ws, segments = prepared("ateliers-emploi")
    coding = q.resolve_coding(ws, segments=segments, codebook=build_codebook(ws))
    analysis = q.analyse_coding(coding, quotes_per_outcome=10)
    quotes = analysis.quotes
    assert len(quotes) and quotes["citation"].str.len().between(60, 400).all()
    flagged = quotes[quotes["a_verifier"] == "oui"]
    for _, r in quotes.iterrows():
        assert (r["a_verifier"] == "oui") == bool(q.reidentification_risk(r["citation"]))
    assert flagged.empty or "à vérifier" in q.explain_quotes(analysis).to_text()
    assert q.reidentification_risk("Je dirige la médiathèque de Bellac depuis 2019.") == [
        "lieu nommé"
    ]
    assert q.reidentification_risk("Moi, la directrice, j'ai 52 ans.") == [
        "âge",
        "métier ou fonction",
    ]


# ---- triangulation ---------------------------------------------------------------------
def _framework(ws, rows):
    frame = pd.DataFrame([{c: "" for c in FRAMEWORK_COLUMNS} | r for r in rows])
    ws.write_csv(ws.step_dir("06") / FRAMEWORK_FILE, frame, bom=True)


def test_triangulation_rules(coded):
    ws, segments = coded
    coding = q.resolve_coding(ws, segments=segments)
    analysis = q.analyse_coding(coding)
    base = {"Niveau": "effet", "Unité": "%"}
    _framework(
        ws,
        [
            base | {"Identifiant": "I1", "Élément": "E1", "Valeur": "70",
                    "Statut": "cible atteinte"},
            base | {"Identifiant": "I2", "Élément": "E2", "Valeur": "10",
                    "Statut": "en dessous de la cible"},
            base | {"Identifiant": "I3", "Élément": "E3", "Valeur": "5", "Statut": "sans cible"},
        ],
    )  # fmt: skip
    tri = q.triangulate(analysis, ws).set_index("effet")
    assert tri.loc["E1", "sens_quantitatif"] == "favorable"
    assert tri.loc["E1", "sens_qualitatif"] == "favorable"
    assert tri.loc["E1", "concordance"] == "convergente"
    assert tri.loc["E2", "concordance"] == "divergente"
    assert tri.loc["E3", "concordance"] == "à discuter"
    assert tri.loc["E4", "sens_quantitatif"] == "manquante"
    assert tri.loc["E1", "indicateurs"] == "I1 : 70 % (cible atteinte)"
    text = q.explain_triangulation(tri.reset_index()).to_text()
    assert "convergent pour 1 (E1), divergent pour 1 (E2)" in text
    assert "et 1 reste à discuter (E3)" in text
    # step 09's results, when they exist, give the direction
    step09 = ws.step_dir("09") / q.STEP09_FILE
    pd.DataFrame({"effet": ["E2"], "sens": ["favorable"]}).to_csv(step09, index=False)
    tri = q.triangulate(analysis, ws).set_index("effet")
    assert tri.loc["E2", "concordance"] == "convergente"
    assert tri.loc["E2", "indicateurs"].endswith("analyse 09 : favorable")


def test_cooccurrences_count_segments_and_people(coded):
    ws, segments = coded
    coding = q.resolve_coding(ws, segments=segments)
    analysis = q.analyse_coding(coding)
    c = analysis.cooccurrence
    assert list(c.columns) == ["code_a", "code_b", "segments", "personnes"]
    assert (c["code_a"] < c["code_b"]).all() and (c["personnes"] >= 1).all()
    th = analysis.themes.set_index("code")
    assert (th["personnes"] <= th["segments"]).all()
    assert (th["entretiens"] + th["reponses_ecrites"] == th["personnes"]).all()
    groups = analysis.groups
    assert {"participant", "bénévole", "partenaire"} <= set(groups["groupe"])


# ---- the coding form -------------------------------------------------------------------
def test_coding_form_saves_what_the_spreadsheet_holds(coded):
    from sizeup_helpers.widgets import coding_form

    ws, segments = coded
    coding = q.resolve_coding(ws, segments=segments)
    form = coding_form(ws, coding)
    first = form.position
    assert coding.table.at[first, "codes_suggeres"] != ""
    assert "Suggestion : " in form.passage.value
    assert coding.table.at[first, "segment"] in form.passage.value
    form.confirm.value = "non"
    form.codes.value = ("NEGATIF",)
    form.direction.value = "contre"
    form.note.value = "fatigue"
    assert form.save().name == q.CODING_FILE
    assert form.position == first + 1 and "enregistré dans codage.csv" in form.message
    again = q.resolve_coding(ws, segments=segments)
    row = again.table.loc[first]
    assert row["confirme"] == "non" and row["codes"] == ["NEGATIF"]
    assert row["direction"] == "contre" and row["note"] == "fatigue"
    form.show(first)
    assert form.codes.value == ("NEGATIF",) and form.direction.value == "contre"
    # an expected mistake is shown in French in the form, never as a traceback
    (ws.step_dir("10") / q.CODING_FILE).unlink()
    assert form.save() is None and form.message.startswith("Problème : ")


def test_themes_chart_says_its_unit_and_its_limits(coded):
    from sizeup_helpers.plots import themes_chart

    ws, segments = coded
    analysis = q.analyse_coding(q.resolve_coding(ws, segments=segments))
    fig = themes_chart(analysis.themes)
    label = fig.get_label()
    assert label.startswith("Barres horizontales du nombre de personnes qui évoquent")
    assert "suggérés et non encore confirmés" in label
    top = analysis.themes.sort_values("personnes").iloc[-1]
    assert f"{top['libelle']} {top['personnes']} personnes" in label
    title = fig.axes[0].get_title(loc="left")
    assert (
        title == "Qui parle de quoi : des personnes, pas une fréquence (suggestions non confirmées)"
    )
    empty = themes_chart(analysis.themes.assign(personnes=0))
    assert empty.get_label() == "Graphique vide : aucun passage ne porte encore de code."
    paths = q.save_qualitative_analysis(analysis, ws)
    assert paths[-1].name == q.CHART_FILE and paths[-1].read_bytes()[:4] == b"\x89PNG"
