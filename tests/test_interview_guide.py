"""Step 08: the interview guide, who to interview, and the codebook."""

from __future__ import annotations

import re

import pytest

from sizeup_helpers import interview_guide as ig
from sizeup_helpers.clean_workspace import clean_workspace, read_raw_table
from sizeup_helpers.errors import InterviewGuideError
from sizeup_helpers.theory_of_change import load_theory_of_change
from sizeup_helpers.workspace import create_workspace, open_workspace, samples_dir

SAMPLES = sorted(p.parent.name for p in samples_dir().glob("*/structure.yml"))


def _ws(slug, tmp_path):
    return open_workspace(samples_dir() / slug, tmp_path / "sorties")


# ---- the guide --------------------------------------------------------------------------
@pytest.mark.parametrize("slug", SAMPLES)
def test_guide_has_a_theme_per_outcome_and_the_common_themes(slug, tmp_path):
    ws = _ws(slug, tmp_path)
    toc = load_theory_of_change(ws)
    guide = ig.build_interview_guide(ws)
    assert [t.outcome for t in guide.outcome_themes] == [e.id for e in toc.outcomes]
    assert not guide.warnings
    texts = " ".join(q for t in guide.themes for q in t.questions)
    assert "Sans nous, que se serait-il passé ?" in texts
    assert "conséquences négatives" in texts and "n'attendiez pas" in texts
    consent = " ".join(guide.consent)
    for words in ("enregistr", "[nom retiré]", "Qui l'entend", "effacé", "arrêter", "d'accord"):
        assert words in consent, words
    # prompts drawn from the hypotheses of the links into each outcome
    for t in guide.outcome_themes:
        hyps = [lk for lk in toc.links if lk.target == t.outcome and lk.assumption]
        assert sum("Hypothèse" in n for n in t.notes) == len(hyps)
        assert len(t.prompts) >= 3 + len(hyps)
        for lk in hyps:
            claim = lk.assumption.strip().rstrip(".")
            assert any(p.startswith(f"On entend parfois : « {claim} »") for p in t.prompts)
    reading = ig.explain_interview_guide(guide).to_text()
    n = len(toc.outcomes)
    assert f"{n} thèmes suivent un effet" in reading
    assert "« sans nous, que se serait-il passé ? »" in reading
    assert reading.count("thèmes,") == 1


@pytest.mark.parametrize("slug", SAMPLES)
def test_guide_round_trips_and_prints(slug, tmp_path):
    ws = _ws(slug, tmp_path)
    guide = ig.build_interview_guide(ws)
    path = ig.save_interview_guide(guide, ws)
    assert path.parent.name == "08-guide-d-entretien"
    assert ig.load_interview_guide(ws).to_dict() == guide.to_dict()
    paths = ig.write_interview_guide(guide, ws)
    md = paths["markdown"].read_text(encoding="utf-8")
    assert md.startswith(f"# Guide d'entretien — {ws.name}")
    assert "## Consentement à l'enregistrement" in md and "Sans nous" in md
    page = paths["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page


def test_edited_guide_is_read_back(tmp_path):
    ws = _ws("ateliers-emploi", tmp_path)
    path = ig.save_interview_guide(ig.build_interview_guide(ws), ws)
    text = path.read_text(encoding="utf-8").replace(
        "Y a-t-il quelque chose d'important", "Voulez-vous ajouter quelque chose d'important"
    )
    path.write_text(text, encoding="utf-8")
    assert ig.load_interview_guide(path).closing[0].startswith("Voulez-vous ajouter")


def test_broken_guide_is_refused_in_french_with_its_line(tmp_path):
    ws = _ws("ateliers-emploi", tmp_path)
    path = ig.save_interview_guide(ig.build_interview_guide(ws), ws)
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, s in enumerate(lines) if s.startswith("themes:"))
    bad = lines[:at] + ["themes: [oups"] + lines[at + 1 :]
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(InterviewGuideError, match=r"guide-entretien\.yml, ligne \d+ : .*YAML"):
        ig.load_interview_guide(ws)
    # a misspelt key: file, line and key named, with a suggestion
    lines[at] = "themse:"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InterviewGuideError) as err:
        ig.load_interview_guide(path)
    msg = str(err.value)
    assert f"ligne {at + 1} : clé inconnue « themse » ; vouliez-vous dire « themes » ?" in msg
    assert "la clé obligatoire « themes » manque" in msg
    # an empty consent script is refused
    guide = ig.build_interview_guide(ws)
    guide.consent = []
    ig.save_interview_guide(guide, ws)
    with pytest.raises(
        InterviewGuideError, match="ligne \\d+ : le script de consentement est vide"
    ):
        ig.load_interview_guide(ws)


def test_missing_guide_says_where_to_make_it(tmp_path):
    ws = _ws("ateliers-emploi", tmp_path)
    with pytest.raises(InterviewGuideError, match="fichier introuvable. Produisez le guide"):
        ig.load_interview_guide(ws)


def test_guide_for_another_audience(tmp_path):
    ws = _ws("ateliers-emploi", tmp_path)
    toc = load_theory_of_change(ws)
    group = next(s for s in toc.stakeholders if s.category != "beneficiaires")
    guide = ig.build_interview_guide(ws, audience=group.name)
    assert guide.audience == group.name
    assert {t.outcome for t in guide.outcome_themes} == {
        e.id for e in toc.outcomes if group.id in e.stakeholders
    }
    assert all("personnes accompagnées" in t.questions[0] for t in guide.outcome_themes)
    with pytest.raises(InterviewGuideError, match="Public « Martiens » inconnu"):
        ig.build_interview_guide(ws, audience="Martiens")


# ---- the codebook ------------------------------------------------------------------------
@pytest.mark.parametrize("slug", SAMPLES)
def test_codebook_covers_every_outcome(slug, tmp_path):
    ws = _ws(slug, tmp_path)
    toc = load_theory_of_change(ws)
    book = ig.build_codebook(ws)
    assert set(toc.outcomes and [e.id for e in toc.outcomes]) <= set(book["effet"])
    assert {"NEGATIF", "INATTENDU", "SANS-NOUS"} <= set(book["code"])
    assert book["code"].is_unique
    assert (book[["definition", "inclure", "exclure"]] != "").all().all()
    ig.save_codebook(ws, book)
    back = ig.load_codebook(ws)
    assert back.equals(book.astype(str))


def test_codebook_is_formula_safe(tmp_path):
    ws = _ws("ateliers-emploi", tmp_path)
    book = ig.build_codebook(ws)
    book.loc[0, "definition"] = "=HYPERLINK(1)"
    path = ig.save_codebook(ws, book)
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8-sig")
    assert ig.load_codebook(ws).loc[0, "definition"] == "=HYPERLINK(1)"


# ---- who to interview --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("slug", "profiles"),
    [
        ("mobilite-accompagnee", {"inscription sans venue", "parcours interrompu"}),
        ("formation-batiment", {"inscription sans venue", "parcours interrompu"}),
    ],
)
def test_interview_sample_reaches_dropouts_and_holds_no_name(slug, profiles, tmp_path):
    ws = _ws(slug, tmp_path)
    before = ig.interview_sample(ws)
    assert "exécutez d'abord le carnet 05" in before.attrs["message"]
    # without clean tables: the stakeholder groups only, with their reasons
    toc = load_theory_of_change(ws)
    assert list(before["groupe"]) == [s.name for s in toc.stakeholders]
    assert (before["personne_id"] == "").all() and (before["raison"] != "").all()
    text = ig.explain_interview_sample(before).to_text()
    assert f"{len(toc.stakeholders)} groupes de parties prenantes à rencontrer" in text
    assert "jamais venus" in text
    clean_workspace(ws)
    sample = ig.interview_sample(ws, n=8)
    people = sample[sample["personne_id"] != ""]
    assert len(people) == 8 and people["personne_id"].str.match(r"^P-[0-9a-f]+$").all()
    assert profiles | {"parcours complet"} <= set(people["profil"])
    assert people["tranche_age"].nunique() > 1
    assert (sample["raison"].str.len() > 20).all()
    groups = sample[sample["personne_id"] == ""]
    assert len(groups) >= 1 and (groups["profil"] == "autre partie prenante").all()
    register = ig.interview_sample(ws).attrs["table"]
    raw = read_raw_table(ws, register)
    names = set()
    for col in ("nom", "prenom"):
        names |= {str(v) for v in raw[col].dropna() if len(str(v)) > 2}
    cells = " ".join(map(str, sample.to_numpy().ravel()))
    assert not [n for n in names if re.search(rf"\b{re.escape(n)}\b", cells)]
    reading = ig.explain_interview_sample(sample).to_text()
    assert "8 personnes proposées" in reading and "pseudonyme" in reading
    assert "ne sont jamais venues" in reading


def test_interview_sample_small_n_keeps_every_profile(tmp_path):
    ws = _ws("formation-batiment", tmp_path)
    clean_workspace(ws, roles=["stagiaires"])
    sample = ig.interview_sample(ws, n=1)
    assert len(sample[sample["personne_id"] != ""]) == 1
    reading = ig.explain_interview_sample(sample).to_text()
    assert "\n1 personne proposée pour les entretiens, désignée par son pseudonyme : 1 «" in reading
    assert "S'y ajoutent 4 autres groupes de parties prenantes." in reading


# ---- an empty workspace ------------------------------------------------------------------
def test_empty_workspace_gives_french_sentences(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    guide = ig.build_interview_guide(ws)
    assert guide.outcome_themes == []
    assert [t.kind for t in guide.themes] == ["effets-negatifs-inattendus", "contrefactuel"]
    assert guide.consent and "Essai" in " ".join(guide.consent)
    reading = ig.explain_interview_guide(guide).to_text()
    assert "compte 2 thèmes, 4 questions principales" in reading
    assert "Aucun thème ne suit un effet" in reading
    assert "Construisez-la dans le carnet 02" in reading
    ig.save_interview_guide(guide, ws)
    assert ig.load_interview_guide(ws).to_dict() == guide.to_dict()
    book = ig.build_codebook(ws)
    assert list(book["code"]) == [
        "NEGATIF",
        "INATTENDU",
        "SANS-NOUS",
        "AUTRES-ACTEURS",
        "AMELIORATION",
    ]
    sample = ig.interview_sample(ws)
    assert sample.empty
    assert ig.explain_interview_sample(sample).to_text().count("\n") == 0
    assert (
        ig.explain_interview_sample(sample)
        .to_text()
        .startswith("Aucune table propre avec des personnes : exécutez d'abord le carnet 05")
    )
    with pytest.raises(InterviewGuideError, match="Produisez la grille de codage"):
        ig.load_codebook(ws)


# ---- the scope, the référentiel, the length, the edited file ----------------------------
def _with_scope(slug, tmp_path):
    from sizeup_helpers.evaluation_matrix import save_evaluation_matrix
    from sizeup_helpers.stakeholders import (
        load_scope,
        prioritise_outcomes,
        propose_scope,
        save_scope_answers,
    )

    ws = _ws(slug, tmp_path)
    toc = load_theory_of_change(ws)
    save_scope_answers(ws, toc=toc, **propose_scope(ws, toc, prioritise_outcomes(toc)))
    save_evaluation_matrix(ws, load_scope(ws), toc)
    return ws, toc, load_scope(ws)


@pytest.mark.parametrize("slug", SAMPLES)
def test_scope_outcomes_are_priority_themes_with_their_criteria(slug, tmp_path):
    from sizeup_helpers.evaluation_matrix import load_evaluation_matrix

    ws, toc, scope = _with_scope(slug, tmp_path)
    guide = ig.build_interview_guide(ws)
    assert {t.outcome for t in guide.themes if t.priority} == set(scope.outcomes)
    matrix = load_evaluation_matrix(ws)
    rows = matrix[matrix["Outil"] == "entretiens (08)"]
    notes = " ".join(n for t in guide.themes for n in t.notes)
    for criterion in rows["Critère de jugement"]:
        assert criterion in notes
    for q in scope.questions:
        assert f"Question évaluative {q.id} : {q.text}" in notes
    md = ig.guide_to_markdown(guide)
    assert md.count("(prioritaire)") == len(scope.outcomes)
    assert "## Après l'entretien : transcrire et pseudonymiser" in md
    assert "[téléphone retiré]" in md and "article 9" in md
    assert ig.load_interview_guide(ig.save_interview_guide(guide, ws)).to_dict() == (
        guide.to_dict()
    )


def test_length_reading_says_what_to_cut(tmp_path):
    ws, toc, scope = _with_scope("ateliers-emploi", tmp_path)
    short = ig.build_interview_guide(ws, minutes=30)
    assert "environ 30 minutes" in short.introduction[0]
    text = ig.explain_interview_guide(short).to_text()
    n_q = sum(len(t.questions) for t in short.themes)
    assert f"({n_q}), plus 10 minutes" in text
    assert f"environ {10 + 4 * n_q} minutes, plus que les 30 minutes prévues" in text
    assert "posez d'abord les thèmes prioritaires" in text
    long = ig.build_interview_guide(ws, minutes=120)
    assert "il tient dans les 120 minutes prévues" in ig.explain_interview_guide(long).to_text()
    for bad in (5, 200, 45.0, True):
        with pytest.raises(ValueError, match="durée prévue d'un entretien, en minutes"):
            ig.build_interview_guide(ws, minutes=bad)


def test_edited_file_wins_until_use_saved_is_false(tmp_path):
    ws = _ws("ateliers-emploi", tmp_path)
    first = ig.resolve_interview_guide(ws, minutes=60)
    assert not first.from_file and first.path.is_file()
    assert "Brouillon tiré de la théorie du changement" in first.message
    text = first.path.read_text(encoding="utf-8")
    edited = "# ma remarque\n" + text.replace("Pour commencer,", "Pour démarrer,")
    first.path.write_text(edited, encoding="utf-8")
    again = ig.resolve_interview_guide(ws, minutes=45)
    assert again.from_file and again.guide.minutes == 60
    assert any(t.startswith("Pour démarrer,") for t in again.guide.introduction)
    assert "use_saved_guide à False" in again.message
    assert first.path.read_text(encoding="utf-8") == edited  # read, never rewritten
    fresh = ig.resolve_interview_guide(ws, minutes=45, use_saved=False)
    assert not fresh.from_file and fresh.guide.minutes == 45
    assert "ma remarque" not in fresh.path.read_text(encoding="utf-8")
    first.path.write_text(text.replace("duree_minutes: 60", "duree_minutes: 3"), "utf-8")
    with pytest.raises(InterviewGuideError, match="duree_minutes"):
        ig.resolve_interview_guide(ws)


def test_sample_is_saved_with_pseudonyms_only(tmp_path):
    ws = _ws("mobilite-accompagnee", tmp_path)
    clean_workspace(ws)
    sample = ig.interview_sample(ws, n=6)
    path = ig.save_interview_sample(ws, sample)
    assert path.name == ig.SAMPLE_FILE and path.parent.name == "08-guide-d-entretien"
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(ig.SAMPLE_COLUMNS)
    from sizeup_helpers.privacy import scan_for_identifiers

    assert scan_for_identifiers(path.parent).empty
    groups = sample[sample["personne_id"] == ""]
    assert groups["raison"].str.contains("sur la carte de l'étape 03").all()


@pytest.mark.parametrize("slug", SAMPLES)
def test_codebook_inclusion_names_the_hypothesis(slug, tmp_path):
    ws = _ws(slug, tmp_path)
    toc = load_theory_of_change(ws)
    book = ig.build_codebook(ws).set_index("effet")
    from sizeup_helpers.stakeholders import outcome_hypotheses

    for e in toc.outcomes:
        links = outcome_hypotheses(toc, e.id)
        if links:
            claim = links[0].assumption.strip().rstrip(".")
            assert f"l'hypothèse « {claim} »" in book.loc[e.id, "inclure"]


@pytest.mark.parametrize("slug", SAMPLES)
def test_codebook_and_sections_read_in_french(slug, tmp_path):
    ws = _ws(slug, tmp_path)
    n = len(load_theory_of_change(ws).outcomes)
    text = ig.explain_codebook(ig.build_codebook(ws)).to_text()
    assert f"La grille de codage compte {n + 5} codes : {n} codes d'effet, un par effet" in text
    assert "et 5 codes communs (effets négatifs" in text and "Le carnet 10 la relit" in text
    guide = ig.build_interview_guide(ws)
    consent = ig.guide_section(guide, "consentement").to_text()
    assert consent.startswith("Consentement à l'enregistrement\n- Je vous propose")
    assert "[téléphone retiré]" in ig.guide_section(guide, "transcription").to_text()
    with pytest.raises(ValueError, match="Partie « themes » inconnue : choisissez parmi"):
        ig.guide_section(guide, "themes")


def test_codebook_reading_on_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    text = ig.explain_codebook(ig.build_codebook(ws)).to_text()
    assert "compte 5 codes : aucun code d'effet, la théorie du changement n'ayant pas" in text
    one = ig.build_codebook(_ws("ateliers-emploi", tmp_path)).iloc[[0, 5, 6]]
    assert "compte 3 codes : 1 code d'effet, un par effet de la théorie du changement (E1)" in (
        ig.explain_codebook(one).to_text()
    )
    assert "et 2 codes communs" in ig.explain_codebook(one).to_text()


@pytest.mark.parametrize("slug", SAMPLES)
def test_sample_reading_on_every_sample(slug, tmp_path):
    ws = _ws(slug, tmp_path)
    toc = load_theory_of_change(ws)
    groups_only = ig.interview_sample(ws)
    assert len(groups_only) == len(toc.stakeholders)
    assert (
        ig.explain_interview_sample(groups_only)
        .to_text()
        .startswith("Qui interroger\nAucune table propre avec des personnes")
    )
    clean_workspace(ws)
    sample = ig.interview_sample(ws, n=5)
    people = sample[sample["personne_id"] != ""]
    assert len(people) == 5 and people["personne_id"].str.match(r"^P-[0-9a-f]+$").all()
    text = ig.explain_interview_sample(sample).to_text()
    assert "\n5 personnes proposées pour les entretiens, désignées par leur pseudonyme : " in text
    counts = people["profil"].value_counts()
    for profile, k in counts.items():
        assert f"{k} « {profile} »" in text
    others = len(sample) - 5
    assert f"S'y ajoutent {others} autres groupes de parties prenantes." in text


def test_readings_cover_every_reading_of_notebook08():
    """Every helper named in a « Ce que cela veut dire pour vous » cell is tested here."""
    import json
    from pathlib import Path

    nb = Path(__file__).parents[1] / "notebooks" / "08_guide_d_entretien.ipynb"
    called = set()
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            called |= set(re.findall(r"\b(explain_\w+)\(", "".join(cell["source"])))
    source = Path(__file__).read_text(encoding="utf-8")
    assert called and not [c for c in sorted(called) if f"ig.{c}(" not in source]
