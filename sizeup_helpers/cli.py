"""The ``sizeup`` command: run the curriculum, create a workspace, regenerate samples.

Every expected problem is printed as one French message on stderr, without a traceback,
and the command exits with a non-zero status (2 for a wrong input, 1 for a failed step,
3 when the outputs of ``sizeup run`` hold a direct identifier: see
:data:`~sizeup_helpers.runner.EXIT_IDENTIFIERS_FOUND`).
"""

from __future__ import annotations

import argparse
import inspect
import sys

from . import __version__, french
from .errors import SizeUpError

_EPILOG = """\
exemples :
  sizeup demo                                    tout le parcours sur la structure d'exemple
  sizeup run data/samples/ateliers-emploi        tout le parcours sur une structure d'exemple
  sizeup run mon-espace --steps 00-05 --out sorties-2026
  sizeup run mon-espace -p seuil_secret=11       fixe un paramètre des carnets
  sizeup run mon-espace --out mon-espace/sorties-2026 --annee-precedente mon-espace/sorties
                                                 l'année suivante : rejoue les règles de
                                                 nettoyage et compare avec l'an dernier
  sizeup init mon-espace --nom "Ma structure"    crée un espace de travail vide
  sizeup init mon-espace --nom "Ma structure" --depuis exports/
                                                 copie les fichiers et prépare structure.yml
  sizeup check mon-espace                        vérifie un espace de travail
  sizeup run mon-espace --reprendre              ne relance que les étapes dont les
                                                 entrées ont changé
  sizeup cohort run cohorte.yml --jobs 2         toutes les structures d'une cohorte
                                                 (voir `sizeup cohort --help`)

Documentation : README.md et docs/espace-de-travail.md.
"""

_COHORT_EPILOG = """\
exemples :
  sizeup cohort run cohorte.yml                  toutes les structures, l'une après l'autre
  sizeup cohort run cohorte.yml --jobs 2         deux structures à la fois sur cette machine
  sizeup cohort run cohorte.yml --steps 00-05 --out sorties-2026
  sizeup cohort run cohorte.yml --scheduler tcp://ordonnanceur:8786
                                                 sur un cluster Dask (dossiers partagés)
  sizeup cohort run cohorte.yml --tout-relancer  relance toutes les étapes
  sizeup cohort tableau cohorte.yml              tableau de bord du programme
  sizeup cohort rapport cohorte.yml --seuil 11   rapport consolidé pour le financeur
  sizeup cohort exemple                          les sept structures d'exemple en cohorte
                                                 (cohorte-exemple/cohorte.yml)
  sizeup cohort synthetique 50 --dest essai-50   50 structures fictives pour essayer

Documentation : docs/cohorte.md.
"""


class _FrenchParser(argparse.ArgumentParser):
    """argparse with French usage errors (exit status 2, no traceback)."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        translated = (
            message.replace(
                "the following arguments are required", "arguments obligatoires manquants"
            )
            .replace("invalid choice", "choix invalide")
            .replace("unrecognized arguments", "arguments inconnus")
            .replace("expected one argument", "une valeur est attendue")
            .replace("invalid int value", "nombre entier invalide")
            .replace("choose from", "choisissez parmi")
        )
        self.exit(2, f"{self.prog} : erreur : {translated}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(
        prog="sizeup",
        description="Size Up : le parcours d'évaluation d'impact social en carnets Jupyter. "
        "Exécute les carnets numérotés (00 à 12) sur l'espace de travail d'une "
        "structure et range les livrables de chaque étape.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument(
        "--version",
        action="version",
        version=f"sizeup {__version__}",
        help="affiche la version et quitte",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_FrenchParser)

    def add(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=description,
            add_help=False,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
        return p

    run = add(
        "run",
        "exécute les carnets sur un espace de travail",
        "Exécute les carnets numérotés, dans l'ordre, sur l'espace de travail WORKSPACE, "
        "et garde les carnets exécutés dans <sorties>/carnets-executes/. Une étape en échec "
        "n'empêche que les étapes qui lisent ses livrables ; le résumé final les nomme. "
        "Codes de sortie : 0 tout s'est bien passé, 1 une étape a échoué, 2 commande ou "
        "espace de travail incorrect, 3 identifiant direct trouvé dans les sorties.",
    )
    run.add_argument(
        "workspace",
        metavar="WORKSPACE",
        help="dossier de l'espace de travail (contient structure.yml)",
    )
    _add_run_options(run)
    run.add_argument(
        "--steps",
        metavar="ÉTAPES",
        default=None,
        help="étapes à exécuter : 00-05, 02, 01,03… (défaut : tous les carnets disponibles)",
    )
    run.add_argument(
        "-p",
        "--param",
        metavar="NOM=VALEUR",
        action="append",
        default=[],
        help="fixe un paramètre des carnets (répétable) ; il doit être déclaré "
        "dans la cellule « parameters » d'au moins un carnet exécuté",
    )
    run.add_argument(
        "--annee-precedente",
        metavar="SORTIES",
        default=None,
        help="dossier de sorties de l'an dernier : l'étape 05 rejoue ses règles de "
        "nettoyage (05-nettoyage) et l'étape 12 compare les chiffres avec son "
        "results.json ; donnez un autre dossier de sorties avec --out",
    )

    run.add_argument(
        "--reprendre",
        action="store_true",
        help="ne relance pas une étape déjà réussie dont les entrées n'ont pas changé "
        "depuis (« à jour ») ; voir docs/espace-de-travail.md",
    )

    _add_cohort(add)

    demo = add(
        "demo",
        "exécute tout le parcours sur une structure d'exemple",
        "Exécute tout le parcours sur une structure d'exemple (données fictives) et "
        "indique où sont les livrables.",
    )
    demo.add_argument(
        "--structure",
        metavar="SLUG",
        default=None,
        help="structure d'exemple (défaut : ateliers-emploi) ; voir `sizeup samples`",
    )
    _add_run_options(demo)

    init = add(
        "init",
        "crée un espace de travail vide pour une structure",
        "Crée un espace de travail vide : un fichier structure.yml commenté et un "
        "dossier donnees-brutes/ où copier les fichiers de la structure. Avec --depuis, "
        "copie (sans les modifier) les fichiers d'un dossier dans donnees-brutes/ et les "
        "déclare dans structure.yml : rôle, feuilles et données personnelles devinés en les "
        "lisant, un commentaire par entrée dit pourquoi, à relire.",
    )
    init.add_argument("folder", metavar="DOSSIER", help="dossier à créer (nouveau ou vide)")
    init.add_argument("--nom", required=True, help="nom de la structure")
    init.add_argument("--type", default="", help="type de structure (facultatif)")
    init.add_argument("--territoire", default="", help="territoire d'action (facultatif)")
    init.add_argument(
        "--depuis",
        metavar="SOURCE",
        default=None,
        help="dossier des fichiers de la structure, copiés dans donnees-brutes/ et déclarés "
        "(facultatif)",
    )

    check = add(
        "check",
        "vérifie un espace de travail",
        "Vérifie structure.yml, la présence des fichiers déclarés et liste les fichiers de "
        "donnees-brutes/ non déclarés, avec les lignes à ajouter ou à retirer, sans rien "
        "écrire. Code de sortie 1 si un fichier déclaré manque.",
    )
    check.add_argument("workspace", metavar="WORKSPACE", help="dossier de l'espace de travail")

    samples = add(
        "samples",
        "liste ou régénère les structures d'exemple",
        "Liste les structures d'exemple ; avec --generate, les régénère (graine "
        "fixe : le contenu est identique d'une fois sur l'autre). La régénération "
        "sert aux contributeurs : elle se lance depuis une copie du dépôt.",
    )
    samples.add_argument(
        "--generate", action="store_true", help="régénère les structures d'exemple"
    )
    samples.add_argument(
        "--dest",
        default=None,
        metavar="DOSSIER",
        help="dossier où écrire (défaut : data/samples du dépôt)",
    )
    samples.add_argument(
        "slugs", nargs="*", metavar="SLUG", help="structures à régénérer (défaut : toutes)"
    )

    exercises = add(
        "exercises",
        "régénère les exercices depuis leurs solutions",
        "Régénère chaque exercices/NN_<sujet>_ex_MM.ipynb à partir de sa solution "
        "NN_<sujet>_sol_MM.ipynb (cellules « solution » retirées). Avec --check, "
        "vérifie seulement qu'ils sont à jour. Pour les contributeurs : se lance "
        "depuis une copie du dépôt.",
    )
    exercises.add_argument(
        "--check",
        action="store_true",
        help="vérifie sans écrire ; statut 1 si un exercice est périmé",
    )
    return parser


def _add_cohort(add) -> None:
    """``sizeup cohort run|tableau|rapport|synthetique``."""
    cohort = add(
        "cohort",
        "exécute et lit ensemble les structures d'une cohorte (cohorte.yml)",
        "Le niveau de l'équipe du programme : une cohorte de structures décrite dans un "
        "fichier cohorte.yml (programme, année, mois de début, espaces de travail). "
        "Codes de sortie : 0 tout s'est bien passé, 1 une structure ou une étape a échoué, "
        "2 commande ou fichier de cohorte incorrect, 3 identifiant direct trouvé dans les "
        "sorties.",
    )
    cohort.epilog = _COHORT_EPILOG
    sub = cohort.add_subparsers(
        dest="cohort_command", metavar="COMMANDE", parser_class=_FrenchParser, required=True
    )

    def add_cohort(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=description,
            epilog=_COHORT_EPILOG,
            add_help=False,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
        return p

    def add_file(p: argparse.ArgumentParser) -> None:
        p.add_argument("cohort_file", metavar="COHORTE.yml", help="le fichier de la cohorte")
        p.add_argument(
            "--out",
            metavar="DOSSIER",
            default=None,
            help="dossier des sorties de la cohorte (défaut : clé « sorties » du fichier, "
            "sinon sorties-cohorte/ à côté de lui)",
        )

    run = add_cohort(
        "run",
        "exécute le parcours pour toutes les structures",
        "Exécute les carnets pour chaque structure de la cohorte, chacune dans son dossier "
        "<sorties>/<structure>/. L'échec d'une structure n'arrête pas les autres ; le résumé "
        "final nomme les structures et les étapes en échec, avec la raison. Une nouvelle "
        "exécution reprend : une étape déjà réussie dont les entrées n'ont pas changé n'est "
        "pas relancée. Le journal est écrit dans <sorties>/journal-cohorte.md. Codes de "
        "sortie : 0 tout s'est bien passé, 1 une structure ou une étape a échoué, 2 commande "
        "ou fichier de cohorte incorrect, 3 identifiant direct trouvé dans les sorties.",
    )
    add_file(run)
    run.add_argument(
        "--jobs",
        metavar="N",
        type=int,
        default=1,
        help="nombre de structures exécutées en même temps sur cette machine, chacune dans "
        "son processus (défaut : 1)",
    )
    run.add_argument(
        "--scheduler",
        metavar="ADRESSE",
        default=None,
        help="adresse d'un ordonnanceur Dask (tcp://machine:8786) : les structures sont "
        "exécutées par ses workers, qui doivent voir les espaces de travail et le dossier "
        "des sorties au même chemin (dossier partagé)",
    )
    run.add_argument(
        "--steps",
        metavar="ÉTAPES",
        default=None,
        help="étapes à exécuter : 00-05, 02, 01,03… (défaut : tous les carnets disponibles)",
    )
    run.add_argument("--quiet", action="store_true", help="sans barre de progression")
    run.add_argument(
        "--tout-relancer",
        action="store_true",
        help="relance toutes les étapes, même celles qui sont à jour",
    )

    board = add_cohort(
        "tableau",
        "écrit le tableau de bord du programme (HTML et xlsx)",
        "Écrit <sorties>/tableau-de-bord.html et tableau-de-bord.xlsx : pour chaque "
        "structure et chaque étape, faite (avec la date du livrable), en retard ou pas "
        "commencée par rapport au calendrier de 12 mois du carnet 01, le parcours conseillé, "
        "les structures à risque de décrochage et le prochain séminaire.",
    )
    add_file(board)
    board.add_argument(
        "--date",
        metavar="AAAA-MM-JJ",
        default=None,
        help="date à laquelle lire le calendrier (défaut : aujourd'hui)",
    )

    report = add_cohort(
        "rapport",
        "écrit le rapport consolidé pour le financeur",
        "Écrit <sorties>/rapport-financeur.html à partir des seuls results.json des "
        "structures (jamais des données brutes ni nettoyées) : structures et personnes "
        "touchées, effets mesurés, résultats côte à côte, petits effectifs masqués, une page "
        "par structure en annexe.",
    )
    add_file(report)
    report.add_argument(
        "--seuil",
        metavar="N",
        type=int,
        default=None,
        help="effectif minimum publié dans une case (défaut : celui du rapport)",
    )

    example = add_cohort(
        "exemple",
        "écrit une cohorte d'exemple : les sept structures fictives",
        "Écrit DOSSIER/cohorte.yml (défaut : cohorte-exemple/cohorte.yml), une cohorte "
        "formée des sept structures d'exemple (données fictives), pour essayer les commandes "
        "de cohorte : leurs sorties vont dans DOSSIER/sorties/.",
    )
    example.add_argument(
        "--dest",
        metavar="DOSSIER",
        default="cohorte-exemple",
        help="dossier où écrire cohorte.yml (défaut : cohorte-exemple)",
    )

    synthetic = add_cohort(
        "synthetique",
        "crée une cohorte fictive de N structures (pour essayer)",
        "Crée N espaces de travail fictifs en variant les sept générateurs d'exemples "
        "(graines, tailles, désordre) et leur fichier cohorte.yml, pour essayer les "
        "commandes de cohorte sur 7, 50 ou 200 structures. Pour les contributeurs : se "
        "lance depuis une copie du dépôt.",
    )
    synthetic.add_argument("count", metavar="N", type=int, help="nombre de structures")
    synthetic.add_argument(
        "--dest", metavar="DOSSIER", required=True, help="dossier où écrire la cohorte"
    )
    synthetic.add_argument(
        "--graine", metavar="S", type=int, default=0, help="graine du hasard (défaut : 0)"
    )


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        metavar="DOSSIER",
        default=None,
        help="dossier des sorties (défaut : sorties/<structure> pour un exemple, "
        "<espace>/sorties sinon)",
    )
    p.add_argument(
        "--jobs",
        metavar="N",
        type=int,
        default=None,
        help="nombre de carnets exécutés en même temps quand leurs étapes sont "
        "indépendantes (défaut : 1 ; pour demo, 2 si la machine a plusieurs processeurs)",
    )
    p.add_argument("--quiet", action="store_true", help="sans barre de progression")


def _default_jobs(command: str) -> int:
    """Notebooks run at once without ``--jobs``: one for ``sizeup run`` (a structure's own
    data may be large: one kernel at a time), two for ``sizeup demo`` on a machine of
    several processors (a sample's kernels are small)."""
    import os

    return min(2, os.cpu_count() or 1) if command == "demo" else 1


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SizeUpError(f"Paramètre « {pair} » illisible : écrivez NOM=VALEUR.")
        params[name.strip()] = value
    return params


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return 2
    try:
        return _dispatch(args)
    except SizeUpError as exc:
        print(f"sizeup : {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(
            "sizeup : interrompu. Les livrables des étapes terminées sont intacts ; "
            "relancez la même commande pour terminer.",
            file=sys.stderr,
        )
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in ("run", "demo"):
        from .runner import exit_status, run_curriculum

        if args.command == "demo":
            from .workspace import DEFAULT_SAMPLE, samples_dir

            workspace = samples_dir() / (args.structure or DEFAULT_SAMPLE)
            if not workspace.is_dir():
                from .errors import WorkspaceError

                raise WorkspaceError(
                    f"Structure d'exemple inconnue : « {args.structure} ». Voir `sizeup samples`."
                )
            params, steps, previous = {}, None, None
        else:
            workspace, params, steps = args.workspace, _parse_params(args.param), args.steps
            previous = args.annee_precedente
        options = {"resume": True} if getattr(args, "reprendre", False) else {}
        if options and "resume" not in inspect.signature(run_curriculum).parameters:
            raise SizeUpError("--reprendre n'est pas disponible dans cette version de sizeup.")
        result = run_curriculum(
            workspace,
            **options,
            output_dir=args.out,
            steps=steps,
            jobs=args.jobs if args.jobs is not None else _default_jobs(args.command),
            parameters=params,
            progress=not args.quiet,
            raise_on_failure=False,
            previous_outputs=previous,
        )
        _print_run(result)
        return exit_status(result)
    if args.command == "cohort":
        return _cohort(args)
    if args.command == "init" and args.depuis is not None:
        from .intake import intake_folder

        intake = intake_folder(
            args.folder,
            args.nom,
            args.depuis,
            structure_type=args.type,
            territory=args.territoire,
        )
        print(f"Espace de travail créé : {intake.root}")
        print(intake.to_text())
        for bad in intake.unreadable:
            print(f"sizeup : attention, {bad.path} non lu : {bad.reason}", file=sys.stderr)
        return 0
    if args.command == "init":
        from .workspace import create_workspace

        ws = create_workspace(
            args.folder, args.nom, structure_type=args.type, territory=args.territoire
        )
        print(f"Espace de travail créé : {ws.root}")
        print(
            "Copiez les fichiers de la structure dans donnees-brutes/ et déclarez-les dans "
            "structure.yml."
        )
        return 0
    if args.command == "check":
        from .workspace import check_workspace_files

        result = check_workspace_files(args.workspace)
        print(result.to_text())
        return 0 if result.ok else 1
    if args.command == "samples":
        if not args.generate:
            from .samples import samples

            for sample in samples():
                print(f"{sample.slug:22} {sample.kind}")
            return 0
        samplegen = _tooling("tools.samplegen", "sizeup samples --generate")
        *written, index = samplegen.regenerate(args.slugs or None, args.dest)
        for path in written:
            print(f"{path.name} : {path}")
        print(f"index : {index}")
        return 0
    if args.command == "exercises":
        exercisegen = _tooling("tools.exercisegen", "sizeup exercises")
        return exercisegen.main(["--check"] if args.check else [])
    raise AssertionError(args.command)  # pragma: no cover


def _cohort(args: argparse.Namespace) -> int:
    """``sizeup cohort …``: the cohort's functions, each imported when its command runs."""
    from pathlib import Path

    if args.cohort_command == "exemple":
        from .cohort import write_example_cohort

        written = write_example_cohort(args.dest)
        print(f"Cohorte d'exemple (sept structures fictives) : {written}")
        print(f"Essayez : sizeup cohort run {written} --jobs 2")
        return 0
    if args.cohort_command == "synthetique":
        if args.count < 1:
            raise SizeUpError(f"N doit être au moins 1 (reçu {args.count}).")
        maker = _tooling("tools.samplegen.cohort", "sizeup cohort synthetique")
        written = maker.make_cohort(args.count, Path(args.dest), seed=args.graine)
        count = french.plural(args.count, "structure", "structures")
        print(f"Cohorte fictive de {count} : {written}")
        print(f"Essayez : sizeup cohort run {written} --jobs 2")
        return 0
    from .cohort import load_cohort

    cohort = load_cohort(args.cohort_file)
    out = Path(args.out) if args.out else None
    if args.cohort_command == "run":
        from .cohort import run_cohort

        result = run_cohort(
            cohort,
            out,
            jobs=args.jobs,
            scheduler=args.scheduler,
            steps=args.steps,
            resume=not args.tout_relancer,
            progress=not args.quiet,
        )
        print(f"Cohorte « {cohort.programme} » : {result.output_dir}")
        print(f"Journal : {result.journal}")
        print(result.summary(), file=sys.stdout if result.ok else sys.stderr)
        return result.exit_status()
    if args.cohort_command == "tableau":
        import datetime as dt

        from .cohort_dashboard import explain_dashboard, save_dashboard

        as_of = None
        if args.date is not None:
            try:
                as_of = dt.date.fromisoformat(args.date)
            except ValueError:
                raise SizeUpError(
                    f"--date « {args.date} » illisible : écrivez AAAA-MM-JJ (ex. 2027-03-15)."
                ) from None
        paths = save_dashboard(cohort, out, as_of=as_of)
        print(explain_dashboard(cohort, out, as_of=as_of).to_text())
        for kind, path in paths.items():
            print(f"Tableau de bord ({kind}) : {path}")
        return 0
    if args.cohort_command == "rapport":
        from .funder_report import explain_funder_report, funder_report, save_funder_report

        path = save_funder_report(cohort, out, small_cell_threshold=args.seuil)
        report = funder_report(cohort, out, small_cell_threshold=args.seuil)
        print(explain_funder_report(report).to_text())
        print(f"Rapport pour le financeur : {path}")
        return 0
    raise AssertionError(args.cohort_command)  # pragma: no cover


def _print_run(result) -> None:
    """What ``sizeup run`` says after a run: the steps, where things are, the privacy scan."""
    from .runner import SKIPPED

    ws = result.workspace
    total = sum(r.seconds for r in result.results)
    ran = [r for r in result.results if r.status != SKIPPED]
    steps_run = french.plural(len(ran), "étape exécutée", "étapes exécutées")
    print(f"{steps_run} pour « {ws.name} » en {total:.0f} s.")
    print(f"Livrables : {ws.output_dir}")
    print(f"Carnets exécutés : {ws.executed_dir}")
    if result.archive is not None:
        print(f"Archive à partager (sans clé ni données brutes) : {result.archive}")
    if not result.ok:
        print(f"sizeup : {result.summary()}", file=sys.stderr)
    found = result.identifiers_found
    if found:
        from .privacy import UNVERIFIED

        files = sorted({str(f["fichier"]) for f in found})
        unread = sum(f["type"] == UNVERIFIED for f in found)
        how_many = " et ".join(
            text
            for n, text in (
                (
                    len(found) - unread,
                    french.plural(
                        len(found) - unread,
                        "identifiant direct trouvé",
                        "identifiants directs trouvés",
                    ),
                ),
                (unread, french.plural(unread, "fichier non vérifié", "fichiers non vérifiés")),
            )
            if n
        )
        lines = [
            f"sizeup : ATTENTION, {how_many} dans les sorties, "
            f"{french.plural(len(files), 'fichier', 'fichiers')} à vérifier avant toute "
            "diffusion :"
        ]
        for name in files:
            kinds = sorted({f"{f['type']} {f['extrait']}" for f in found if f["fichier"] == name})
            lines.append(f"- {name} : {', '.join(kinds[:5])}")
        lines.append(
            "Ne diffusez ni ces fichiers ni l'archive des sorties avant de les avoir vérifiés "
            "(code de sortie 3)."
        )
        print("\n".join(lines), file=sys.stderr)
    else:
        print(
            "Vérification RGPD : aucun identifiant direct (e-mail, téléphone, NIR) dans "
            "les sorties."
        )


def _tooling(module: str, command: str):
    """Import the development tooling ``module`` from the checkout (``tools/``).

    The tooling is not installed with the package: it is found in the checkout the package
    runs from, or in the clone holding the current folder, which is put on ``sys.path``.
    """
    import importlib

    from .resources import REPOSITORY_URL, tooling_root

    root = tooling_root()
    if root is None:
        raise SizeUpError(
            f"`{command}` sert aux contributeurs qui travaillent dans une copie "
            "(clone) du dépôt Size Up : ses outils de développement (dossier "
            "tools/) ne sont pas installés avec le paquet. Clonez le dépôt "
            f"(`git clone {REPOSITORY_URL}`), installez-le avec `make env`, puis "
            "lancez la commande depuis ce dossier."
        )
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module(module)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
