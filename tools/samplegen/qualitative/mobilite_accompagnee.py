"""Qualitative bank of ``mobilite-accompagnee``: accompanied trips for people with reduced
mobility (the beneficiaries) by volunteer guides."""

SLUG = "mobilite-accompagnee"
SENSIBLE = True  # speakers describe their disability or health: art. 9 RGPD

ROLES = [
    {
        "categorie": "bénéficiaire",
        "voix": "bénéficiaire",
        "sexe": "F",
        "role": "bénéficiaire, 74 ans, malvoyante, inscrite depuis un an",
        "lieu": "à son domicile",
        "presentation": "J'ai 74 ans. Je vois de moins en moins, c'est la dégénérescence, vous "
        "savez, la maculaire. Je vis seule depuis la mort de mon mari. C'est "
        "l'ophtalmologue, enfin sa secrétaire, qui m'a donné le dépliant.",
    },
    {
        "categorie": "bénéficiaire",
        "voix": "bénéficiaire",
        "sexe": "M",
        "role": "bénéficiaire, 38 ans, se déplace en fauteuil roulant",
        "lieu": "café accessible du centre-ville",
        "presentation": "J'ai 38 ans, je suis en fauteuil depuis un accident de moto, il y a "
        "douze ans. Je travaille à mi-temps, dans une mutuelle. Je me débrouille "
        "beaucoup, mais il y a des trajets où il faut quelqu'un.",
    },
    {
        "categorie": "bénévole",
        "voix": ["guide", "tiers"],
        "sexe": "F",
        "role": "guide bénévole, 22 ans, étudiante",
        "lieu": "visioconférence",
        "presentation": "Je suis en master de psycho, j'ai 22 ans. Je me suis inscrite l'an "
        "dernier, je cherchais un bénévolat compatible avec les cours. Je fais deux "
        "ou trois trajets par mois, le mercredi surtout.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "partenaire"],
        "sexe": "F",
        "role": "ergothérapeute d'un service d'accompagnement médico-social, qui oriente des "
        "personnes",
        "lieu": "locaux du service médico-social",
        "presentation": "Je suis ergothérapeute dans un service qui accompagne des adultes en "
        "situation de handicap à domicile. On oriente vers le service de "
        "trajets accompagnés depuis trois ans, une quinzaine de personnes.",
    },
    {
        "categorie": "bénéficiaire",
        "voix": "bénéficiaire",
        "sexe": "F",
        "role": "bénéficiaire, 81 ans, fragilité liée à l'âge, marche avec une canne",
        "lieu": "à son domicile",
        "presentation": "J'ai 81 ans, je marche avec ma canne, et j'ai peur de tomber, surtout "
        "dans le bus, quand il freine. Mes enfants habitent loin, à Lyon et à "
        "Nantes. Alors voilà.",
    },
    {
        "categorie": "bénévole",
        "voix": ["guide", "tiers"],
        "sexe": "M",
        "role": "guide bénévole, 66 ans, retraité de la SNCF",
        "lieu": "à son domicile",
        "presentation": "J'ai été contrôleur pendant trente ans, à la SNCF. À la retraite, je "
        "tournais un peu en rond. [rires] Ma femme m'a montré un article dans le "
        "journal, et je me suis inscrit. Ça fait deux ans.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "F",
        "role": "coordinatrice salariée de l'antenne locale",
        "lieu": "bureau du service",
        "presentation": "Je coordonne l'antenne locale depuis deux ans : les inscriptions, "
        "la mise en relation, le recrutement des guides, les ateliers de "
        "formation. Et le téléphone qui sonne, beaucoup. [rires]",
    },
    {
        "categorie": "proche",
        "voix": ["tiers", "proche"],
        "sexe": "M",
        "role": "fils d'une bénéficiaire de 86 ans, habite à 40 km",
        "lieu": "par téléphone",
        "presentation": "Ma mère a 86 ans, elle vit seule dans sa maison. J'habite à quarante "
        "kilomètres, je travaille, je passe le week-end. C'est moi qui l'ai "
        "inscrite, sur internet, elle n'aurait pas fait la démarche.",
    },
]

THEMES = {
    "sorties": {
        "libelle": "Plus de sorties, moins de renoncements",
        "marqueurs": ["renonc", "renonç", "je sors", "elle sort", "ressortir"],
        "frequence": 0.75,
        "questions": {
            "bénéficiaire": [
                "Qu'est-ce que le service a changé pour vous ?",
                "Vos déplacements, comment ça se passait avant ?",
            ],
            "tiers": ["Qu'est-ce que vous voyez changer pour les personnes accompagnées ?"],
        },
        "fragments": {
            "bénéficiaire": [
                "Avant, je renonçais à beaucoup de choses. Le marché, le cimetière pour mon "
                "mari, même le coiffeur. Maintenant je sors une fois par semaine, au moins. Ça "
                "a l'air de rien, mais pour moi c'est énorme.",
                (
                    "Le train, surtout. Seul en fauteuil, la gare, les quais, les correspondances… "
                    "je renonçais à voir mes amis à Paris. Avec un guide, j'y suis allé deux "
                    "fois cette année. Deux fois, c'est pas beaucoup, mais c'est deux de plus.",
                    "M",
                ),
                "Je sors pour mes rendez-vous médicaux, ça c'était le plus urgent. Avant il "
                "fallait attendre qu'une voisine soit disponible, et je repoussais, je "
                "repoussais… J'ai raté un rendez-vous chez le cardiologue comme ça.",
                (
                    "Cet été, j'ai pu ressortir au parc, écouter la fanfare. Ça faisait trois ans. "
                    "La guide m'a tenu le bras tout le long, on s'est assises sur un banc, on a "
                    "mangé une glace. [rires]",
                    "F",
                ),
            ],
            "tiers": [
                "Le premier effet, c'est que les gens renoncent moins. Ils osent demander un "
                "trajet pour un loisir, pas seulement pour la santé. Au début, c'est toujours "
                "le médecin. Après, c'est le cinéma, la famille.",
            ],
            "proche": [
                "Ma mère ne sortait plus que pour le médecin, et encore, c'est moi qui "
                "l'emmenais. Maintenant elle sort le mardi, elle va au club de scrabble. Elle "
                "m'en parle pendant des heures au téléphone.",
            ],
            "partenaire": [
                "Pour les personnes qu'on suit, le renoncement aux déplacements est un "
                "problème majeur. Le service comble un trou entre le transport adapté, "
                "réservé longtemps à l'avance, et rien du tout.",
            ],
            "equipe": [
                "On voit passer les demandes, et on voit les motifs évoluer. Une dame qui ne "
                "demandait que l'hôpital nous a demandé, l'autre jour, un trajet pour la "
                "chorale. Elle renonçait à chanter depuis des années.",
            ],
        },
        "temoignages": [
            ("Grâce à vous je ne renonce plus à mes sorties.", "bénéficiaire"),
            ("Je sors enfin au marché le samedi.", "bénéficiaire"),
            ("J'ai pu ressortir voir ma sœur, merci !", "bénéficiaire"),
        ],
    },
    "lien": {
        "libelle": "Lien avec les guides, isolement réduit",
        "marqueurs": ["isol", "compagnie", "on discute", "on a discuté"],
        "frequence": 0.65,
        "questions": {
            "bénéficiaire": ["Et avec les guides, comment ça se passe ?"],
            "guide": ["Qu'est-ce qui se passe pendant un trajet, entre vous et la personne ?"],
            "tiers": ["Au-delà du trajet, qu'est-ce que le service apporte ?"],
        },
        "fragments": {
            "bénéficiaire": [
                "Ce que j'aime, c'est la compagnie. Le trajet, c'est une heure avec quelqu'un "
                "qui s'intéresse à vous. On discute de tout, de ses études, de mes petits-"
                "enfants. Je me sens moins isolé{e}, voilà.",
                "Il y a un guide que je vois souvent maintenant, on s'entend bien. On discute "
                "foot, on râle sur l'arbitrage. [rires] Ce n'est plus un service, c'est presque "
                "un copain.",
                "Les jours sans trajet, c'est long. Je suis très isolé{e}, je ne vais pas vous "
                "mentir. Alors quand la guide vient, je fais du café, j'ouvre les biscuits.",
            ],
            "guide": [
                "On discute beaucoup. Une dame m'a raconté toute sa vie pendant un trajet en "
                "train, la guerre, son mari. On a échangé nos numéros, elle m'appelle pour "
                "mon anniversaire.",
                (
                    "Je pensais rendre service, et en fait je suis moins isolé moi-même. À la "
                    "retraite, on perd ses collègues. Là, j'ai des rendez-vous, des gens qui "
                    "comptent sur moi, de la compagnie.",
                    "M",
                ),
            ],
            "tiers": [
                "L'isolement, c'est la moitié du sujet. Un trajet, c'est aussi une "
                "conversation, une présence. Certaines personnes ne parlent à personne "
                "d'autre dans la semaine.",
            ],
            "proche": [
                "Elle a une guide attitrée, une étudiante. Elles prennent un thé ensemble "
                "après les courses. Pour ma mère, qui était très isolée depuis la mort de mon "
                "père, ça compte autant que le trajet lui-même.",
            ],
            "partenaire": [
                "Pour des personnes très isolées, le guide est parfois le seul contact "
                "régulier en dehors des soignants. Ce n'est pas du soin, c'est une relation, "
                "et c'est précisément ce qui leur manquait.",
            ],
        },
        "temoignages": [
            "Merci pour la compagnie pendant les trajets.",
            ("Je me sens moins isolé{e}, les guides sont adorables.", "bénéficiaire"),
            "On discute, on rit, le trajet passe vite.",
        ],
    },
    "autonomie": {
        "libelle": "Autonomie et confiance dans les transports",
        "marqueurs": ["autonom", "toute seule", "tout seul", "confiance"],
        "frequence": 0.5,
        "questions": {
            "bénéficiaire": ["Est-ce que vous vous déplacez différemment, aujourd'hui ?"],
            "tiers": ["Est-ce que les personnes gagnent en indépendance, selon vous ?"],
        },
        "fragments": {
            "bénéficiaire": [
                "Le bus, j'en avais peur. Avec la guide, on a fait le trajet trois fois, "
                "elle m'a montré où descendre, comment demander la rampe. Maintenant je le "
                "fais {toute seule|tout seul}, le trajet jusqu'à la mutuelle.",
                "J'ai repris confiance dans le tram. Je sais que si ça se passe mal, je peux "
                "demander, les gens aident. Avant, je restais chez moi par peur de rester "
                "bloqué{e} au milieu.",
                "L'autonomie, à mon âge, elle ne revient pas, faut être honnête. Mais je dépends "
                "moins de mes enfants, ça, c'est vrai. Je choisis mes sorties moi-même.",
            ],
            "tiers": [
                "Certains bénéficiaires n'ont plus besoin de nous pour des trajets qu'ils ont appris "
                "avec un guide. C'est la meilleure réussite, en fait : quand la personne "
                "le fait tout seul.",
                "On travaille l'autonomie avec eux : repérer l'arrêt, demander de l'aide au "
                "chauffeur, utiliser l'application. Ça ne marche pas pour tout le monde, mais "
                "pour certains, c'est spectaculaire.",
            ],
            "proche": [
                "Ma mère a repris confiance. Elle a refait le trajet jusqu'à la pharmacie "
                "toute seule, avec sa canne, après l'avoir fait trois fois avec la guide. Je "
                "ne l'aurais pas cru.",
            ],
        },
        "temoignages": [
            ("Maintenant je prends le bus {toute seule|tout seul} !", "bénéficiaire"),
            ("J'ai retrouvé confiance dans les transports.", "bénéficiaire"),
            ("Un peu plus autonome chaque mois.", "bénéficiaire"),
        ],
    },
    "engagement": {
        "libelle": "Engagement et regard des guides sur le handicap",
        "marqueurs": ["mon regard", "sensibilis", "donne du sens"],
        "frequence": 0.6,
        "questions": {
            "guide": ["Qu'est-ce que ce bénévolat vous apporte, à vous ?"],
            "tiers": ["Et du côté des bénévoles, qu'est-ce qui change ?"],
        },
        "fragments": {
            "guide": [
                "Ça a changé mon regard sur le handicap, complètement. Avant, je ne voyais pas "
                "les marches, les trottoirs trop hauts, les ascenseurs en panne. Maintenant je "
                "les vois partout, ça m'énerve même. [rires]",
                "L'atelier de sensibilisation, au début, m'a beaucoup aidé{e}. Comment guider "
                "une personne malvoyante, comment pousser un fauteuil dans une pente. On a peur "
                "de mal faire, au début.",
                "Ça donne du sens à ma semaine. Les cours, c'est bien, mais là je sers à "
                "quelque chose de concret, tout de suite. Je compte continuer après mes "
                "études, je pense.",
            ],
            "equipe": [
                "Les guides nous disent souvent que ça a changé leur regard. Certains "
                "parlent du service autour d'eux, au travail, à la fac. C'est une forme de "
                "sensibilisation qui dépasse les trajets.",
            ],
            "partenaire": [
                "Ce que j'apprécie, c'est la sensibilisation des bénévoles avant le premier "
                "trajet. Ce ne sont pas des professionnels, mais ils savent ce qu'ils ne savent "
                "pas, et ils demandent.",
            ],
        },
        "temoignages": [
            ("Être guide a changé mon regard.", "guide"),
            ("Un bénévolat qui donne du sens, je recommande.", "guide"),
        ],
    },
    "repit": {
        "libelle": "Répit pour les proches aidants",
        "marqueurs": ["souffler", "répit", "culpabil"],
        "frequence": 0.35,
        "questions": {
            "bénéficiaire": ["Et pour votre entourage, est-ce que ça change quelque chose ?"],
            "proche": ["Qu'est-ce que ça change pour vous, en tant que fils ?"],
            "tiers": ["Est-ce que les familles vous parlent du service ?"],
        },
        "fragments": {
            "bénéficiaire": [
                "Ma fille, elle peut souffler un peu. Avant, elle prenait des demi-journées "
                "pour m'emmener partout, son patron n'était pas content. Maintenant elle vient "
                "pour le plaisir, plus pour les corvées.",
            ],
            "proche": [
                "Honnêtement, pour moi c'est un répit. Je culpabilisais de ne pas être là "
                "en semaine. Maintenant je sais qu'elle peut aller chez le médecin sans moi, "
                "avec quelqu'un de fiable.",
                "Je peux souffler le week-end, on ne passe plus tout le samedi à faire les "
                "courses et les rendez-vous. On se voit pour se voir, ça change la relation.",
            ],
            "tiers": [
                "Les aidants sont souvent épuisés. Un trajet accompagné, c'est un après-midi de "
                "répit pour eux. On ne le mesure pas, mais les familles nous le disent.",
            ],
        },
        "temoignages": [
            ("Un vrai répit pour notre famille.", "proche d'un bénéficiaire"),
            ("Maman sort, et moi je peux souffler un peu.", "proche d'une bénéficiaire"),
        ],
    },
    "limites": {
        "libelle": "Limites et critiques",
        "marqueurs": ["non pourvu", "annul", "dommage", "délai"],
        "frequence": 0.55,
        "questions": [
            "Qu'est-ce qui pourrait être amélioré, selon vous ?",
            "Est-ce qu'il y a eu des problèmes, des déceptions ?",
            "Quelles sont les limites du service, de votre point de vue ?",
        ],
        "fragments": {
            "bénéficiaire": [
                "Il faut réserver au moins une semaine avant. Le délai, c'est le problème. "
                "Quand on a un rendez-vous qui tombe au dernier moment, on ne trouve personne.",
                "Deux fois, on m'a annulé le matin même. Le guide était malade, je comprends, "
                "mais moi j'avais mon rendez-vous à l'hôpital. Ils ont envoyé un remplaçant "
                "payant, la deuxième fois, mais en retard.",
                "C'est dommage qu'il n'y ait personne le soir ou le dimanche. Les concerts, le "
                "théâtre, c'est le soir. Alors on reste sur les sorties de jour.",
            ],
            "guide": [
                "Il y a beaucoup de demandes non pourvues, surtout en semaine, le matin. Les "
                "bénévoles, on travaille ou on étudie. C'est dommage, on voit les demandes "
                "passer sur l'appli et on ne peut pas.",
            ],
            "equipe": [
                "On a environ un trajet sur cinq qui n'est pas pourvu ou qui est annulé. C'est "
                "notre principal point faible. Le guide salarié qui prend le relais coûte cher, on ne "
                "peut pas l'envoyer à chaque fois.",
            ],
            "partenaire": [
                "Le délai de réservation reste un frein pour les personnes avec des troubles "
                "cognitifs, qui ont du mal à anticiper. C'est dommage, ce sont elles qui en "
                "auraient le plus besoin.",
            ],
        },
        "temoignages": [
            "Dommage qu'il faille réserver si longtemps à l'avance.",
            ("Trajet annulé au dernier moment, déçu{e}.", "bénéficiaire"),
            "Trop de demandes non pourvues le matin.",
        ],
    },
}

NEUTRES = {
    "bénéficiaire": [
        (
            "Comment se passe la réservation, concrètement ?",
            "J'appelle le numéro, la dame note tout : l'heure, l'adresse, ce dont j'ai besoin. "
            "Ensuite on me rappelle pour me dire qui vient. Mon petit-fils m'a mis l'application, "
            "mais je préfère le téléphone.",
        ),
        (
            "Combien vous payez pour un trajet ?",
            "Trois euros, je crois, le reste c'est pris en charge. Enfin, je ne sais pas trop par "
            "qui. Trois euros, c'est raisonnable, le taxi c'est vingt euros minimum.",
        ),
        (
            "Vous utilisez d'autres services de transport ?",
            "Le transport adapté du département, parfois, mais il faut réserver quinze jours "
            "avant, et on attend longtemps le retour. Le taxi, c'est trop cher pour moi.",
        ),
    ],
    "guide": [
        (
            "Comment se passe un trajet type ?",
            "Je vais chercher la personne chez elle, on vérifie ensemble ce qu'il faut emporter. "
            "Ensuite le bus ou le tram, ou ma voiture si c'est loin. J'attends pendant le "
            "rendez-vous, on rentre. Ça prend deux, trois heures.",
        ),
        (
            "Comment vous avez été formé{e} ?",
            "Il y a une réunion d'accueil et un atelier d'une demi-journée, avec une "
            "ergothérapeute. On a fait des mises en situation, les yeux bandés, en fauteuil. "
            "Après, le premier trajet, on le fait en binôme.",
        ),
    ],
    "tiers": [
        (
            "Depuis quand vous connaissez le service ?",
            "Depuis les débuts ici, à peu près. Ils sont venus présenter le projet à une réunion "
            "de partenaires, avec le réseau de transport et la mairie.",
        ),
        (
            "Comment vous voyez l'avenir du service ?",
            "Il faudrait plus de guides, clairement, et un financement plus stable. La "
            "demande augmente avec le vieillissement, on le voit tous les jours.",
        ),
    ],
    "proche": [
        (
            "Comment votre mère vit le fait d'être accompagnée ?",
            "Au début elle ne voulait pas, elle disait qu'elle n'était pas une handicapée. Il a "
            "fallu du temps. Maintenant elle attend les trajets, elle se fait belle.",
        ),
        (
            "Comment vous avez connu le service ?",
            "Par une collègue dont le père l'utilise. J'ai regardé le site, j'ai appelé, la "
            "coordinatrice a été très claire. L'inscription a pris une demi-heure au téléphone.",
        ),
    ],
}

NEUTRES["partenaire"] = [
    (
        "Comment vous orientez les personnes vers le service ?",
        "On en parle lors des visites à domicile, quand on voit qu'une personne a besoin d'aide "
        "pour un trajet précis. On l'aide à s'inscrire, on remplit la fiche ensemble, et on "
        "prévient la coordinatrice.",
    ),
    (
        "Quels profils orientez-vous le plus ?",
        "Des personnes avec un handicap moteur, et de plus en plus avec des troubles psychiques. "
        "Pour ces dernières, la présence d'un inconnu peut être difficile, alors on prépare le "
        "premier trajet avec elles.",
    ),
]

NEUTRES["equipe"] = [
    (
        "Comment se fait la mise en relation entre bénéficiaires et guides ?",
        "La demande arrive par téléphone ou par l'application. Je regarde qui est disponible, "
        "qui habite près, qui a déjà accompagné la personne. Quand ça colle, on garde les mêmes "
        "binômes, les gens préfèrent.",
    ),
    (
        "Comment vous recrutez les guides ?",
        "Par les forums associatifs, les universités, les articles dans la presse locale. Les "
        "retraités restent plus longtemps, les étudiants partent en stage ou à l'étranger. Il "
        "faut recruter tout le temps.",
    ),
]

PROFILS_TEMOIGNAGES = {"F": ["bénéficiaire"], "M": ["bénéficiaire"]}
CONTEXTES_TEMOIGNAGES = [
    "Inscrit{e} depuis le printemps.",
    "Trois trajets ce mois-ci.",
    ("Premier trajet en train depuis des années.", "bénéficiaire"),
]
