"""Size Up helpers: the package behind the Size Up notebook curriculum.

Importing the package is cheap: it loads no pandas, matplotlib or widgets. Public
functions are reached as attributes (``sizeup_helpers.open_workspace``) and their module
is imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import SizeUpError

__version__ = "0.1.0"

# public name -> module that defines it (imported lazily, see __getattr__)
_LAZY: dict[str, str] = {
    "open_workspace": "workspace",
    "create_workspace": "workspace",
    "Workspace": "workspace",
    "resolve_workspace": "workspace",
    "remember_workspace": "workspace",
    "run_curriculum": "runner",
    "STEPS": "runner",
    "setup_notebook": "notebook",
    "show_error": "notebook",
    "install_error_display": "notebook",
    "workspace_chooser": "widgets",
    "save_workspace_choice": "workspace",
    "intake_folder": "intake",
    "explain_intake": "intake",
    "open_chosen_workspace": "notebook",
    "load_theory_of_change": "theory_of_change",
    "save_theory_of_change": "theory_of_change",
    "draw_theory_of_change": "theory_of_change",
    "check_coherence": "theory_of_change",
    "save_maturity": "framing",
    "save_framing": "framing",
    "load_scope": "stakeholders",
    "save_scope": "stakeholders",
    "read_export": "io",
    "read_export_with_report": "io",
    "load_report": "io",
    "list_sheets": "io",
    "read_all_sheets": "io",
    "LoadReport": "io",
    "inventory_workspace": "inventory",
    "map_to_outcomes": "inventory",
    "find_gaps": "inventory",
    "save_inventory": "inventory",
    "classify_exits": "iae_exits",
    "exit_rates": "iae_exits",
    "explain_exit_rates": "iae_exits",
    "exit_categories": "iae_exits",
    "Indicator": "indicators",
    "Formula": "indicators",
    "load_catalogue": "indicators",
    "suggest_indicators": "indicators",
    "compute_indicator": "indicators",
    "explain_indicators": "indicators",
    "clean_workspace": "clean_workspace",
    "load_clean_table": "clean_workspace",
    "replay_table": "clean_workspace",
    "clean_table": "cleaning",
    "replay_cleaning": "cleaning",
    "save_rules": "cleaning",
    "load_rules": "cleaning",
    "Journal": "cleaning",
    "suppress_small_cells": "privacy",
    "mask_identifiers": "privacy",
    "detect_identifiers": "privacy",
    "pseudonymise": "privacy",
    "load_or_create_key": "privacy",
    "age_bands": "privacy",
    "safe_preview": "privacy",
    "list_samples": "samples",
    "open_sample": "samples",
    "sample_size": "sampling",
    "margin_of_error": "sampling",
    "explain_sample_size": "sampling",
    "sample_size_table": "sampling",
    "survey_population": "sampling",
    "save_sample_size": "sampling",
    "to_xlsform": "xlsform",
    "check_xlsform": "xlsform",
    "read_xlsform": "xlsform",
    "Questionnaire": "xlsform",
    "xlsform_warnings": "xlsform",
    "printable_html": "paper_form",
    "entry_workbook": "paper_form",
    "type_answers": "form_answers",
    "read_form_answers": "form_answers",
    "read_survey_answers": "survey_tools",
    "type_survey_answers": "survey_tools",
    "build_interview_guide": "interview_guide",
    "load_interview_guide": "interview_guide",
    "interview_sample": "interview_guide",
    "build_codebook": "interview_guide",
    "load_codebook": "interview_guide",
    "explain_interview_guide": "interview_guide",
    "load_item_bank": "item_bank",
    "items_for": "item_bank",
    "build_questionnaire": "item_bank",
    "explain_questionnaire": "item_bank",
    "save_questionnaires": "item_bank",
    "explain_saved_questionnaires": "item_bank",
    "pair_waves": "before_after",
    "paired_change": "before_after",
    "paired_proportions": "before_after",
    "wilson_interval": "before_after",
    "situation_rates": "before_after",
    "likert_distribution": "before_after",
    "compare_attrition": "before_after",
    "scale_score": "before_after",
    "quiz_score": "before_after",
    "explain_pairing": "before_after",
    "explain_paired_change": "before_after",
    "explain_paired_proportions": "before_after",
    "explain_situation_rates": "before_after",
    "explain_likert": "before_after",
    "explain_attrition": "before_after",
    "outcome_direction": "before_after",
    "normalise_codes": "before_after",
    "effect_size_label": "before_after",
    "plan_before_after": "quantitative",
    "run_before_after": "quantitative",
    "save_quantitative_analysis": "quantitative",
    "load_results": "quantitative",
    "explain_before_after": "quantitative",
    "reach_by_table": "reach",
    "reach_funnel": "reach",
    "register_profile": "reach",
    "repeat_participation": "exploration",
    "monthly_activity": "exploration",
    "reach_by_place": "exploration",
    "likert_chart": "plots",
    "sroi": "valuation",
    "SROIResult": "valuation",
    "sensitivity": "valuation",
    "value_map": "valuation",
    "draft_impact_map": "valuation",
    "read_impact_map": "valuation",
    "write_impact_map": "valuation",
    "load_proxies": "valuation",
    "explain_sroi": "valuation",
    "explain_sensitivity": "valuation",
    "explain_value_map": "valuation",
    "tornado_chart": "plots",
    "adjustment_picker": "widgets",
    "qualitative_segments": "qualitative",
    "resolve_coding": "qualitative",
    "analyse_coding": "qualitative",
    "triangulate": "qualitative",
    "coding_form": "widgets",
    "collect_results": "results",
    "save_results": "results",
    "load_results_json": "results",
    "compare_years": "results",
    "explain_year_on_year": "results",
    "write_indicator_workbook": "indicator_workbook",
    "workspace_tables": "indicator_workbook",
    "load_cohort": "cohort",
    "run_cohort": "cohort",
}

__all__ = ["SizeUpError", "__version__", *sorted(_LAZY)]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .before_after import (
        compare_attrition,
        effect_size_label,
        explain_attrition,
        explain_likert,
        explain_paired_change,
        explain_paired_proportions,
        explain_pairing,
        explain_situation_rates,
        likert_distribution,
        normalise_codes,
        outcome_direction,
        pair_waves,
        paired_change,
        paired_proportions,
        quiz_score,
        scale_score,
        situation_rates,
        wilson_interval,
    )
    from .clean_workspace import clean_workspace, load_clean_table, replay_table
    from .cleaning import Journal, clean_table, load_rules, replay_cleaning, save_rules
    from .exploration import monthly_activity, reach_by_place, repeat_participation
    from .form_answers import read_form_answers, type_answers
    from .framing import save_framing, save_maturity
    from .iae_exits import classify_exits, exit_categories, exit_rates, explain_exit_rates
    from .indicator_workbook import workspace_tables, write_indicator_workbook
    from .indicators import (
        Formula,
        Indicator,
        compute_indicator,
        explain_indicators,
        load_catalogue,
        suggest_indicators,
    )
    from .intake import explain_intake, intake_folder
    from .interview_guide import (
        build_codebook,
        build_interview_guide,
        explain_interview_guide,
        interview_sample,
        load_codebook,
        load_interview_guide,
    )
    from .inventory import find_gaps, inventory_workspace, map_to_outcomes, save_inventory
    from .io import (
        LoadReport,
        list_sheets,
        load_report,
        read_all_sheets,
        read_export,
        read_export_with_report,
    )
    from .item_bank import (
        build_questionnaire,
        explain_questionnaire,
        explain_saved_questionnaires,
        items_for,
        load_item_bank,
        save_questionnaires,
    )
    from .notebook import (
        install_error_display,
        open_chosen_workspace,
        setup_notebook,
        show_error,
    )
    from .paper_form import entry_workbook, printable_html
    from .plots import tornado_chart
    from .privacy import (
        age_bands,
        detect_identifiers,
        load_or_create_key,
        mask_identifiers,
        pseudonymise,
        safe_preview,
        suppress_small_cells,
    )
    from .qualitative import analyse_coding, qualitative_segments, resolve_coding, triangulate
    from .quantitative import (
        explain_before_after,
        load_results,
        plan_before_after,
        run_before_after,
        save_quantitative_analysis,
    )
    from .reach import reach_by_table, reach_funnel, register_profile
    from .results import (
        collect_results,
        compare_years,
        explain_year_on_year,
        load_results_json,
        save_results,
    )
    from .runner import STEPS, run_curriculum
    from .samples import list_samples, open_sample
    from .sampling import (
        explain_sample_size,
        margin_of_error,
        sample_size,
        sample_size_table,
        save_sample_size,
        survey_population,
    )
    from .stakeholders import load_scope, save_scope
    from .survey_tools import read_survey_answers, type_survey_answers
    from .theory_of_change import (
        check_coherence,
        draw_theory_of_change,
        load_theory_of_change,
        save_theory_of_change,
    )
    from .valuation import (
        SROIResult,
        draft_impact_map,
        explain_sensitivity,
        explain_sroi,
        explain_value_map,
        load_proxies,
        read_impact_map,
        sensitivity,
        sroi,
        value_map,
        write_impact_map,
    )
    from .widgets import adjustment_picker, coding_form, workspace_chooser
    from .workspace import (
        Workspace,
        create_workspace,
        open_workspace,
        remember_workspace,
        resolve_workspace,
        save_workspace_choice,
    )
    from .xlsform import (
        Questionnaire,
        check_xlsform,
        read_xlsform,
        to_xlsform,
        xlsform_warnings,
    )


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'sizeup_helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
