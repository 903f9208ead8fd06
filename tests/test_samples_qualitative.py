"""Tests of the qualitative material of the sample structures (transcripts, testimonials).

The theme frequencies are recounted here directly from the files, with the exported marker
phrases, independently of the generator's bookkeeping.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tools.samplegen import _qualitative as q
from tools.samplegen._base import SampleBuild

SLUGS = [
    "commerce-rural",
    "formation-batiment",
    "ateliers-emploi",
    "insertion-transport",
    "mobilite-accompagnee",
    "energie-citoyenne",
    "justice-jeunesse",
]
TURN = re.compile(r"^\*\*(?P<speaker>[^*]+?) :\*\* (?P<text>.*)$")
HEADER_KEYS = ["Pseudonyme", "Rôle", "Catégorie", "Date de l'entretien", "Enquêtrice"]


def _seed(slug: str) -> int:
    try:
        return importlib.import_module(f"tools.samplegen.{slug.replace('-', '_')}").SEED
    except ModuleNotFoundError:
        return 20250101


def _generate(slug: str, root: Path, seed: int | None = None) -> tuple[SampleBuild, list]:
    build = SampleBuild(root=root)
    seed = _seed(slug) if seed is None else seed
    entries = q.qualitative_material(build, slug, np.random.default_rng([seed, 7]))
    return build, entries


def _turns(path: Path) -> list[tuple[int, str, str]]:
    """(line number, speaker, text) of every turn of a transcript."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = TURN.match(line)
        if m:
            out.append((n, m["speaker"], m["text"]))
    return out


def _has(text: str, phrases: list[str]) -> bool:
    low = text.lower()
    return any(p.lower() in low for p in phrases)


@pytest.fixture(scope="module", params=SLUGS)
def generated(request, tmp_path_factory):
    slug = request.param
    root = tmp_path_factory.mktemp(slug)
    build, entries = _generate(slug, root)
    return slug, root, build, entries


def test_theme_markers_are_exported_for_every_structure():
    assert list(q.THEMES) == SLUGS
    for slug, themes in q.THEMES.items():
        assert 4 <= len(themes) <= 8, slug
        assert "limites" in themes, slug  # every structure hears criticism too
        for theme, phrases in themes.items():
            assert phrases and all(isinstance(p, str) and p for p in phrases), (slug, theme)


@pytest.mark.parametrize("slug", SLUGS)
def test_bank_fragments_carry_only_their_own_theme(slug):
    q.check_bank(slug)  # raises listing every faulty fragment


def test_deterministic(tmp_path):
    for slug in SLUGS:
        b1, e1 = _generate(slug, tmp_path / "a" / slug)
        b2, e2 = _generate(slug, tmp_path / "b" / slug)
        files1 = sorted(p.relative_to(b1.root) for p in b1.root.rglob("*") if p.is_file())
        files2 = sorted(p.relative_to(b2.root) for p in b2.root.rglob("*") if p.is_file())
        assert files1 == files2
        for rel in files1:
            assert (b1.root / rel).read_bytes() == (b2.root / rel).read_bytes(), rel
        assert e1 == e2
        assert b1.truth == b2.truth and b1.messiness == b2.messiness


def test_another_seed_gives_other_material(tmp_path):
    b1, _ = _generate("justice-jeunesse", tmp_path / "a", seed=1)
    b2, _ = _generate("justice-jeunesse", tmp_path / "b", seed=2)
    assert b1.truth != b2.truth


def test_file_entries(generated):
    slug, root, build, entries = generated
    roles = [e["role"] for e in entries]
    assert len(roles) == len(set(roles))
    assert "temoignages" in roles
    transcripts = [e for e in entries if e["role"].startswith("entretien_")]
    assert 4 <= len(transcripts) <= 8
    for e in entries:
        assert e["chemin"].startswith("donnees-brutes/entretiens/")
        assert (root / e["chemin"]).is_file()
        assert e["donnees_personnelles"] is True
        assert e["description"]
    on_disk = sorted(p.name for p in (root / "donnees-brutes" / "entretiens").iterdir())
    assert on_disk == sorted(Path(e["chemin"]).name for e in entries)
    assert any(e.get("donnees_sensibles") for e in entries) == (
        slug == "mobilite-accompagnee" or slug == "insertion-transport"
    )


def test_transcripts_shape(generated):
    slug, root, build, entries = generated
    paths = sorted((root / "donnees-brutes" / "entretiens").glob("entretien_*.md"))
    pseudos = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for key in HEADER_KEYS:
            assert f"- **{key} :** " in text, (path.name, key)
        pseudo = re.search(r"- \*\*Pseudonyme :\*\* (.+)", text)[1]
        pseudos.append(pseudo)
        turns = _turns(path)
        speakers = [s for _, s, _ in turns]
        assert set(speakers) == {"Enquêtrice", pseudo}, path.name
        # the interviewer opens, then speakers alternate, and the interviewee has the last word
        assert speakers[0] == "Enquêtrice" and speakers[-1] == pseudo
        assert all(a != b for a, b in zip(speakers, speakers[1:], strict=False)), path.name
        words = sum(len(t.split()) for _, _, t in turns)
        assert 600 <= words <= 1500, (path.name, words)
        assert "euh" in text.lower() or "…" in text  # spoken French
    assert len(set(pseudos)) == len(pseudos)


def test_theme_frequencies_recounted_from_the_files(generated):
    slug, root, build, entries = generated
    markers = q.THEMES[slug]
    truth = build.truth["themes_entretiens"]
    paths = sorted((root / "donnees-brutes" / "entretiens").glob("entretien_*.md"))
    assert truth["nb_entretiens"] == len(paths)
    transcripts = {theme: 0 for theme in markers}
    turns = {theme: 0 for theme in markers}
    for path in paths:
        rel = f"donnees-brutes/entretiens/{path.name}"
        present = set()
        n_interviewee = 0
        for _, speaker, text in _turns(path):
            if speaker == "Enquêtrice":
                assert not any(_has(text, p) for p in markers.values()), (path.name, text)
                continue
            n_interviewee += 1
            for theme, phrases in markers.items():
                if _has(text, phrases):
                    turns[theme] += 1
                    present.add(theme)
        for theme in present:
            transcripts[theme] += 1
        assert sorted(truth["par_entretien"][rel]) == sorted(present), path.name
        assert truth["tours_personne_interrogee"][rel] == n_interviewee
    for theme in markers:
        assert truth["themes"][theme]["entretiens"] == transcripts[theme], theme
        assert truth["themes"][theme]["tours"] == turns[theme], theme
        assert truth["themes"][theme]["reperes"] == markers[theme]
        assert transcripts[theme] >= 1, theme  # every theme is heard somewhere
    assert transcripts["limites"] >= 2  # mixed and negative views, not only praise
    # planted frequencies differ between themes (they are drawn, not uniform)
    assert len(set(turns.values())) > 1


def test_testimonials_recounted(generated):
    slug, root, build, entries = generated
    markers = q.THEMES[slug]
    path = root / "donnees-brutes" / "entretiens" / "temoignages.csv"
    df = pd.read_csv(path, sep=";", encoding="utf-8", dtype=str, keep_default_na=False)
    assert list(df.columns) == ["id", "date", "canal", "profil", "temoignage"]
    assert 15 <= len(df) <= 40
    assert "theme" not in " ".join(df.columns)  # the theme column is withheld
    truth = build.truth["themes_temoignages"]
    assert truth["nb_temoignages"] == len(df)
    counts = {theme: 0 for theme in markers}
    for rid, text in zip(df["id"], df["temoignage"], strict=False):
        found = [t for t, phrases in markers.items() if _has(text, phrases)]
        assert 1 <= len(found) <= 2, (rid, text)
        assert sorted(truth["par_temoignage"][rid]) == sorted(found), rid
        for theme in found:
            counts[theme] += 1
    assert truth["themes"] == counts
    dates = pd.to_datetime(df["date"].replace("", None), format="%d/%m/%Y")
    assert dates.notna().sum() >= len(df) // 2


def test_slipped_identifiers_present(generated):
    slug, root, build, entries = generated
    items = build.messiness["entretiens"]["identifiants_glisses"]
    assert 2 <= len(items) <= 4
    kinds = [i["type"] for i in items]
    assert "prenom" in kinds and ({"telephone", "adresse"} & set(kinds))
    pseudos = {
        re.search(r"- \*\*Pseudonyme :\*\* (.+)", (root / e["chemin"]).read_text(encoding="utf-8"))[
            1
        ]
        for e in entries
        if e["role"].startswith("entretien_")
    }
    for item in items:
        lines = (root / item["fichier"]).read_text(encoding="utf-8").splitlines()
        line = lines[item["ligne"] - 1]
        assert item["valeur"] in line, item
        assert TURN.match(line) and not line.startswith("**Enquêtrice")
        if item["type"] == "telephone":
            assert re.fullmatch(r"0[67]( \d\d){4}", item["valeur"])
        if item["type"] == "prenom":
            assert item["valeur"] not in pseudos  # a third person, not the interviewee
    # nowhere else: the phone numbers appear only on their recorded line
    for item in items:
        if item["type"] == "telephone":
            text = (root / item["fichier"]).read_text(encoding="utf-8")
            assert text.count(item["valeur"]) == 1
    rows = build.messiness["temoignages"]["identifiants_glisses"]
    assert 1 <= len(rows) <= 2
    lines = (
        (root / "donnees-brutes" / "entretiens" / "temoignages.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    for item in rows:
        line = lines[item["ligne"] - 1]
        assert line.startswith(item["id"] + ";") and item["valeur"] in line


def test_size_budget(generated):
    slug, root, build, entries = generated
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    assert size < 150_000, size


def test_many_seeds_stay_within_bounds(tmp_path):
    # the structure helpers may change their seeds: the bank must hold for any of them
    for slug in SLUGS:
        for seed in range(12):
            build, entries = _generate(slug, tmp_path / slug / str(seed), seed=seed)
            assert 5 <= len(entries) <= 9


def test_gendered():
    assert q.gendered("Je suis arrivé{e}, {ravie|ravi}.", "F") == "Je suis arrivée, ravie."
    assert q.gendered("Je suis arrivé{e}, {ravie|ravi}.", "M") == "Je suis arrivé, ravi."


def test_unknown_slug(tmp_path):
    with pytest.raises(ValueError, match="Structure d'exemple inconnue.*« nulle-part »"):
        q.qualitative_material(SampleBuild(root=tmp_path), "nulle-part", np.random.default_rng(0))


def test_written_into_a_sample_workspace(tmp_path):
    from sizeup_helpers.workspace import open_workspace
    from tools.samplegen import ateliers_emploi
    from tools.samplegen._base import write_sample

    root = write_sample(ateliers_emploi, tmp_path)
    ws = open_workspace(root)
    assert ws.file("temoignages").path.is_file()
    assert ws.file("entretien_01").personal_data
    truth = (root / "verite-terrain.json").read_text(encoding="utf-8")
    assert "themes_entretiens" in truth and "identifiants_glisses" in truth
