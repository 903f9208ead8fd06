"""Step 12's report (:mod:`sizeup_helpers.report`): one self-contained French HTML file.

Fast tests on an empty workspace, on hand-built deliverables and on the seven samples before
any run; the report of a real run is checked by ``tests/test_notebook12.py``.
"""

from __future__ import annotations

import re

import matplotlib
import pytest

matplotlib.use("Agg")

from sizeup_helpers import report as rp  # noqa: E402
from sizeup_helpers.errors import ResultsError  # noqa: E402
from sizeup_helpers.results import collect_results, save_results  # noqa: E402
from sizeup_helpers.samples import open_sample  # noqa: E402
from sizeup_helpers.workspace import create_workspace  # noqa: E402

from .conftest import sample_slugs  # noqa: E402
from .test_claims import _indicator, _pair, _results  # noqa: E402

IMG = re.compile(r"<img [^>]*>")


def assert_self_contained(html: str) -> None:
    """No URL leaves the file, no script, every image embedded with a French alt text."""
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert "url(" not in html
    for tag in IMG.findall(html):
        assert 'src="data:image/' in tag, tag[:80]
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt and len(alt.group(1)) > 20, tag[:200]


def assert_printable(html: str) -> None:
    assert "@page { size: A4;" in html
    assert "figure.graphique { margin: 1rem 0; break-inside: avoid;" in html
    assert "break-after: avoid" in html and "max-height: 190mm" in html
    for figure in re.findall(r"<figure[^>]*>.*?</figure>", html, flags=re.S):
        assert figure.startswith('<figure class="graphique">')
        assert figure.count("<img ") == 1 and "<figcaption>" in figure


@pytest.fixture
def empty_ws(tmp_path):
    return create_workspace(tmp_path / "x", "Essai", year=2025)


def test_empty_workspace_report_has_every_section_and_says_what_is_missing(empty_ws):
    report = rp.build_report(empty_ws)
    ids = [s.id for s in report.sections]
    assert ids == [k for k in rp.SECTION_TITLES if k != "evolution"]
    html = report.html
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">')
    for title in (rp.SECTION_TITLES[k] for k in ids):
        assert f"<h2>{rp.esc(title)}</h2>" in html
    assert_self_contained(html)
    assert_printable(html)
    assert "Données de l'année 2025" in html
    assert "n'a pas encore été dessiné" in html
    assert "Les questions évaluatives ne sont pas encore écrites" in html
    assert "La valorisation n'a pas encore été faite (carnet 11)." in html
    assert "Le plan de collecte de l'an prochain" in html
    assert "Données fictives" not in html
    text = rp.explain_report(report).to_text()
    assert "compte 10 sections et 0 graphique intégré" in text
    assert "aucun constat chiffré" in text
    path = rp.save_report(empty_ws, report)
    assert path == empty_ws.step_dir("12") / "rapport.html"
    first = path.read_bytes()
    assert rp.save_report(empty_ws).read_bytes() == first
    with pytest.raises(KeyError, match="evolution"):
        report.section("evolution")


@pytest.mark.parametrize("slug", sample_slugs())
def test_samples_before_any_run(slug, tmp_path):
    ws = open_sample(slug, tmp_path / "sorties")
    report = rp.build_report(ws)
    html = report.html
    assert_self_contained(html)
    assert rp.esc(ws.name) in html
    assert "Données fictives : structure d'exemple de Size Up" in html
    assert ("des <strong>mineurs</strong>" in html) == (slug == "justice-jeunesse")
    assert report.minors == (slug == "justice-jeunesse")
    assert rp.esc("Nous n'avons aucune donnée sur") in report.section("ne-pas-dire").body
    assert "Effet promis E1 : " in report.section("theorie-du-changement").body
    assert "Le rapport de « " in rp.explain_report(report).to_text()


def test_data_is_escaped(tmp_path):
    ws = create_workspace(tmp_path / "y", "<b>Essai</b> & Cie", structure_type='"<i>x</i>"')
    html = rp.build_report(ws).html
    assert "<b>Essai" not in html and "<i>x" not in html
    assert "&lt;b&gt;Essai&lt;/b&gt; &amp; Cie" in html
    assert rp.inline("**gras** <x>") == "<strong>gras</strong> &lt;x&gt;"


def _png(path, description):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.bar([0], [1])
    fig.savefig(path, format="png", metadata={"Description": description, "Title": "t"})
    fig.savefig(path.with_suffix(".svg"), format="svg", metadata={"Date": None})
    plt.close(fig)


def test_charts_are_embedded_with_their_description_as_alt(empty_ws):
    toc = empty_ws.step_dir("02") / "schema-theorie-du-changement.png"
    _png(toc, "Schéma de la théorie du changement : 3 activités, 2 effets")
    _png(empty_ws.step_dir("09") / "portee.png", "Entonnoir de la portée : 40 personnes")
    # a step with nothing to write leaves an empty table (a BOM and a newline)
    (empty_ws.step_dir("09") / "likert.csv").write_bytes(b"\xef\xbb\xbf\n")
    report = rp.build_report(empty_ws)
    assert [f.source for f in report.figures] == [
        "02-theorie-du-changement/schema-theorie-du-changement.svg",
        "09-analyse-quantitative/portee.png",
    ]
    assert report.figures[0].data_uri.startswith("data:image/svg+xml;base64,")
    assert report.figures[0].alt.startswith("Schéma de la théorie du changement : 3 activités")
    html = report.html
    assert_self_contained(html)
    assert_printable(html)
    assert 'alt="Entonnoir de la portée : 40 personnes"' in html
    assert "compte 10 sections et 2 graphiques intégrés" in rp.explain_report(report).to_text()


def test_findings_carry_their_badge_and_small_cells_stay_hidden(empty_ws):
    res = _results(
        quantitative={"a": _pair(35), "b": {**_pair(8, diff=2.75), "indicator": "IND9"}},
        indicators={"IND1": _indicator(330)},
        themes={
            "E1-x": {
                "label": "Confiance",
                "outcome": "E1",
                "people": 15,
                "people_interviewed": 4,
                "people_written": 11,
            },
            "E2-y": {"label": "Lien", "outcome": "E2", "people": 6, "people_interviewed": 6},
        },
    )
    report = rp.build_report(empty_ws, res)
    html = report.html
    assert html.count('<span class="preuve preuve-') >= len(report.findings) + 4
    assert 'preuve-avant-apres" title="la même mesure avant et après' in html
    assert "+1,5 point en moyenne" in html
    assert "2,75" not in html and "6 personnes" not in html
    # the 4 people interviewed are hidden, and the 11 written too (15 − 11 would give 4)
    assert '<td class="nombre">&lt; 11</td><td>s</td><td class="nombre">15</td>' in html
    assert "2 résultats ne sont pas publiés" in html
    assert (
        "Il présente 3 constats, chacun avec son niveau de preuve ; 2 autres restent masqués"
        in (rp.explain_report(report).to_text())
    )


def test_minors_threshold_never_below_eleven(tmp_path):
    ws = create_workspace(tmp_path / "m", "Collège", structure_type="Ateliers pour collégiens")
    res = _results(quantitative={"a": _pair(8, diff=2.75)})
    report = rp.build_report(ws, res, threshold=5)
    assert report.threshold == 11 and report.minors
    assert "2,75" not in report.html
    assert "sous 11 personnes" in rp.explain_report(report).to_text()


def test_valuation_shows_the_range_and_hides_small_quantities(empty_ws):
    sroi = {
        "mode": "SROI",
        "ratio": 2.4,
        "ratio_low": 1.1,
        "ratio_high": 3.5,
        "present_value": 120000,
        "transfer_value": 5000,
        "value_map": {
            "a.b": {"stakeholder": "Jeunes", "outcome": "Emploi", "quantity": 7, "share": 1},
            "a.c": {"stakeholder": "Jeunes", "outcome": "Lien", "quantity": 0, "share": 0},
        },
    }
    body = rp.build_report(empty_ws, _results(valuation=sroi)).section("valorisation").body
    assert "entre 1,1 et 3,5 selon les hypothèses" in body
    assert "120\u202f000 €" in body and "jamais ajoutés" in body
    assert '<td>Emploi</td><td class="nombre">&lt; 11</td>' in body
    assert '<td>Lien</td><td class="nombre">0</td>' in body


def test_year_on_year_section_with_caveats_and_small_counts_hidden(empty_ws):
    now = _results(
        indicators={"IND1": _indicator(330)},
        themes={"E1-x": {"label": "Confiance", "outcome": "E1", "people": 7}},
    )
    before = _results(
        indicators={"IND1": _indicator(300)},
        themes={"E1-x": {"label": "Confiance", "outcome": "E1", "people": 5}},
    )
    report = rp.build_report(empty_ws, now, before)
    assert report.compared
    body = report.section("evolution").body
    assert "Personnes accueillies : 300 → 330 personnes (+30)." in body
    assert "Ce ne sont pas les mêmes personnes" in body
    assert "n&#x27;est pas un effet de l&#x27;action" in body
    assert "5 → 7" not in body and "&lt; 11" in body
    reading = rp.explain_evolution(now, before).to_text()
    assert "300 → 330" in reading and "5 → 7" not in reading
    assert "même année (2025)" in reading
    assert "Pas de comparaison avec l'an dernier" in rp.explain_evolution(now, None).to_text()
    assert "Comparer" not in rp.explain_report(report).to_text()
    assert "Il compare cette année à l'an dernier" in rp.explain_report(report).to_text()


def test_load_previous(empty_ws, tmp_path):
    assert rp.load_previous("") is None and rp.load_previous("  ") is None
    path = save_results(empty_ws)
    assert rp.load_previous(str(path)) == collect_results(empty_ws)
    bad = tmp_path / "an-dernier.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ResultsError, match="an-dernier.json"):
        rp.load_previous(str(bad))
