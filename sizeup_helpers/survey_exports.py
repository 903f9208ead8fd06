"""The system columns of survey platforms' exports (KoboToolbox / ODK, LimeSurvey, Google Forms,
Framaforms).

A questionnaire exported from a survey platform carries, beside the answers, columns the
platform adds itself: the submission's number and UUID, its time, its validation status,
the row keys linking a repeat group's sheet to its parent sheet, and the device or account
that sent it. They are not answers and must not be read as such:

- a **timestamp** (``_submission_time``, ``start``, ``end``…) is typed as a date and time;
- a **row key** (``_id``, ``_uuid``, ``_index``, ``_parent_index``, ``_parent_table_name``,
  ``_submission__id``…) is kept and typed for joins: it is a number or a code given by the
  platform, never the identifier of a person nor free text;
- **platform metadata** (``_status``, ``_validation_status``, ``_notes``, ``_tags``,
  ``__version__``…) is kept as a category;
- a **device or account identifier** (``deviceid``, ``subscriberid``, ``simserial``,
  ``username``, ``_submitted_by``, ``ipaddr``…) points to the person who answered or who
  collected: it is pseudonymised like any identifier, and ``phonenumber`` is a phone number
  (a direct identifier). The CNIL counts the IMEI, the SIM number, the IP address and a
  user name among personal data (« Qu'est-ce qu'une donnée personnelle ? », cnil.fr;
  RGPD art. 4.1: « un identifiant en ligne »).

Columns are recognised **only when the file as a whole looks like such an export**: at
least two of a platform's own markers (names starting with ``_``, ``meta/instanceID``…;
LimeSurvey's ``submitdate``, ``lastpage``…). A structure's own ``id`` or ``start`` column
in an ordinary file is left to the usual reading.

Sources of the names (checked in the platforms' code):

- KoboToolbox ``kpi`` (github.com/kobotoolbox/kpi, commit 2e5efb0):
  ``kobo/apps/openrosa/libs/utils/common_tags.py`` (``_id``, ``_uuid``,
  ``_submission_time``, ``_status``, ``_submitted_by``, ``_validation_status``,
  ``_xform_id_string``, ``_attachments``, ``_geolocation``, ``_index``, ``_parent_index``,
  ``_parent_table_name``, ``meta/instanceID``, ``meta/rootUuid``);
  ``kpi/models/import_export_task.py`` (``COPY_FIELDS``: the submission fields copied into
  every repeat-group sheet as ``_submission_<field>``, ``__version__``, ``_notes``,
  ``_tags``); ``kobo/apps/reports/constants.py`` (``_version_``);
  ``kobo/apps/openrosa/libs/utils/logger_tools.py`` (the ``jr:preload`` metadata of
  pyxform: ``start``, ``end``, ``today``, ``deviceid``; ``username``, ``email``,
  ``phonenumber`` are also preloads).
- KoboToolbox ``formpack`` (github.com/kobotoolbox/formpack, commit 176f619):
  ``src/formpack/reporting/export.py`` (``_index`` in every sheet with children,
  ``_parent_table_name`` and ``_parent_index`` in a repeat group's sheet, then
  ``_submission_<field>``; the child's ``_parent_index`` is the parent row's ``_index``).
- XLSForm metadata types (xlsform.org, « Metadata »): ``start``, ``end``, ``today``,
  ``deviceid``, ``subscriberid``, ``simserial``, ``phonenumber``, ``username``, ``audit``.
- LimeSurvey response exports (manual.limesurvey.org, « Export responses », question
  codes): ``id``, ``submitdate``, ``lastpage``, ``startlanguage``, ``seed``,
  ``startdate``, ``datestamp``, ``ipaddr``, ``refurl``, ``token``.
  With « full » or « abbreviated » headings, the same columns are written as text
  (LimeSurvey ``createFieldMap`` in ``application/helpers/common_helper.php``:
  ``gT("Response ID")``, ``gT("Date submitted")``, ``gT("Last page")``,
  ``gT("Start language")``, ``gT("Seed")``, ``gT("Date started")``,
  ``gT("Date last action")``, ``gT("IP address")``, ``gT("Referrer URL")``), in the
  export's language: their French translations are recognised too.
- Google Forms: the first column of the responses sheet, ``Horodateur`` in French,
  ``Timestamp`` in English; ``Score`` / ``Total score`` for a quiz. The respondent's
  ``Adresse e-mail`` / ``Email Address`` is not a platform column but a direct
  identifier, found by :func:`~sizeup_helpers.privacy.detect_identifiers`.
- Framaforms (Drupal 7 Webform, github.com/drupalprojects/webform,
  ``includes/webform.report.inc``,
  ``webform_webform_results_download_submission_information_info``):
  ``Serial``, ``SID``, ``Time`` (7.x-4.x: ``Submitted Time``, ``Completed Time``,
  ``Modified Time``), ``Draft``, ``IP Address``, ``UID``, ``Username``, and their French
  translations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .french import fold_key

__all__ = [
    "DEVICE",
    "FORM_ROLE",
    "FRAMAFORMS",
    "GOOGLE_FORMS",
    "KIND_LABELS",
    "KOBO",
    "LIMESURVEY",
    "METADATA",
    "ROW_KEY",
    "TIMESTAMP",
    "SystemColumn",
    "describe_system_columns",
    "parent_link",
    "platform_of",
    "system_columns",
]

#: The role of an XLSForm declared beside its answers in ``structure.yml`` (a questionnaire's
#: definition, https://xlsform.org, no answers): ``sizeup init --depuis`` declares it, step
#: 05 types a KoboToolbox export by it.
FORM_ROLE = "formulaire"

#: The four kinds of system column.
TIMESTAMP = "timestamp"
ROW_KEY = "row_key"
METADATA = "metadata"
DEVICE = "device"

#: French label of each kind (inventory, data dictionary).
KIND_LABELS = {
    TIMESTAMP: "horodatage de la plateforme",
    ROW_KEY: "clé de ligne de la plateforme",
    METADATA: "métadonnée de la plateforme",
    DEVICE: "identifiant d'appareil ou de compte",
}

KOBO = "KoboToolbox"
LIMESURVEY = "LimeSurvey"
GOOGLE_FORMS = "Google Forms"
FRAMAFORMS = "Framaforms"


@dataclass(frozen=True)
class SystemColumn:
    """A column added by a survey platform.

    Attributes
    ----------
    name
        The column's name as read.
    platform
        ``"KoboToolbox"`` (KoboToolbox and ODK), ``"LimeSurvey"``, ``"Google Forms"`` or
        ``"Framaforms"``.
    kind
        :data:`TIMESTAMP`, :data:`ROW_KEY`, :data:`METADATA` or :data:`DEVICE`.
    dtype
        What it is typed as: ``"datetime"``, ``"integer"``, ``"text"`` or ``"category"``.
    identifier
        For a device or account identifier, the identifier kind of
        :data:`~sizeup_helpers.privacy.IDENTIFIER_COLUMNS` (``"appareil"``, ``"telephone"``,
        ``"adresse"`` for a GPS point); ``None`` otherwise.
    """

    name: str
    platform: str
    kind: str
    dtype: str
    identifier: str | None = None

    @property
    def label(self) -> str:
        """The kind in French and the platform: « clé de ligne de la plateforme (KoboToolbox) »."""
        return f"{KIND_LABELS[self.kind]} ({self.platform})"


# (kind, dtype, identifier) of each KoboToolbox / ODK name, lower-cased
_KOBO_OWN: dict[str, tuple[str, str, str | None]] = {
    "_id": (ROW_KEY, "integer", None),
    "_uuid": (ROW_KEY, "text", None),
    "_index": (ROW_KEY, "integer", None),
    "_parent_index": (ROW_KEY, "integer", None),
    "_parent_table_name": (ROW_KEY, "category", None),
    "meta/instanceid": (ROW_KEY, "text", None),
    "meta/rootuuid": (ROW_KEY, "text", None),
    "meta/deprecatedid": (ROW_KEY, "text", None),
    "formhub/uuid": (METADATA, "category", None),
    "_submission_time": (TIMESTAMP, "datetime", None),
    "_validation_status": (METADATA, "category", None),
    "_notes": (METADATA, "category", None),
    "_status": (METADATA, "category", None),
    "_tags": (METADATA, "category", None),
    "__version__": (METADATA, "category", None),
    "_version_": (METADATA, "category", None),
    "_xform_id_string": (METADATA, "category", None),
    "_submitted_by": (DEVICE, "text", "appareil"),
    # links to the media files name the collecting account; a GPS point places a home
    "_attachments": (DEVICE, "text", "appareil"),
    "_geolocation": (DEVICE, "text", "adresse"),
}
# pyxform's preloaded metadata: only read as such beside the platform's own columns
_KOBO_PRELOADS: dict[str, tuple[str, str, str | None]] = {
    "start": (TIMESTAMP, "datetime", None),
    "end": (TIMESTAMP, "datetime", None),
    "today": (TIMESTAMP, "datetime", None),
    "instanceid": (ROW_KEY, "text", None),
    "audit": (METADATA, "category", None),
    "deviceid": (DEVICE, "text", "appareil"),
    "subscriberid": (DEVICE, "text", "appareil"),
    "simserial": (DEVICE, "text", "appareil"),
    "username": (DEVICE, "text", "appareil"),
    "phonenumber": (DEVICE, "text", "telephone"),
}
_SUBMISSION_PREFIX = "_submission_"  # a repeat group's copy of its submission's fields

_LIMESURVEY_OWN: dict[str, tuple[str, str, str | None]] = {
    "submitdate": (TIMESTAMP, "datetime", None),
    "datestamp": (TIMESTAMP, "datetime", None),
    "lastpage": (METADATA, "category", None),
    "startlanguage": (METADATA, "category", None),
    "seed": (METADATA, "category", None),
    "refurl": (METADATA, "category", None),
    "ipaddr": (DEVICE, "text", "appareil"),
}
_LIMESURVEY_SHARED: dict[str, tuple[str, str, str | None]] = {
    "id": (ROW_KEY, "integer", None),
    "startdate": (TIMESTAMP, "datetime", None),
    "token": (DEVICE, "text", "appareil"),
}
# LimeSurvey's « full » and « abbreviated » headings of the same columns (folded text):
# the English strings of createFieldMap, and their French translation
_LIMESURVEY_TEXT: dict[str, str] = {
    "response id": "id",
    "id de la reponse": "id",
    "date submitted": "submitdate",
    "date de soumission": "submitdate",
    "date d envoi": "submitdate",
    "last page": "lastpage",
    "derniere page": "lastpage",
    "start language": "startlanguage",
    "langue de depart": "startlanguage",
    "seed": "seed",
    "graine": "seed",
    "date started": "startdate",
    "date de debut": "startdate",
    "date last action": "datestamp",
    "date de la derniere action": "datestamp",
    "ip address": "ipaddr",
    "adresse ip": "ipaddr",
    "referrer url": "refurl",
    "url de provenance": "refurl",
    "url referente": "refurl",
    "access code": "token",
    "code d acces": "token",
}
_GOOGLE_FORMS_FIRST = ("horodateur", "timestamp", "marca temporal", "zeitstempel")
_GOOGLE_FORMS_OTHERS: dict[str, tuple[str, str, str | None]] = {
    "score": (METADATA, "category", None),
    "total score": (METADATA, "category", None),
}
# Drupal 7 Webform's submission information (Framaforms), folded, English and French
_FRAMAFORMS_OWN: dict[str, tuple[str, str, str | None]] = {
    "serial": (ROW_KEY, "integer", None),
    "numero de serie": (ROW_KEY, "integer", None),
    "sid": (ROW_KEY, "integer", None),
    "time": (TIMESTAMP, "datetime", None),
    "submitted time": (TIMESTAMP, "datetime", None),
    "completed time": (TIMESTAMP, "datetime", None),
    "modified time": (TIMESTAMP, "datetime", None),
    "heure de soumission": (TIMESTAMP, "datetime", None),
    "date de soumission": (TIMESTAMP, "datetime", None),
    "draft": (METADATA, "category", None),
    "brouillon": (METADATA, "category", None),
    "ip address": (DEVICE, "text", "appareil"),
    "adresse ip": (DEVICE, "text", "appareil"),
    "uid": (DEVICE, "text", "appareil"),
    "username": (DEVICE, "text", "appareil"),
    "nom d utilisateur": (DEVICE, "text", "appareil"),
}

#: Markers of a platform needed before any of its columns is read as a system column.
MIN_MARKERS = 2


def _key(name: Any) -> str:
    """Lower-cased name, group separators of Kobo exports (``/``, ``.``, ``-``) as ``/``."""
    text = str(name).strip().lower()
    for prefix in ("meta", "formhub"):
        for sep in (".", "-", ":"):
            if text.startswith(prefix + sep):
                text = prefix + "/" + text[len(prefix) + 1 :]
    return text


def _kobo(key: str) -> tuple[str, str, str | None] | None:
    if key in _KOBO_OWN:
        return _KOBO_OWN[key]
    if key.startswith(_SUBMISSION_PREFIX) and len(key) > len(_SUBMISSION_PREFIX):
        copied = key[len(_SUBMISSION_PREFIX) :]
        return _KOBO_OWN.get(copied) or _KOBO_OWN.get("_" + copied) or (METADATA, "category", None)
    return None


def system_columns(columns: Iterable[Any]) -> dict[Any, SystemColumn]:
    """The system columns among ``columns``, when they look like a platform's export.

    Parameters
    ----------
    columns
        The columns of one table (a CSV file, a sheet), as read.

    Returns
    -------
    dict
        ``{column: SystemColumn}``; empty when the table does not look like a survey
        platform's export (fewer than :data:`MIN_MARKERS` of a platform's own columns; for
        Google Forms, a first column other than ``Horodateur`` / ``Timestamp``).

    Examples
    --------
    >>> found = system_columns(["start", "age", "_id", "_uuid", "_submission_time"])
    >>> {c: s.kind for c, s in found.items()}
    {'start': 'timestamp', '_id': 'row_key', '_uuid': 'row_key', '_submission_time': 'timestamp'}
    >>> system_columns(["id", "start", "end", "nom"])
    {}
    """
    columns = list(columns)
    keys = {c: _key(c) for c in columns}
    out: dict[Any, SystemColumn] = {}
    kobo = {c: _kobo(k) for c, k in keys.items()}
    if sum(v is not None for v in kobo.values()) >= MIN_MARKERS:
        for c in columns:
            found = kobo[c] or _KOBO_PRELOADS.get(keys[c])
            if found is not None:
                out[c] = SystemColumn(str(c), KOBO, *found)
        return out
    lime_keys = {c: limesurvey_code(c) for c in columns}
    lime = {c: _LIMESURVEY_OWN.get(k) for c, k in lime_keys.items()}
    if sum(v is not None for v in lime.values()) >= MIN_MARKERS:
        for c in columns:
            found = lime[c] or _LIMESURVEY_SHARED.get(lime_keys[c])
            if found is not None:
                out[c] = SystemColumn(str(c), LIMESURVEY, *found)
        return out
    folded = {c: fold_key(c) for c in columns}
    frama = {c: _FRAMAFORMS_OWN.get(k) for c, k in folded.items()}
    if sum(v is not None for v in frama.values()) >= MIN_MARKERS and (
        {"sid", "serial", "numero de serie"} & set(folded.values())
    ):
        for c in columns:
            if frama[c] is not None:
                out[c] = SystemColumn(str(c), FRAMAFORMS, *frama[c])
        return out
    if columns and keys[columns[0]] in _GOOGLE_FORMS_FIRST:
        out[columns[0]] = SystemColumn(str(columns[0]), GOOGLE_FORMS, TIMESTAMP, "datetime")
        for c in columns[1:]:
            found = _GOOGLE_FORMS_OTHERS.get(folded[c])
            if found is not None:
                out[c] = SystemColumn(str(c), GOOGLE_FORMS, *found)
    return out


def limesurvey_code(name: Any) -> str:
    """The LimeSurvey column code of a heading: itself, or the code of its full-text form.

    >>> limesurvey_code("Date submitted"), limesurvey_code("Dernière page"), limesurvey_code("Q01")
    ('submitdate', 'lastpage', 'q01')
    """
    key = _key(name)
    return _LIMESURVEY_TEXT.get(fold_key(name), key)


def platform_of(columns: Iterable[Any]) -> str | None:
    """The platform whose export ``columns`` look like (``None`` for an ordinary table).

    >>> platform_of(["_index", "_parent_index", "_parent_table_name", "members.age"])
    'KoboToolbox'
    """
    found = system_columns(columns)
    return next(iter(found.values())).platform if found else None


def parent_link(frame: Any) -> tuple[str, str, str] | None:
    """For a KoboToolbox repeat group's sheet: ``(parent sheet, "_parent_index", "_index")``.

    The child's ``_parent_index`` is the ``_index`` of its parent row in the sheet named
    by ``_parent_table_name`` (formpack, ``reporting/export.py``). ``None`` when the table
    is not a repeat group's sheet.

    >>> import pandas as pd
    >>> parent_link(pd.DataFrame({"_index": [1], "_parent_table_name": ["enquete"],
    ...                           "_parent_index": [1]}))
    ('enquete', '_parent_index', '_index')
    """
    system = system_columns(frame.columns)
    by_key = {_key(c): c for c in system}
    if not {"_parent_index", "_parent_table_name"} <= set(by_key):
        return None
    names = frame[by_key["_parent_table_name"]].dropna().astype(str)
    names = names[names.str.strip() != ""]
    if names.empty:
        return None
    return str(names.mode().iloc[0]), str(by_key["_parent_index"]), "_index"


def describe_system_columns(system: dict[Any, SystemColumn]) -> str:
    """One French sentence on the system columns found ("" when none).

    >>> text = describe_system_columns(system_columns(["_id", "_uuid", "deviceid"]))
    >>> text[:84]
    'Export KoboToolbox : 3 colonnes ajoutées par la plateforme (2 clés de ligne, 1 ident'
    """
    if not system:
        return ""
    platform = next(iter(system.values())).platform
    words = {
        TIMESTAMP: ("horodatage", "horodatages"),
        ROW_KEY: ("clé de ligne", "clés de ligne"),
        METADATA: ("métadonnée", "métadonnées"),
        DEVICE: ("identifiant d'appareil ou de compte", "identifiants d'appareil ou de compte"),
    }
    counts = {k: sum(s.kind == k for s in system.values()) for k in words}
    parts = [f"{n} {words[k][0] if n == 1 else words[k][1]}" for k, n in counts.items() if n]
    n = len(system)
    text = (
        f"Export {platform} : {n} {'colonne ajoutée' if n == 1 else 'colonnes ajoutées'} par "
        f"la plateforme ({', '.join(parts)}), reconnue{'' if n == 1 else 's'} comme telle"
        f"{'' if n == 1 else 's'} : gardée{'' if n == 1 else 's'} et typée"
        f"{'' if n == 1 else 's'} pour les jointures, jamais prise{'' if n == 1 else 's'} "
        "pour des réponses"
    )
    if counts[DEVICE]:
        text += " ; les identifiants d'appareil ou de compte seront pseudonymisés à l'étape 05"
    return text + "."
