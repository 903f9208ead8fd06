"""Qualitative bank of ``justice-jeunesse``: legal education for young people, mock trials."""

SLUG = "justice-jeunesse"
SENSIBLE = False

ROLES = [
    {
        "categorie": "enseignant",
        "voix": ["tiers", "enseignant"],
        "sexe": "F",
        "role": "professeure d'histoire-géographie et d'EMC en collège REP",
        "lieu": "salle des professeurs",
        "presentation": "J'enseigne l'histoire-géo et l'éducation morale et civique depuis "
        "douze ans, dont huit dans ce collège. J'ai fait venir l'association deux "
        "années de suite, pour mes classes de quatrième.",
    },
    {
        "categorie": "élève",
        "voix": "eleve",
        "sexe": "M",
        "role": "élève de quatrième, 14 ans (entretien avec l'accord de ses parents)",
        "lieu": "CDI du collège, en présence de la documentaliste",
        "presentation": "Ben… j'ai 14 ans, je suis en quatrième. J'aime bien le foot et les jeux "
        "vidéo. L'intervention, c'était en mars, je crois, un jeudi, ça a pris "
        "toute la matinée.",
    },
    {
        "categorie": "bénévole",
        "voix": ["tiers", "equipe"],
        "sexe": "M",
        "role": "intervenant bénévole, assesseur du tribunal pour enfants",
        "lieu": "locaux de l'association",
        "presentation": "Je suis assesseur du tribunal pour enfants depuis neuf ans, c'est "
        "une fonction de citoyen, pas de magistrat professionnel. J'interviens "
        "pour l'association dans les classes depuis cinq ans.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "enseignant"],
        "sexe": "F",
        "role": "conseillère principale d'éducation (CPE) d'un collège",
        "lieu": "bureau de la vie scolaire",
        "presentation": "Je suis CPE depuis quinze ans, dans ce collège depuis quatre ans. La vie "
        "scolaire, les absences, les conflits entre élèves… C'est moi qui ai "
        "proposé l'intervention au chef d'établissement.",
    },
    {
        "categorie": "élève",
        "voix": "eleve",
        "sexe": "F",
        "role": "élève de cinquième (entretien avec l'accord de ses parents)",
        "lieu": "CDI du collège, en présence de la documentaliste",
        "presentation": "Je suis en cinquième. Euh… j'aime bien dessiner, et le hand. "
        "L'intervention, c'était avec toute la classe, dans la salle polyvalente, "
        "il y avait deux personnes de l'association.",
    },
    {
        "categorie": "parent",
        "voix": ["tiers", "parent"],
        "sexe": "F",
        "role": "mère d'une élève de quatrième",
        "lieu": "par téléphone",
        "presentation": "J'ai trois enfants, la plus grande est en quatrième dans ce collège. "
        "Je suis aide à domicile. J'ai entendu parler de l'intervention par ma "
        "fille, le soir même, à table.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "M",
        "role": "coordinateur salarié de l'association, ancien éducateur spécialisé",
        "lieu": "locaux de l'association",
        "presentation": "J'ai été éducateur spécialisé pendant quinze ans, en milieu ouvert. "
        "Maintenant je coordonne les interventions : le planning avec les "
        "établissements, les intervenants, la facturation, les bilans.",
    },
    {
        "categorie": "financeur",
        "voix": ["tiers", "financeur"],
        "sexe": "F",
        "role": "chargée de mission prévention de la délinquance d'une collectivité",
        "lieu": "par visioconférence",
        "presentation": "Je suis chargée de mission au conseil local de sécurité et de "
        "prévention de la délinquance. On finance une partie des interventions "
        "dans les collèges du territoire depuis trois ans.",
    },
]

THEMES = {
    "loi": {
        "libelle": "Connaissance de la loi et de la responsabilité",
        "marqueurs": ["la loi", "pénal", "casier judiciaire", "infraction"],
        "frequence": 0.75,
        "questions": {
            "eleve": [
                "Qu'est-ce que tu as retenu de l'intervention ?",
                "Qu'est-ce que tu as appris ce jour-là ?",
            ],
            "tiers": ["Qu'est-ce que les élèves retiennent, d'après vous ?"],
        },
        "fragments": {
            "eleve": [
                "J'ai appris qu'à 13 ans on peut aller en prison. Enfin, pas vraiment en "
                "prison, mais on peut être condamné. Je croyais que c'était à 18 ans, la "
                "majorité pénale, comme pour tout.",
                "Partager une vidéo où quelqu'un se fait frapper, c'est une infraction, même si "
                "c'est pas toi qui frappes. Je savais pas du tout. Il y a des gens de ma "
                "classe qui le font tout le temps.",
                "Le casier judiciaire, ça m'a fait peur. Le monsieur a dit que ça peut te "
                "suivre pour trouver du travail plus tard. Moi je veux être pompier, alors "
                "bon…",
                "Ils ont expliqué que la loi, c'est pas pareil pour les mineurs, qu'il y a un "
                "juge spécial, des éducateurs. Et que c'est plutôt pour aider que pour punir, "
                "mais que ça reste grave.",
            ],
            "tiers": [
                "Ils découvrent la responsabilité pénale des mineurs, et ça les secoue. Beaucoup "
                "pensent qu'avant dix-huit ans, on ne risque rien. Le quiz d'avant montre "
                "bien ces idées fausses, celui d'après beaucoup moins.",
                "Ce qui marque, c'est de comprendre qu'une blague, une photo, un message "
                "peuvent être une infraction. Ils ont des réflexes numériques sans aucune "
                "conscience de la loi.",
            ],
        },
        "temoignages": [
            ("J'ai appris plein de choses sur la loi.", "élève"),
            ("Je ne savais pas que partager une vidéo pouvait être une infraction.", "élève"),
            ("Intervention très claire sur la responsabilité pénale des mineurs.", "enseignant{e}"),
        ],
    },
    "harcelement": {
        "libelle": "Prise de conscience du harcèlement",
        "marqueurs": ["harcèlement", "harcel", "harcèle"],
        "frequence": 0.65,
        "questions": {
            "eleve": ["Est-ce que ça t'a fait réfléchir à des choses qui se passent au collège ?"],
            "tiers": ["Sur les relations entre élèves, qu'est-ce que l'intervention apporte ?"],
        },
        "fragments": {
            "eleve": [
                "L'affaire qu'on a jouée, c'était du harcèlement sur les réseaux. Une fille qui "
                "recevait des messages tous les jours. Et en fait, ceux qui likaient, ils "
                "étaient aussi un peu coupables. Ça m'a fait bizarre.",
                "Avant, je pensais que le harcèlement, c'était quand on tape quelqu'un. Mais "
                "les surnoms, les rumeurs, tous les jours, c'est pareil. Dans ma classe, il y a "
                "un garçon à qui ça arrive, je crois.",
                "On rigolait sur un groupe, sur un élève. Après l'intervention, j'ai quitté le "
                "groupe. J'ai pas dit pourquoi, mais je voulais plus participer à ce "
                "harcèlement, même juste en regardant.",
            ],
            "tiers": [
                "Le harcèlement, c'est le sujet qui les touche le plus, parce que tous en ont "
                "été témoins. On voit des visages changer pendant le débat. Certains "
                "reconnaissent des situations vécues.",
                "Ils comprennent que le harcèlement, c'est la répétition et le groupe. Que "
                "rire, partager, c'est participer. C'est un déclic pour certains, pas pour "
                "tous, soyons honnêtes.",
            ],
            "parent": [
                "Ma fille m'a parlé du harcèlement le soir même. Elle m'a raconté qu'une copine "
                "recevait des messages méchants. On a discuté longtemps, ce qu'on ne fait pas "
                "souvent à cet âge-là.",
            ],
        },
        "temoignages": [
            ("Maintenant je sais reconnaître le harcèlement.", "élève"),
            ("Ça m'a fait réfléchir sur le cyberharcèlement.", "élève"),
        ],
    },
    "parler": {
        "libelle": "Oser en parler à un adulte",
        "marqueurs": ["en parler", "prévenir un adulte", "signaler", "se confier"],
        "frequence": 0.5,
        "questions": {
            "eleve": ["Si tu voyais quelque chose de grave, qu'est-ce que tu ferais ?"],
            "tiers": ["Est-ce que vous avez vu des effets dans les semaines qui ont suivi ?"],
        },
        "fragments": {
            "eleve": [
                "Avant, je disais rien, parce que « balance », c'est la honte. Mais ils ont "
                "expliqué que prévenir un adulte, c'est pas balancer, c'est protéger. Je crois "
                "que maintenant j'irais voir la CPE.",
                "Si je vois quelque chose, j'irais en parler, oui. Peut-être pas tout de suite, "
                "mais oui. Ou à ma mère, c'est plus facile.",
                "Il y a le numéro, le 3018, ils l'ont écrit au tableau. Je l'ai noté. On peut "
                "signaler sans dire son nom, je savais pas.",
            ],
            "enseignant": [
                "Dans les trois semaines qui ont suivi, j'ai eu quatre élèves qui sont venus "
                "signaler des situations. Ça n'arrivait presque jamais avant. Est-ce que c'est "
                "l'intervention seule ? Je ne sais pas, mais le lien est troublant.",
                "Des élèves sont venus en parler, des situations anciennes parfois. L'un "
                "d'eux m'a dit : « le juge a dit qu'il fallait le dire ». Ça a plus de poids "
                "venant de lui que de nous.",
            ],
            "parent": [
                "Ce qui m'a rassurée, c'est qu'on leur a dit d'en parler, à un adulte, à la "
                "maison aussi. Ma fille sait qu'elle peut se confier, elle me l'a dit.",
            ],
        },
        "temoignages": [
            ("Je sais maintenant qu'il faut en parler à un adulte.", "élève"),
            ("Merci de leur apprendre à signaler.", "parent d'élève"),
        ],
    },
    "proces": {
        "libelle": "Le procès reconstitué, une pédagogie active",
        "marqueurs": ["procès", "jouer le rôle", "dans la peau"],
        "frequence": 0.55,
        "questions": {
            "eleve": ["Comment ça s'est passé, concrètement, pendant la matinée ?"],
            "tiers": ["Qu'est-ce qui fonctionne dans le format de l'intervention ?"],
        },
        "fragments": {
            "eleve": [
                "J'ai dû jouer le rôle de l'avocat de la victime. J'étais stressé{e}, mais "
                "c'était trop bien. On devait trouver des arguments, et le vrai juge nous "
                "donnait des conseils.",
                "Le procès, c'était le meilleur moment. On a voté la sanction, et après ils "
                "nous ont dit la vraie décision. On était trop sévères, en fait ! [rires]",
                "Se mettre dans la peau du juge, c'est dur. Tu vois que c'est pas simple de "
                "décider, qu'il y a plein de choses à prendre en compte.",
            ],
            "tiers": [
                "Le procès reconstitué change tout. Les élèves ne reçoivent pas un cours, ils "
                "jouent, ils argumentent, ils jugent. Même les plus discrets finissent par "
                "prendre la parole.",
                "Se mettre dans la peau de la victime ou de l'auteur, c'est ce qui fait "
                "réfléchir. Les débats sur la sanction sont passionnants : ils sont souvent "
                "bien plus durs que les vrais juges.",
            ],
        },
        "temoignages": [
            ("Le procès était génial, on s'y croyait !", "élève"),
            ("J'ai adoré jouer le rôle du juge.", "élève"),
            "Se mettre dans la peau de la victime, ça fait réfléchir.",
        ],
    },
    "climat": {
        "libelle": "Climat de classe et respect",
        "marqueurs": ["ambiance", "climat", "respect"],
        "frequence": 0.4,
        "questions": {
            "enseignant": ["Est-ce que vous avez observé des changements dans la classe ?"],
            "equipe": ["Qu'est-ce que les établissements vous disent, après ?"],
            "eleve": ["Et dans ta classe, est-ce que quelque chose a changé ?"],
        },
        "fragments": {
            "enseignant": [
                "Le climat de la classe a changé quelques semaines, c'est net. Moins de "
                "moqueries, plus d'écoute. Ça s'est un peu effrité ensuite, il faudrait un "
                "rappel en cours d'année.",
                "Il y a eu une meilleure ambiance, surtout dans une classe difficile où les "
                "insultes fusaient. Les élèves se reprenaient entre eux : « eh, respect, "
                "souviens-toi du juge ». [rires]",
            ],
            "equipe": [
                "Les chefs d'établissement nous parlent souvent du climat scolaire après "
                "l'intervention. Moins d'incidents, disent-ils. Mais on n'a pas de mesure "
                "précise, c'est leur impression.",
            ],
            "eleve": [
                "Dans la classe, il y a plus de respect, un peu. Les garçons qui embêtaient "
                "tout le monde, ils font plus attention. Enfin, pendant un moment.",
            ],
        },
        "temoignages": [
            ("Meilleure ambiance dans la classe depuis.", "enseignant{e}"),
            ("Plus de respect entre nous.", "élève"),
        ],
    },
    "limites": {
        "libelle": "Limites et critiques",
        "marqueurs": ["dommage", "trop court", "pas de suivi", "dissip"],
        "frequence": 0.5,
        "questions": [
            "Qu'est-ce qui pourrait être amélioré, selon vous ?",
            "Est-ce qu'il y a des choses qui ont moins bien marché ?",
            "Quelles sont les limites de l'intervention, de votre point de vue ?",
        ],
        "fragments": {
            "eleve": [
                "C'était trop court. On a eu juste le temps de faire une affaire, et il y en avait "
                "une autre qu'on n'a pas pu faire.",
                "Il y en a qui étaient dissipés, qui faisaient les malins au fond. Ça gâchait "
                "un peu. La prof a dû intervenir deux fois.",
            ],
            "enseignant": [
                "Une matinée, c'est trop court pour ancrer quoi que ce soit. Et il n'y a pas de "
                "suivi organisé : l'association repart, et c'est à nous de faire vivre les "
                "questions, sans outils.",
                "C'est dommage que le coût soit si élevé pour un établissement. Mille huit "
                "cents euros, pour nous, c'est la moitié du budget des sorties. On a dû choisir "
                "entre deux niveaux.",
            ],
            "equipe": [
                "Notre limite, c'est qu'il n'y a pas de suivi au-delà de quelques semaines. "
                "Le questionnaire à trois mois, très peu de classes le remplissent. C'est "
                "dommage, on ne sait pas ce qui reste.",
            ],
            "financeur": [
                "Ce qui manque, c'est une mesure des effets dans la durée. Il n'y a pas de "
                "suivi sur les incidents, les signalements, d'une année sur l'autre. C'est "
                "dommage, le dispositif mériterait d'être mieux documenté.",
            ],
            "parent": [
                "C'est dommage que les parents ne soient pas associés. On aurait aimé savoir "
                "avant, pour en reparler à la maison, ou même assister à une partie.",
            ],
        },
        "temoignages": [
            ("Trop court, on en voulait plus !", "élève"),
            ("Dommage que certains élèves aient été dissipés.", "enseignant{e}"),
        ],
    },
}

NEUTRES = {
    "eleve": [
        (
            "Tu connaissais l'association avant ?",
            "Non, pas du tout. La prof nous avait juste dit qu'il y aurait des gens de la "
            "justice. Je pensais que c'était des policiers, en fait. [rires]",
        ),
        (
            "Qui est venu dans la classe ?",
            "Un monsieur qui est juge, enfin, pas un vrai juge juge, un assesseur du tribunal "
            "pour enfants je crois, "
            "et une dame avocate. Ils étaient gentils, ils parlaient normalement, pas comme à la "
            "télé.",
        ),
        (
            "Tu en as parlé chez toi, après ?",
            "Un peu, à ma mère. Elle m'a demandé ce qu'on avait fait, j'ai raconté l'affaire. "
            "Mon grand frère a dit que lui, au collège, il avait jamais eu ça.",
        ),
    ],
    "enseignant": [
        (
            "Comment vous avez préparé l'intervention avec les élèves ?",
            "Une heure avant, en cours, pour présenter le vocabulaire : victime, auteur, témoin, "
            "sanction. Et j'ai fait passer le petit questionnaire du début. Après, une heure de "
            "reprise la semaine suivante.",
        ),
        (
            "Comment s'est fait le choix des classes ?",
            "On a choisi les quatrièmes, parce que c'est l'âge où les problèmes sur les réseaux "
            "explosent. Et puis c'est au programme d'éducation morale et civique, ça tombait "
            "bien.",
        ),
    ],
    "equipe": [
        (
            "Comment se déroule une intervention type ?",
            "On arrive une demi-heure avant, on installe la salle comme un tribunal. Ensuite une "
            "présentation, le quiz, puis on répartit les rôles et on joue l'affaire. On termine "
            "par le verdict et le débat. Trois heures en tout.",
        ),
        (
            "Comment sont choisies les affaires ?",
            "Ce sont des affaires réelles, jugées au tribunal pour enfants, anonymisées et "
            "simplifiées. On les adapte à l'âge : pour des CM2, on ne traite pas les mêmes sujets "
            "que pour des troisièmes.",
        ),
    ],
    "tiers": [
        (
            "Comment vous avez connu l'association ?",
            "Par le bouche-à-oreille entre établissements, et par la mairie qui en parlait dans "
            "une réunion. Ils ont une bonne réputation, les retours sont bons.",
        ),
    ],
    "parent": [
        (
            "Est-ce que vous aviez été informée de l'intervention ?",
            "Il y avait un mot dans l'espace numérique, je crois, mais je ne l'avais pas vu. "
            "Avec le travail, je regarde ça une fois par semaine, et encore.",
        ),
    ],
    "financeur": [
        (
            "Pourquoi la collectivité finance ce type d'action ?",
            "C'est dans notre stratégie locale de prévention, volet jeunesse. On finance des "
            "actions dans les collèges, sur les écrans, les rixes entre quartiers. L'association "
            "en fait partie.",
        ),
    ],
}

PROFILS_TEMOIGNAGES = {"F": ["élève"], "M": ["élève"]}
CONTEXTES_TEMOIGNAGES = [
    ("Classe de quatrième.", "élève"),
    "Intervention de mars.",
    ("Troisième fois que nous accueillons l'association.", "enseignant{e}"),
]
