"""YAML files a person writes or reads: one reader, one schema checker, one writer.

Every YAML file of the project (``structure.yml``, the theory of change, the scope, the
self-diagnostic and the framing, a form's answers) is read by :func:`read_yaml_file`, which
keeps the line of every key (:func:`parse_yaml`), so a mistake is named with its file and
its line, in French. :func:`check_mapping` checks a mapping against a schema of
:class:`Key` and collects what is wrong in :class:`Problems`, which raises one French
error listing them all. :func:`dump_yaml` writes the files as a person would.

No file may use YAML aliases (``*nom``, nor the merge key ``<<: *nom``): they are refused
while the text is composed, before anything is built, so a file of a few hundred bytes
whose aliases nest (« alias bomb ») cannot fill the memory (:class:`YamlAliasError`).

One type rule holds for every file: a whole number is accepted where a number is expected
(``2`` for ``2.0``), and yes/no (``true``/``false``) never counts as a number.

Only :mod:`yaml` is imported with this module.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import french
from .errors import SizeUpError

__all__ = [
    "TYPE_NAMES",
    "Key",
    "Problems",
    "check_mapping",
    "child",
    "dump_yaml",
    "YamlAliasError",
    "item",
    "line",
    "load_yaml",
    "parse_yaml",
    "read_yaml_file",
    "type_ok",
    "yaml_error_line",
]

YAML_ADVICE = (
    "Vérifiez l'indentation (des espaces, pas de tabulations), les deux-points après "
    "chaque clé et les guillemets autour des textes qui contiennent « : »."
)
"""What to check in a file that is not valid YAML."""


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------
ALIAS_ADVICE = (
    "les alias YAML (« *nom », « <<: *nom ») ne sont pas acceptés dans les fichiers de "
    "Size Up : recopiez la valeur à cet endroit au lieu d'y renvoyer"
)
"""Why an alias is refused and what to do instead (the problem of :class:`YamlAliasError`)."""


class YamlAliasError(yaml.MarkedYAMLError):
    """A YAML alias, refused where it is met, before it is expanded.

    Every alias is refused rather than only those that expand beyond a bound: no file of
    the project needs one (the files are short and written by people, who copy a value
    rather than point to it), a bound would have to be computed over the node graph for
    every file and explained to a reader, and an alias hides from a person reading the
    file what a key really holds. Being a ``yaml.YAMLError`` with a ``problem_mark``, it
    is caught by every handler of bad YAML, which then names its line.
    """


class _NoAliasLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` that stops at the first alias event, while composing."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlAliasError(
                problem=f"alias « *{event.anchor} » : {ALIAS_ADVICE}",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def parse_yaml(text: str) -> tuple[Any, Any]:
    """Parse YAML once into ``(data, node)``: the values and the node tree with line marks.

    Validators use the node to name the line of a wrong key; building the data from the
    same node avoids parsing the text twice. Raises ``yaml.YAMLError`` on bad YAML, and
    :class:`YamlAliasError` (one of them) at the first alias, before it is expanded.

    >>> data, node = parse_yaml("a: 1\\nb: [x, y]\\n")
    >>> data, line(node, "b")
    ({'a': 1, 'b': ['x', 'y']}, 2)
    >>> parse_yaml("a: &x [1]\\nb: *x\\n")
    Traceback (most recent call last):
    ...
    sizeup_helpers.yamlfile.YamlAliasError: alias « *x » : les alias YAML ...
    """
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def load_yaml(text: str) -> Any:
    """The values of a YAML text, read as :func:`parse_yaml` does (aliases refused).

    For the files read without line numbers (a sample's configuration, the indicators,
    the cleaning rules) in place of ``yaml.safe_load``.

    >>> load_yaml("seuil: 11\\n")
    {'seuil': 11}
    """
    return parse_yaml(text)[0]


def yaml_error_line(exc: BaseException) -> str:
    """``", ligne N"`` for a YAML error that knows where it is, ``""`` otherwise."""
    mark = getattr(exc, "problem_mark", None)
    return f", ligne {mark.line + 1}" if mark is not None else ""


def read_yaml_file(
    path: str | Path, error: type[SizeUpError], *, missing: str = "", invalid: str = ""
) -> tuple[Any, Any]:
    """Read a YAML file into ``(data, node)`` (see :func:`parse_yaml`), or say why not.

    Parameters
    ----------
    path
        The file (UTF-8, with or without a byte-order mark).
    error
        The error class raised for every expected problem.
    missing
        What to do when the file does not exist, after « fichier introuvable. ».
    invalid
        The sentence for a file that is not valid YAML, after the file and its line;
        ``{problem}`` is replaced by what the YAML reader found. Default: « le fichier
        n'est pas du YAML valide ({problem}). » and :data:`YAML_ADVICE`.

    Raises
    ------
    SizeUpError
        Of class ``error``, in French, naming the file (and the line of a YAML mistake, or
        of the first alias: see :class:`YamlAliasError`).
    """
    path = Path(path)
    if not path.is_file():
        raise error(f"{path} : fichier introuvable. {missing}".rstrip())
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise error(
            f"{path} : le fichier n'est pas en UTF-8. Enregistrez-le en UTF-8 "
            "(« Enregistrer sous », encodage UTF-8)."
        ) from None
    try:
        return parse_yaml(text)
    except YamlAliasError as exc:
        raise error(f"{path}{yaml_error_line(exc)} : {exc.problem}.") from None
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "syntaxe invalide"
        sentence = invalid or f"le fichier n'est pas du YAML valide ({{problem}}). {YAML_ADVICE}"
        raise error(
            f"{path}{yaml_error_line(exc)} : " + sentence.replace("{problem}", problem)
        ) from None


# --------------------------------------------------------------------------------------
# Lines of the node tree
# --------------------------------------------------------------------------------------
def line(node: yaml.Node | None, key: str | None = None) -> int | None:
    """1-based line of ``node`` (or of its ``key``), ``None`` without a node."""
    if node is None:
        return None
    if key is not None and isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == key:
                return k.start_mark.line + 1
    return node.start_mark.line + 1


def child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node, ``None`` when absent."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def item(node: yaml.Node | None, index: int) -> yaml.Node | None:
    """The ``index``-th node of a sequence node, ``None`` when absent."""
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return node.value[index]
    return None


# --------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Key:
    """One key of a YAML file's schema.

    Parameters
    ----------
    types
        The accepted Python types (``type(None)`` for an empty value).
    required
        The key must be there (and, for a text, not be blank).
    help
        What the key holds, in French (said when it is missing).
    items
        Schema of each mapping of a list.
    children
        Schema of a nested mapping.
    choices
        The only values allowed.
    bounds
        Smallest and largest value allowed, for a number.
    """

    types: tuple[type, ...]
    required: bool = False
    help: str = ""
    items: Mapping[str, Key] | None = None
    children: Mapping[str, Key] | None = None
    choices: tuple[Any, ...] = ()
    bounds: tuple[float, float] | None = None


TYPE_NAMES: dict[type, str] = {
    str: "un texte",
    int: "un nombre entier",
    float: "un nombre",
    bool: "oui/non (true ou false)",
    list: "une liste (éléments précédés de « - »)",
    dict: "un ensemble de clés « clé: valeur »",
    dt.date: "une date AAAA-MM-JJ",
}
"""How a type is named in messages."""


def type_ok(value: Any, types: tuple[type, ...]) -> bool:
    """Whether ``value`` has one of ``types``: a whole number is a number, yes/no is not.

    >>> type_ok(2, (float,)), type_ok(True, (int,)), type_ok(True, (bool,))
    (True, False, True)
    """
    if isinstance(value, bool) and bool not in types:
        return False  # yes/no is not a number
    if float in types and isinstance(value, int):
        return True
    return isinstance(value, types)


class Problems:
    """Problems found in a file, each with its line (``None`` when unknown).

    >>> p = Problems()
    >>> p.add(3, "clé inconnue « x »")
    >>> p.add(1, "la clé obligatoire « y » manque")
    >>> p.raise_for("f.yml", SizeUpError)
    Traceback (most recent call last):
    ...
    sizeup_helpers.errors.SizeUpError: f.yml : 2 problèmes à corriger :
    - ligne 1 : la clé obligatoire « y » manque ;
    - ligne 3 : clé inconnue « x ».
    """

    def __init__(self) -> None:
        self.items: list[tuple[int | None, str]] = []

    def add(self, line: int | None, message: str) -> None:
        """Record ``message`` at ``line``."""
        self.items.append((line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def texts(self) -> list[str]:
        """The problems in line order, each as « ligne N : message »."""
        ordered = sorted(self.items, key=lambda p: (p[0] is None, p[0] or 0))
        return [(f"ligne {n} : " if n is not None else "") + msg for n, msg in ordered]

    def raise_for(self, source: str, error: type[SizeUpError]) -> None:
        """Raise ``error`` naming ``source`` and every problem; nothing when there is none."""
        if not self.items:
            return
        texts = self.texts()
        end = "" if texts[-1].endswith(("?", "!")) else "."
        if len(texts) == 1:
            raise error(f"{source} : {texts[0]}{end}")
        raise error(
            f"{source} : {len(texts)} problèmes à corriger :\n"
            + "\n".join(f"- {t} ;" for t in texts[:-1])
            + f"\n- {texts[-1]}{end}"
        )


def join_key(where: str, key: object) -> str:
    """``where.key``, or ``key`` at the top of the file."""
    return f"{where}.{key}" if where else str(key)


def check_mapping(
    node: yaml.Node | None, data: Any, schema: Mapping[str, Key], where: str, problems: Problems
) -> bool:
    """Check one mapping against ``schema``; return whether it is right.

    Every mistake goes to ``problems`` with its line: not a mapping, a key given twice
    (YAML would keep the last silently), an unknown key (« vouliez-vous dire … ? »), a
    wrong type, a blank required text, a value out of ``choices`` or ``bounds``, a missing
    required key. Nested mappings (:attr:`Key.children`) and lists of mappings
    (:attr:`Key.items`) are checked too, with their place in the file (``fichiers[2].role``).
    """
    if not isinstance(data, dict):
        problems.add(line(node), f"« {where} » doit être {TYPE_NAMES[dict]}, pas {data!r}")
        return False
    ok = True
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, _ in node.value:
            if k.value in seen:
                problems.add(
                    k.start_mark.line + 1,
                    f"la clé « {join_key(where, k.value)} » est "
                    f"écrite deux fois (déjà ligne {seen[k.value]})",
                )
                ok = False
            seen[k.value] = k.start_mark.line + 1
    for key, value in data.items():
        label = join_key(where, key)
        spec = schema.get(key) if isinstance(key, str) else None
        at = line(node, str(key))
        if spec is None:
            close = difflib.get_close_matches(str(key), list(schema), n=1, cutoff=0.6)
            hint = (
                f" ; vouliez-vous dire « {close[0]} » ?"
                if close
                else f" (clés possibles : {', '.join(schema)})"
            )
            problems.add(at, f"clé inconnue « {label} »{hint}")
            ok = False
            continue
        if not type_ok(value, spec.types):
            expected = " ou ".join(
                TYPE_NAMES.get(t, t.__name__) for t in spec.types if t is not type(None)
            )
            if spec.bounds:
                expected += f" de {french.number(spec.bounds[0])} à {french.number(spec.bounds[1])}"
            hint = (
                " (mettez-le entre guillemets)"
                if str in spec.types and isinstance(value, int | float)
                else ""
            )
            problems.add(at, f"« {label} » doit être {expected}, pas {value!r}{hint}")
            ok = False
            continue
        if spec.required and isinstance(value, str) and not value.strip():
            problems.add(at, f"« {label} » est vide ({spec.help})")
            ok = False
        elif spec.choices and value not in spec.choices:
            close = difflib.get_close_matches(
                str(value), list(map(str, spec.choices)), n=1, cutoff=0.6
            )
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            problems.add(
                at,
                f"« {label} » vaut « {value} », qui n'est pas une valeur "
                f"possible ({', '.join(map(str, spec.choices))}){hint}",
            )
            ok = False
        elif spec.bounds and value is not None and not spec.bounds[0] <= value <= spec.bounds[1]:
            whole = " entier" if int in spec.types and float not in spec.types else ""
            problems.add(
                at,
                f"« {label} » vaut {value} : il faut un nombre{whole} de "
                f"{french.number(spec.bounds[0])} à {french.number(spec.bounds[1])}",
            )
            ok = False
        elif spec.children is not None and value is not None:
            ok = check_mapping(child(node, str(key)), value, spec.children, label, problems) and ok
        elif spec.items is not None and value is not None:
            section = child(node, str(key))
            for i, entry in enumerate(value):
                entry_node = item(section, i) or section
                ok = (
                    check_mapping(entry_node, entry, spec.items, f"{label}[{i + 1}]", problems)
                    and ok
                )
    for key, spec in schema.items():
        if spec.required and key not in data:
            problems.add(
                line(node), f"la clé obligatoire « {join_key(where, key)} » manque ({spec.help})"
            )
            ok = False
    return ok


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """Block style with indented lists; short lists of ids stay on one line (``[PP1, PP2]``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = bool(data) and all(isinstance(v, str | int) and len(str(v)) < 20 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """YAML text as a person would write it: block style, two-space indents, one blank line
    between top-level keys. Used for every file seminar 1 writes.

    >>> print(dump_yaml({"version": 1, "effets": ["E1", "E2"]}), end="")
    version: 1
    <BLANKLINE>
    effets: [E1, E2]
    """
    text = yaml.dump(
        dict(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    lines = text.splitlines()
    out = []
    for i, text_line in enumerate(lines):
        if i and text_line and not text_line.startswith((" ", "-", "#")):
            out.append("")
        out.append(text_line)
    return "\n".join(out) + "\n"
