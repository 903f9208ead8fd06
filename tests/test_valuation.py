"""Step 11 « Valorisation »: SROI, sensitivity, adjustments, proxies, impact map, readings."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from sizeup_helpers import valuation as v
from sizeup_helpers.errors import ValuationError
from sizeup_helpers.french import NNBSP
from sizeup_helpers.plots import tornado_chart
from sizeup_helpers.workspace import create_workspace, open_workspace, samples_dir

SAMPLES = sorted(p.parent.name for p in samples_dir().glob("*/structure.yml"))


def _map(**changes) -> pd.DataFrame:
    """Two outcomes: A over three years with every adjustment and a 50 % drop-off, B one
    year without adjustment."""
    rows = {
        "outcome": ["A", "B"],
        "stakeholder": ["Personnes", "Personnes"],
        "quantity": [10, 4],
        "proxy_value": [1000.0, 500.0],
        "deadweight": [0.2, 0.0],
        "displacement": [0.1, 0.0],
        "attribution": [0.25, 0.0],
        "drop_off": [0.5, 0.0],
        "duration": [3, 1],
    }
    rows.update(changes)
    return pd.DataFrame(rows)


# Worked by hand: A = 10 × 1000 × 0.8 × 0.9 × 0.75 = 5400, then 2700, then 1350; B = 2000.
A_YEARS = (5400.0, 2700.0, 1350.0)
B_YEAR = 2000.0


def _text(reading) -> str:
    return reading.to_text().replace(NNBSP, " ").replace("\u00a0", " ")


# --------------------------------------------------------------------------------------
# SROI against a worked example
# --------------------------------------------------------------------------------------
def test_sroi_worked_example_discounting_year_one():
    r = v.sroi(_map(), investment=10_000, discount_rate=0.035)
    d = 1.035
    expected = A_YEARS[0] / d + A_YEARS[1] / d**2 + A_YEARS[2] / d**3 + B_YEAR / d
    assert r.present_value == pytest.approx(expected, rel=1e-12)
    assert r.ratio == pytest.approx(expected / 10_000, rel=1e-12)
    assert r.net_ratio == pytest.approx((expected - 10_000) / 10_000, rel=1e-12)
    assert r.net_present_value == pytest.approx(expected - 10_000, rel=1e-12)
    assert list(r.table.columns) == [
        "row",
        "stakeholder",
        "outcome",
        "year",
        "gross_value",
        "impact",
        "value",
        "discount_factor",
        "present_value",
        "transfer",
    ]
    assert r.table["year"].tolist() == [1, 2, 3, 1]
    assert r.table["value"].tolist() == pytest.approx([*A_YEARS, B_YEAR])
    assert r.table["gross_value"].tolist() == pytest.approx([10_000] * 3 + [2000])


def test_sroi_zero_discount_rate_adds_the_years():
    r = v.sroi(_map(), investment=10_000, discount_rate=0)
    assert r.present_value == pytest.approx(5400 + 2700 + 1350 + 2000)
    assert r.ratio == pytest.approx(1.145)
    assert r.net_ratio == pytest.approx(0.145)
    assert set(r.table["discount_factor"]) == {1.0}


def test_sroi_first_year_not_discounted():
    r = v.sroi(_map(), investment=10_000, discount_rate=0.035, discount_first_year=False)
    d = 1.035
    expected = A_YEARS[0] + A_YEARS[1] / d + A_YEARS[2] / d**2 + B_YEAR
    assert r.present_value == pytest.approx(expected, rel=1e-12)
    assert not r.discount_first_year


def test_sroi_multi_year_drop_off_and_french_headers():
    french = _map(drop_off=[0.3, 0.0], duration=[4, 1]).rename(
        columns={
            "outcome": "effet",
            "quantity": "quantité",
            "proxy_value": "proxy financier (€)",
            "deadweight": "effet d'aubaine",
            "displacement": "déplacement",
            "attribution": "attribution",
            "drop_off": "érosion",
            "duration": "durée (années)",
            "stakeholder": "Partie prenante",
        }
    )
    french["effet d'aubaine"] = ["20 %", "0"]
    french["proxy financier (€)"] = ["1 000", "500,0"]
    r = v.sroi(french, investment=1000, discount_rate=0)
    values = [5400 * 0.7**k for k in range(4)]
    assert r.table["value"].tolist()[:4] == pytest.approx(values)
    assert r.present_value == pytest.approx(sum(values) + 2000)


def test_transfers_are_shown_apart_never_added():
    base = v.sroi(_map(), investment=10_000)
    extra = pd.concat(
        [
            _map(),
            pd.DataFrame(
                {
                    "outcome": ["A"],
                    "stakeholder": ["Finances publiques"],
                    "quantity": [10],
                    "proxy_value": [7628.52],
                    "deadweight": [0.0],
                    "displacement": [0.0],
                    "attribution": [0.0],
                    "drop_off": [0.0],
                    "duration": [1],
                    "transfer": ["oui"],
                }
            ),
        ]
    )
    extra["transfer"] = extra["transfer"].fillna("non")
    r = v.sroi(extra, investment=10_000)
    assert r.present_value == pytest.approx(base.present_value)
    assert r.transfer_value == pytest.approx(76_285.2 / 1.035)
    text = _text(v.explain_sroi(r))
    assert "ne s'ajoutent pas à la valeur sociale" in text
    assert "73 706 €" in text


@pytest.mark.parametrize(
    "changes, pattern",
    [
        (
            {"quantity": [10, -4]},
            r"ligne 2 de la carte d'impact \(effet « B »\).*Quantité.*négative",
        ),
        (
            {"deadweight": [1.2, 0]},
            r"ligne 1 .*« Effet d'aubaine » : 120\s% n'est pas un pourcentage",
        ),
        ({"attribution": ["150 %", 0]}, r"« Attribution » : 150\s%"),
        ({"drop_off": [-0.1, 0]}, r"« Érosion » : -10\s%"),
        ({"duration": [1.5, 1]}, r"« Durée \(années\) » : 1,5 n'est pas un nombre entier"),
        ({"duration": [0, 1]}, r"nombre entier d'années d'au moins 1"),
        ({"proxy_value": ["beaucoup", 1]}, r"« beaucoup » n'est pas un nombre"),
        ({"quantity": [None, 4]}, r"la case est vide"),
    ],
)
def test_bad_values_name_row_and_column(changes, pattern):
    with pytest.raises(ValuationError, match=pattern):
        v.sroi(_map(**changes), investment=1000)


def test_missing_column_and_bad_arguments():
    with pytest.raises(ValuationError, match=r"n'a pas la colonne « Érosion »"):
        v.sroi(_map().drop(columns="drop_off"), investment=1000)
    with pytest.raises(ValuationError, match=r"les colonnes « Effet d'aubaine », « Érosion »"):
        v.sroi(_map().drop(columns=["drop_off", "deadweight"]), investment=1000)
    for bad in (0, -5):
        with pytest.raises(ValuationError, match=r"investissement.*doit être positif"):
            v.sroi(_map(), investment=bad)
    with pytest.raises(ValuationError, match="montant en euros"):
        v.sroi(_map(), investment="beaucoup")
    with pytest.raises(ValuationError, match="taux d'actualisation"):
        v.sroi(_map(), investment=1000, discount_rate=1.5)


# --------------------------------------------------------------------------------------
# Sensitivity and break-even
# --------------------------------------------------------------------------------------
def _one_row(**changes) -> pd.DataFrame:
    rows = {
        "outcome": ["A"],
        "quantity": [20],
        "proxy_value": [1000.0],
        "deadweight": [0.2],
        "displacement": [0.1],
        "attribution": [0.25],
        "drop_off": [0.2],
        "duration": [3],
    }
    rows.update(changes)
    return pd.DataFrame(rows)


def test_sensitivity_ranges_and_break_even_recomputed():
    r = v.sroi(_one_row(), investment=10_000)
    table = v.sensitivity(r).set_index("assumption")
    assert set(table.index) == set(v.SENSITIVITY_RANGES)
    assert table.loc["proxy_value", "ratio_low"] == pytest.approx(r.ratio * 0.5)
    assert table.loc["proxy_value", "ratio_high"] == pytest.approx(r.ratio * 1.5)
    assert table.loc["investment", "ratio_low"] == pytest.approx(r.ratio / 0.8)
    low = v.sroi(_one_row(deadweight=[0.45]), investment=10_000).ratio
    assert table.loc["deadweight", "ratio_high"] == pytest.approx(low)
    lowest = v.sroi(_one_row(deadweight=[0.0]), investment=10_000).ratio
    assert table.loc["deadweight", "ratio_low"] == pytest.approx(lowest)  # kept at 0 %
    assert table.loc["proxy_value", "break_even"] == pytest.approx(1 / r.ratio)
    assert table.loc["investment", "break_even_value"] == pytest.approx(r.present_value)
    # every break-even, put back into the map, gives a ratio of exactly 1
    assert not table.loc[["deadweight", "displacement", "attribution"], "break_even"].isna().any()
    for name in ("deadweight", "displacement", "attribution", "drop_off"):
        value = table.loc[name, "break_even_value"]
        if math.isnan(value):
            continue
        again = v.sroi(_one_row(**{name: [value]}), investment=10_000)
        assert again.ratio == pytest.approx(1, abs=1e-9), name
    rate = table.loc["discount_rate", "break_even"]
    assert v.sroi(_one_row(), investment=10_000, discount_rate=rate).ratio == pytest.approx(1)


def test_break_even_of_deadweight_solved_exactly():
    # one year, no drop-off: ratio = 20 000 × (1 − dw) × 0.9 × 0.75 ÷ 1.035 ÷ 5 000
    r = v.sroi(_one_row(duration=[1]), investment=5000)
    table = v.sensitivity(r).set_index("assumption")
    exact = 1 - 5000 * 1.035 / (20_000 * 0.9 * 0.75)
    assert table.loc["deadweight", "break_even_value"] == pytest.approx(exact, abs=1e-10)


def test_break_even_of_duration_in_whole_years_and_none():
    r = v.sroi(_one_row(duration=[5], drop_off=[0.0]), investment=30_000)
    table = v.sensitivity(r).set_index("assumption")
    per_year = 20_000 * 0.8 * 0.9 * 0.75
    # ratio > 1 at 5 years; the first shortened duration at or under 1
    years = next(
        d for d in range(5, 0, -1) if sum(per_year / 1.035**t for t in range(1, d + 1)) <= 30_000
    )
    assert table.loc["duration", "break_even"] == years - 5
    assert (
        math.isnan(table.loc["drop_off", "break_even"])
        or table.loc["drop_off", "break_even_value"] <= 1
    )
    text = _text(v.explain_sensitivity(v.sensitivity(r)))
    assert "chaque durée est raccourcie de" in text
    never = v.sroi(_one_row(quantity=[0]), investment=1000)
    t2 = v.sensitivity(never).set_index("assumption")
    assert math.isnan(t2.loc["proxy_value", "break_even"])
    assert "ne passe pas à 1" in _text(v.explain_sensitivity(v.sensitivity(never)))


def test_explain_sroi_always_gives_the_range():
    r = v.sroi(_map(), investment=10_000)
    table = v.sensitivity(r)
    low, high = v.ratio_range(table)
    text = _text(v.explain_sroi(r, table))
    assert f"va de {low:.2f} à {high:.2f} €".replace(".", ",") in text
    assert "valeur centrale" in text and "pas un rendement mesuré" in text
    assert "Actualisation à 3,5 % par an, la première année comprise." in text
    assert "Aucun transfert" in text
    frame = v.explain_sroi(r, table).to_frame()
    assert "valeur actuelle (€)" in frame.columns


def test_tornado_chart_and_its_alternative_text():
    r = v.sroi(_map(), investment=10_000)
    table = v.sensitivity(r)
    fig = tornado_chart(table, base_ratio=r.ratio)
    ax = fig.axes[0]
    assert len(ax.patches) == len(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == table["label"].iloc[0].capitalize()  # largest swing on top
    assert ax.get_xlabel().startswith("Ratio SROI")
    assert fig.get_label().startswith("Graphique en tornade")
    assert "proxys financiers de" in fig.get_label()
    empty = tornado_chart(table.iloc[0:0], base_ratio=0)
    assert "vide" in empty.get_label()


# --------------------------------------------------------------------------------------
# Non-monetised map, double counting
# --------------------------------------------------------------------------------------
def test_value_map_weights_instead_of_money():
    frame = _map(weight=[2, 5])
    frame["transfer"] = ["non", "non"]
    vm = v.value_map(frame)
    a = vm.set_index("outcome").loc["A"]
    assert a["adjusted_quantity"] == pytest.approx(10 * 0.8 * 0.9 * 0.75)
    assert a["score"] == pytest.approx(2 * 10 * 0.8 * 0.9 * 0.75)
    assert vm["share"].sum() == pytest.approx(1)
    assert vm["outcome"].iloc[0] == "B"  # 4 × 5 = 20 > 10,8
    no_weight = v.value_map(_map())
    assert set(no_weight["weight"]) == {1.0}
    text = _text(v.explain_value_map(vm))
    assert "2 effets comptent" in text and "« B » (64,9 % du score pondéré)" in text
    assert "vide" in _text(v.explain_value_map(v.value_map(_map(quantity=[0, 0]))))


def test_double_counting_flags_same_outcome_and_same_proxy():
    frame = _map(outcome=["A", "a"], stakeholder=["Personnes", "Familles"])
    flags = v.double_counting(frame)
    assert flags["kind"].tolist() == ["même effet"]
    assert flags["stakeholders"].iloc[0] == "Personnes ; Familles"
    same_proxy = _map(proxy=["Gain de revenu", "Gain de revenu"])
    assert v.double_counting(same_proxy)["kind"].tolist() == ["même proxy"]
    transfer = _map(outcome=["A", "A"], stakeholder=["Personnes", "État"])
    transfer["transfer"] = ["non", "oui"]
    assert v.double_counting(transfer).empty
    text = _text(v.explain_impact_map(frame))
    assert "1 effet figure pour plusieurs parties prenantes (« A »)" in text


# --------------------------------------------------------------------------------------
# Adjustments: the 5-level picker and its justifications
# --------------------------------------------------------------------------------------
@pytest.fixture
def ws(tmp_path):
    return create_workspace(tmp_path / "x", "Essai")


def test_levels_are_documented_percentages():
    assert v.LEVELS == {
        "aucun": 0.0,
        "un peu": 0.25,
        "en partie": 0.5,
        "en grande partie": 0.75,
        "entièrement": 1.0,
    }


def test_adjustments_saved_read_back_and_applied(ws):
    chosen = [
        {
            "outcome": "A",
            "adjustment": "effet d'aubaine",
            "level": "En partie",
            "justification": "Taux d'emploi national des demandeurs d'emploi (Dares).",
        },
        {
            "outcome": "b",
            "adjustment": "attribution",
            "level": "un peu",
            "justification": "France Travail accompagne aussi.",
        },
    ]
    path = v.save_adjustments(ws, chosen)
    assert path.name == "ajustements.yml" and path.parent.name == "11-valorisation"
    assert "justification" in path.read_text("utf-8")
    back = v.load_adjustments(ws)
    assert back["adjustment"].tolist() == ["deadweight", "attribution"]
    assert back["share"].tolist() == [0.5, 0.25]
    assert back["level"].tolist() == ["en partie", "un peu"]
    applied = v.apply_adjustments(_map(), back)
    assert applied["deadweight"].tolist() == [0.5, 0.0]
    assert applied["attribution"].tolist() == [0.25, 0.25]
    assert _text(v.explain_adjustments(back)).startswith("Ajustements\n2 ajustements pour 2 effets")
    assert "Chaque ajustement a sa justification écrite." in _text(v.explain_adjustments(back))


def test_adjustments_refused_without_justification_or_level(ws):
    row = {"outcome": "A", "adjustment": "déplacement", "level": "un peu", "justification": " "}
    with pytest.raises(ValuationError, match=r"Effet « A », déplacement : écrivez une justif"):
        v.save_adjustments(ws, [row])
    with pytest.raises(ValuationError, match=r"« beaucoup » n'est pas un niveau"):
        v.save_adjustments(ws, [{**row, "level": "beaucoup", "justification": "x"}])
    with pytest.raises(ValuationError, match=r"« érosion » n'est pas un ajustement"):
        v.save_adjustments(ws, [{**row, "adjustment": "érosion", "justification": "x"}])


def test_parameters_path_sets_the_same_values_and_saved_wins(ws):
    chosen = v.resolve_adjustments(ws, _map(), deadweight="un peu", attribution="en partie")
    assert len(chosen) == 4 and set(chosen["share"]) == {0.25, 0.5}
    text = _text(v.explain_adjustments(chosen))
    assert "4 ajustements gardent la justification par défaut" in text
    again = v.resolve_adjustments(ws, _map(), deadweight="entièrement")
    assert set(again["share"]) == {0.25, 0.5}  # the saved file wins
    fresh = v.resolve_adjustments(ws, _map(), deadweight="entièrement", use_saved=False)
    assert set(fresh["share"]) == {1.0}
    empty = v.adjustments_from_parameters(_map())
    assert empty.empty
    assert "Aucun ajustement choisi" in _text(v.explain_adjustments(empty))


def test_picker_widget_saves_through_the_same_function(ws):
    from sizeup_helpers.widgets import adjustment_picker

    picker = adjustment_picker(ws, _map())
    assert len(picker.rows) == 6
    level, why = picker.rows[("A", "attribution")]
    level.value = "en grande partie"
    why.value = "Deux autres associations accompagnent les mêmes personnes."
    assert picker.save() is None  # the other rows have no justification
    assert "Problème" in picker.message
    for (_outcome, _code), (_lv, text) in picker.rows.items():
        text.value = text.value or "Aucun acteur comparable sur le territoire."
    assert picker.save().name == "ajustements.yml"
    back = v.load_adjustments(ws).set_index(["outcome", "adjustment"])
    assert back.loc[("A", "attribution"), "share"] == 0.75
    again = adjustment_picker(ws, _map())
    assert again.rows[("A", "attribution")][0].value == "en grande partie"


# --------------------------------------------------------------------------------------
# Proxies and price years
# --------------------------------------------------------------------------------------
def test_proxies_have_value_unit_year_source_licence():
    proxies = v.load_proxies()
    for column in ("libelle", "unite", "source", "licence", "fiabilite", "nature"):
        assert (proxies[column].str.strip() != "").all(), column
    assert proxies["annee_prix"].between(2010, 2026).all()
    assert set(proxies["nature"]) <= {"valeur sociale", "transfert", "contribution", "repère"}
    rsa = proxies[proxies["libelle"].str.startswith("RSA")].iloc[0]
    assert rsa["valeur"] == pytest.approx(635.71 * 12) and rsa["nature"] == "transfert"
    wellby = proxies[proxies["devise"] == "GBP"]
    assert wellby["valeur"].tolist() == [13000] and "Open Government" in wellby["licence"].iloc[0]
    # no value of the UK social value bank (HACT): its licence forbids shipping them
    for value in (10767, 13080, 14433, 36766, 1850, 9283, 3249):
        assert value not in proxies["valeur"].tolist()
    assert not proxies["source"].str.contains("HACT").any()


def test_price_year_kept_without_an_index_converted_with_one():
    proxies = v.load_proxies()
    kept = v.proxies_at_price_year(proxies, 2024)
    own = kept[kept["annee_prix"] != 2024]
    assert (~own["ramene"]).all() and (own["valeur_ramenee"] == own["valeur"]).all()
    index = {2022: 100.0, 2024: 110.0, 2023: 105.0, 2019: 90.0, 2014: 80.0, 2025: 112.0}
    done = v.proxies_at_price_year(proxies, 2024, price_index=index).set_index("id")
    assert done.loc["PF14", "valeur_ramenee"] == pytest.approx(10770 * 1.1)
    assert done.loc["PF14", "ramene"]
    assert not done.loc["PF17", "ramene"]  # pounds are never converted here
    text = _text(v.explain_proxies(proxies, 2024))
    assert "aucun indice des prix n'est fourni ici" in text
    assert "1 valeur est en livres sterling" in text
    assert "UK Social Value Bank" in text


# --------------------------------------------------------------------------------------
# The impact map: workbook, draft from the workspace
# --------------------------------------------------------------------------------------
def test_workbook_round_trip_with_french_headers(ws, tmp_path):
    frame = _map(proxy=["Gain", "Coût évité"], proxy_source=["Dares", "Insee"])
    frame["transfer"] = [False, True]
    path = v.write_impact_map(ws, frame)
    from openpyxl import load_workbook

    book = load_workbook(path)
    headers = [c.value for c in book["Carte d'impact"][1]]
    assert headers[:4] == ["Effet", "Partie prenante", "Quantité", "Proxy financier (€)"] or (
        "Effet d'aubaine" in headers and "Durée (années)" in headers
    )
    assert "Mode d'emploi" in book.sheetnames
    back = v.read_impact_map(ws)
    assert back["deadweight"].tolist() == [0.2, 0.0]
    assert back["transfer"].tolist() == [False, True]
    assert v.sroi(back, investment=1000).ratio == pytest.approx(
        v.sroi(frame, investment=1000).ratio
    )
    with pytest.raises(ValuationError, match="fichier introuvable"):
        v.read_impact_map(tmp_path / "absent.xlsx")


def _write_framework(ws, rows):
    from sizeup_helpers.indicators import FRAMEWORK_COLUMNS

    table = pd.DataFrame([{c: r.get(c, "") for c in FRAMEWORK_COLUMNS} for r in rows])
    ws.write_csv(ws.step_dir("06") / "referentiel-indicateurs.csv", table, bom=True)


def test_draft_takes_quantities_from_step_06(tmp_path):
    ws = open_workspace(samples_dir() / "insertion-transport", tmp_path / "out")
    _write_framework(
        ws,
        [
            {"Identifiant": "I1", "Libellé": "Taux de sortie", "Niveau": "effet",
             "Élément": "E3", "Unité": "%", "Valeur": "66.7", "Effectif": "30",
             "Unité de l'effectif": "personnes"},
            {"Identifiant": "I2", "Libellé": "Personnes", "Niveau": "effet",
             "Élément": "E2", "Unité": "personnes", "Valeur": "12", "Effectif": "12"},
        ],
    )  # fmt: skip
    draft = v.draft_impact_map(ws)
    by = draft[~draft["transfer"]].set_index("outcome")
    exits = "Sortie vers l'emploi ou la formation (sorties dynamiques)"
    assert by.loc[exits, "quantity"] == 20  # 66,7 % of 30 people
    assert by.loc[exits, "proxy_value"] == 9156
    assert by.loc[exits, "indicator"] == "Taux de sortie"
    assert by.filter(like="Freins", axis=0)["quantity"].iloc[0] == 12
    later = by.loc["En emploi six mois après la sortie"]
    assert later["proxy_value"] == 0 and "compté une seule fois" in later["note"]
    transfers = draft[draft["transfer"]]
    assert len(transfers) == 1 and transfers["proxy_value"].iloc[0] == pytest.approx(7628.52)
    assert v.double_counting(draft).empty


@pytest.mark.parametrize("sample", SAMPLES)
def test_readings_on_each_sample(sample, tmp_path):
    ws = open_workspace(samples_dir() / sample, tmp_path / "out")
    draft = v.draft_impact_map(ws)
    assert len(draft) >= 4
    text = _text(v.explain_impact_map(draft))
    assert "La carte d'impact compte" in text and "effets à valoriser" in text
    assert "Quantité à renseigner pour" in text  # no step 06 here
    assert not re.search(r"\bnan\b", text.lower())
    filled = draft.assign(quantity=10.0)
    adjustments = v.resolve_adjustments(ws, filled, deadweight="un peu", attribution="en partie")
    mapped = v.apply_adjustments(filled, adjustments)
    non_monetised = v.valuation(ws, mapped)
    assert non_monetised.result is None
    assert "Mode non monétisé" in _text(v.explain_valuation(non_monetised))
    monetised = v.valuation(ws, mapped, mode="SROI", investment=20_000)
    sroi_text = _text(v.explain_valuation(monetised))
    assert "Pour 1 € engagé, la valeur sociale estimée va de" in sroi_text
    assert not re.search(r"\bnan\b", sroi_text.lower())
    sens = _text(v.explain_sensitivity(monetised.sensitivity))
    assert "L'hypothèse qui pèse le plus est" in sens
    principles = _text(v.explain_principles(ws, mapped))
    assert "sur 8 de Social Value International" in principles
    assert principles.count("\n- ") == 8
    paths = v.save_valuation(ws, monetised)
    assert {p.name for p in paths} == {
        "carte-impact.xlsx",
        "carte-de-valeur.csv",
        "valeur-par-annee.csv",
        "sensibilite.csv",
        "sensibilite.png",
        "carte-de-valeur.png",
    }
    paths = v.save_valuation(ws, non_monetised)
    assert {p.name for p in paths} == {
        "carte-impact.xlsx",
        "carte-de-valeur.csv",
        v.VALUE_CHART_FILE,
    }
    chart = ws.step_dir("11") / v.VALUE_CHART_FILE
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert len(v.read_impact_map(ws)) == len(mapped)


def test_readings_on_an_empty_workspace(ws):
    draft = v.draft_impact_map(ws)
    assert draft.empty and list(draft.columns) == list(v.COLUMN_LABELS)
    assert "La carte d'impact est vide" in _text(v.explain_impact_map(draft))
    assert "Aucun ajustement choisi" in _text(v.explain_adjustments(v.load_adjustments(ws)))
    valued = v.valuation(ws, draft)
    assert "est vide" in _text(v.explain_valuation(valued))
    principles = _text(v.explain_principles(ws, draft))
    assert "0 principe sur 8 de Social Value International est tenu" in principles
    with pytest.raises(ValuationError, match="l'investissement est inconnu"):
        v.valuation(ws, draft, mode="SROI")
    with pytest.raises(ValuationError, match="Le mode « euros » est inconnu"):
        v.valuation(ws, draft, mode="euros")


def test_one_effect_singular_wordings(ws):
    one = _map().iloc[:1].assign(proxy_value=0, quantity=0)
    text = _text(v.explain_impact_map(one))
    assert "compte 1 effet à valoriser (1 ligne, hors transferts)" in text
    assert (
        "pour 1 effet : « A » (le carnet 06 n'a pas de valeur chiffrée en personnes pour lui)"
        in text
    )
    assert "Sans proxy financier : 1 effet (« A ») ; il compte" in text


def test_default_justifications_start_from_the_toc_and_a_benchmark(tmp_path):
    ws = open_workspace(samples_dir() / "ateliers-emploi", tmp_path / "out")
    draft = v.draft_impact_map(ws)
    chosen = v.resolve_adjustments(ws, draft, deadweight="un peu", attribution="en partie")
    by = chosen.set_index(["outcome", "adjustment"])["justification"]
    job = by[("Accès à l'emploi ou à la formation", "deadweight")]
    assert job.startswith("niveau fixé par les paramètres du carnet 11, à justifier ; ")
    assert "repère national : Effet causal d'une première formation" in job and "Dares" in job
    others = by[("Confiance en soi retrouvée", "attribution")]
    assert "« France Travail (prescripteur) »" in others and "« Lieux partenaires »" in others
    assert "à côté de l'accompagnement de France Travail" in others  # the ToC's contribution
    assert v.adjustment_hints(create_workspace(tmp_path / "vide", "Essai"), ["A"]) == {}
