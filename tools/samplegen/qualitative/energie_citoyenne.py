"""Qualitative bank of ``energie-citoyenne``: support to citizen renewable-energy collectives."""

SLUG = "energie-citoyenne"
SENSIBLE = False

ROLES = [
    {
        "categorie": "bénévole",
        "voix": "benevole",
        "sexe": "F",
        "role": "bénévole d'un collectif citoyen solaire, 67 ans, retraitée de l'enseignement",
        "lieu": "à son domicile",
        "presentation": "J'ai été institutrice pendant trente-cinq ans. Quand j'ai pris ma "
        "retraite, je voulais faire quelque chose pour le climat, pas juste trier "
        "mes déchets. Une voisine m'a emmenée à une réunion publique, et voilà.",
    },
    {
        "categorie": "bénévole",
        "voix": "benevole",
        "sexe": "M",
        "role": "bénévole, trésorier d'un collectif, 45 ans, ingénieur",
        "lieu": "visioconférence, le soir",
        "presentation": "Je suis ingénieur dans l'industrie, rien à voir avec l'énergie. Je suis "
        "trésorier du collectif depuis sa création en SAS, il y a trois ans. Je "
        "fais ça le soir et le week-end, comme tout le monde.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "F",
        "role": "chargée d'accompagnement des collectifs citoyens à l'association",
        "lieu": "locaux de l'association",
        "presentation": "J'accompagne une dizaine de collectifs, à différents stades, depuis "
        "quatre ans. Je fais des réunions publiques, des formations, je relis les "
        "statuts, les plans de financement… Et beaucoup de kilomètres. [rires]",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "elu"],
        "sexe": "M",
        "role": "adjoint au maire chargé de la transition écologique (commune de 4 000 habitants)",
        "lieu": "mairie",
        "presentation": "Je suis adjoint depuis 2020. On a mis à disposition des toits "
        "communaux, l'école et le gymnase, pour le collectif citoyen. J'ai suivi "
        "le projet depuis la première réunion.",
    },
    {
        "categorie": "sociétaire",
        "voix": "societaire",
        "sexe": "F",
        "role": "sociétaire non bénévole (deux parts), 39 ans, infirmière",
        "lieu": "par téléphone",
        "presentation": "J'ai pris deux parts il y a deux ans, après avoir vu un stand au marché. "
        "Je ne suis pas bénévole, je n'ai pas le temps avec mes horaires. Je vais "
        "à l'assemblée générale quand je peux.",
    },
    {
        "categorie": "bénévole",
        "voix": "benevole",
        "sexe": "M",
        "role": "bénévole, 28 ans, technicien, arrivé dans le collectif il y a un an",
        "lieu": "dans un café",
        "presentation": "J'ai 28 ans, je suis technicien de maintenance. Je me suis installé "
        "dans le coin l'an dernier, je ne connaissais personne. J'ai vu une affiche "
        "pour une réunion sur le solaire, j'y suis allé par curiosité.",
    },
    {
        "categorie": "financeur",
        "voix": ["tiers", "financeur"],
        "sexe": "F",
        "role": "chargée de mission énergie à la Région, qui finance le programme d'émergence",
        "lieu": "par visioconférence",
        "presentation": "Je suis chargée de mission au service énergie-climat. La Région finance "
        "le programme d'émergence de projets citoyens, avec l'agence de la "
        "transition écologique, et je suis l'association dans ce cadre.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "partenaire"],
        "sexe": "M",
        "role": "agriculteur qui loue le toit de son hangar à un collectif",
        "lieu": "sur l'exploitation, devant le hangar",
        "presentation": "Je suis éleveur, des vaches allaitantes. J'ai construit un hangar neuf "
        "il y a deux ans, et plutôt que de passer par un développeur privé, j'ai "
        "loué le toit au collectif du canton.",
    },
]

THEMES = {
    "competences": {
        "libelle": "Compétences acquises par les bénévoles",
        "marqueurs": ["j'ai appris", "compétences", "en compétence", "ils apprennent"],
        "frequence": 0.7,
        "questions": {
            "benevole": [
                "Qu'est-ce que cet engagement vous a apporté, personnellement ?",
                "Qu'est-ce que vous savez faire aujourd'hui que vous ne saviez pas avant ?",
            ],
            "tiers": ["Qu'est-ce que les bénévoles retirent de leur engagement ?"],
        },
        "fragments": {
            "benevole": [
                "J'ai appris énormément. Les kilowatts-crête, le raccordement, les contrats "
                "d'achat… Au début, en réunion, je ne comprenais rien, je notais les mots pour "
                "chercher le soir. Maintenant c'est moi qui explique aux nouveaux.",
                (
                    "Le montage financier, les statuts de SAS, l'agrément… Je suis ingénieur, mais "
                    "j'ai développé des compétences que je n'avais pas du tout, en droit, en "
                    "finance. Ça me sert même au boulot.",
                    "M",
                ),
                "J'ai appris à parler en public. [rires] Si, si. La première réunion publique, "
                "j'avais les jambes qui tremblaient. La troisième, j'ai animé "
                "{toute seule|tout seul} la "
                "partie sur les parts sociales.",
                "Sur la technique, j'avais des bases, je suis du métier. Mais j'ai appris tout "
                "le reste : comment on convainc une mairie, comment on fait une étude de "
                "toiture, qui il faut appeler chez le gestionnaire de réseau.",
            ],
            "tiers": [
                "Les bénévoles montent en compétence très vite. En deux ans, certains "
                "deviennent de vrais experts locaux, capables de discuter d'égal à égal avec un "
                "bureau d'études. C'est un des effets les plus nets.",
                "Ils apprennent la technique, mais surtout la gestion de projet, le "
                "financement, l'animation. Ce sont des compétences qu'ils réinvestissent "
                "ailleurs, dans d'autres associations, au conseil municipal parfois.",
            ],
        },
        "temoignages": [
            "J'ai appris plus en deux ans que dans toute ma carrière !",
            "Des formations géniales, j'ai gagné en compétences.",
        ],
    },
    "pouvoir_agir": {
        "libelle": "Pouvoir d'agir sur l'énergie",
        "marqueurs": ["pouvoir d'agir", "fierté", "reprendre la main", "on peut agir"],
        "frequence": 0.6,
        "questions": {
            "benevole": ["Qu'est-ce que ça représente pour vous, ce projet ?"],
            "societaire": ["Pourquoi vous avez pris des parts ?"],
            "tiers": ["Qu'est-ce que ces projets changent pour les habitants qui s'y engagent ?"],
        },
        "fragments": {
            "benevole": [
                "Le jour de la mise en service du premier toit, j'ai ressenti une vraie fierté. "
                "On l'a fait, nous, des habitants, sans grand groupe. On a regardé le compteur "
                "tourner comme des gamins. [rires]",
                "Face au climat, on se sent tellement impuissant. Là, au moins, on peut agir, "
                "concrètement, à notre échelle. Ça ne sauve pas la planète, mais ça m'évite "
                "de déprimer devant les infos.",
                "C'est reprendre la main sur l'énergie. Savoir qui produit, où va l'argent, "
                "qui décide. Une personne une voix, à l'assemblée générale, c'est pas rien.",
            ],
            "societaire": [
                "Pour moi c'est un placement qui a du sens. Je ne vais pas poser des panneaux "
                "moi-même, mais avec mes parts, on peut agir, et je sais où va mon argent, "
                "ici, dans le canton.",
                "C'est une forme de fierté, quand je passe devant l'école et que je vois les "
                "panneaux. Je dis à mes enfants : « il y a un petit bout à nous, là-haut ».",
            ],
            "tiers": [
                "Le mot qui revient, c'est le pouvoir d'agir. Les gens ne se sentent plus "
                "spectateurs de la transition. Il y a une fierté collective, visible aux "
                "inaugurations.",
            ],
            "equipe": [
                "Dans les réunions publiques, on entend souvent : « on ne peut rien faire, "
                "c'est l'affaire des grands groupes ». Et deux ans après, les mêmes personnes "
                "coupent le ruban. Ce pouvoir d'agir, c'est ce qui me motive, moi.",
            ],
        },
        "temoignages": [
            "Une fierté de produire notre propre électricité !",
            "Enfin on peut agir localement.",
            "Reprendre la main sur l'énergie, ça fait du bien.",
        ],
    },
    "territoire": {
        "libelle": "Liens et dynamique locale",
        "marqueurs": ["voisins", "dynamique locale", "tissu local", "des gens du coin"],
        "frequence": 0.5,
        "questions": {
            "benevole": [
                "Est-ce que ça a changé quelque chose dans vos relations, autour de vous ?"
            ],
            "tiers": ["Qu'est-ce que ces projets apportent au territoire ?"],
        },
        "fragments": {
            "benevole": [
                "Je connais beaucoup plus de voisins qu'avant. Des gens que je croisais sans "
                "leur parler, maintenant on se retrouve aux réunions, on prend l'apéro après. "
                "Pour quelqu'un qui venait d'arriver, c'est inespéré.",
                "Il y a une vraie dynamique locale qui s'est créée. Après le solaire, certains "
                "ont lancé un atelier de réparation, d'autres une fête du vélo… Ça "
                "essaime.",
                "J'ai rencontré des gens du coin que je n'aurais jamais croisés : un "
                "agriculteur, un artisan, un retraité de la banque. On n'a pas les mêmes idées "
                "sur tout, mais on travaille ensemble.",
            ],
            "societaire": [
                "À l'assemblée générale, j'ai retrouvé des voisins que je ne savais pas "
                "concernés. On s'est dit qu'on ferait du covoiturage pour la prochaine. C'est "
                "comme ça que ça crée des liens, doucement.",
            ],
            "tiers": [
                "Ces collectifs renforcent le tissu local. Ils mélangent des profils qui ne se "
                "rencontrent pas ailleurs, et ils créent des relations durables entre "
                "habitants, commune, agriculteurs.",
            ],
            "partenaire": [
                "Je ne connaissais pas la moitié des voisins du bourg. Maintenant ils viennent "
                "voir le hangar, ils me posent des questions sur les vaches. [rires] Ça a "
                "rapproché les gens du village et les agriculteurs, un peu.",
            ],
        },
        "temoignages": [
            "J'ai rencontré plein de voisins grâce au collectif.",
            "Une belle dynamique locale autour du soleil.",
        ],
    },
    "collectivites": {
        "libelle": "Collectivités engagées dans la transition",
        "marqueurs": ["la mairie", "les élus", "le conseil municipal"],
        "frequence": 0.45,
        "questions": {
            "benevole": ["Comment se passent les relations avec la commune ?"],
            "tiers": ["Quel rôle jouent les collectivités dans ces projets ?"],
        },
        "fragments": {
            "benevole": [
                "Au début, la mairie nous regardait avec méfiance : des citoyens qui veulent "
                "les toits de l'école, c'est louche. [rires] Il a fallu trois rendez-vous, et "
                "l'association est venue avec nous, ça a rassuré.",
                "Les élus ont changé de regard. Maintenant c'est eux qui nous appellent quand "
                "ils refont un bâtiment, pour savoir si le toit peut servir. On est devenus "
                "un interlocuteur.",
            ],
            "societaire": [
                "Ce qui m'a convaincue, c'est que la mairie soutenait le projet. Je me suis "
                "dit : si les élus s'engagent, c'est sérieux, ce n'est pas une lubie de "
                "quelques militants.",
            ],
            "elu": [
                "Le conseil municipal a voté la mise à disposition à l'unanimité, ce qui est "
                "rare chez nous. [rires] L'association nous a expliqué les montages possibles, "
                "les risques. Sans ça, on n'aurait pas osé.",
                "Pour les élus, c'est une façon d'agir sur l'énergie sans budget lourd. La "
                "commune apporte les toits, les citoyens apportent le capital. Et ça crée du "
                "lien avec la mairie, ce qui n'est pas toujours facile.",
            ],
            "financeur": [
                "Ce que nous regardons, c'est la capacité à embarquer les collectivités. "
                "Quand la mairie s'engage, le projet a beaucoup plus de chances d'aller au "
                "bout. L'association fait bien ce travail de médiation.",
            ],
            "tiers": [
                "Sans la mairie, il n'y a pas de toit public, et souvent pas de projet. Le "
                "travail avec les élus, c'est la moitié de l'accompagnement : expliquer, "
                "rassurer, présenter les montages juridiques possibles.",
            ],
        },
        "temoignages": [
            "Merci à la mairie d'avoir prêté les toits.",
            "Les élus ont joué le jeu, bravo.",
        ],
    },
    "sobriete": {
        "libelle": "Sobriété et changements de pratiques",
        "marqueurs": ["sobriété", "consommation", "ma facture", "consomme moins"],
        "frequence": 0.4,
        "questions": {
            "benevole": ["Et chez vous, au quotidien, est-ce que quelque chose a changé ?"],
            "societaire": ["Est-ce que ça a changé quelque chose chez vous, au quotidien ?"],
            "tiers": ["Au-delà de la production, est-ce que vous voyez d'autres changements ?"],
        },
        "fragments": {
            "benevole": [
                "Oui, je regarde ma consommation, maintenant. J'ai changé de fournisseur, je "
                "coupe les veilles, je lance les machines quand il y a du soleil. Quand on voit "
                "ce que produit un toit, on se rend compte de ce qu'on gaspille.",
                "Chez moi, on consomme moins, c'est sûr. Les enfants se moquent de moi, ils "
                "m'appellent « le gendarme de la lumière ». [rires] Mais ma facture a baissé.",
            ],
            "societaire": [
                "J'ai fait un atelier sobriété proposé par le collectif. Honnêtement, j'y "
                "allais pour faire plaisir, et j'en suis ressortie avec des astuces. "
                "Ma facture a un peu "
                "baissé cet hiver.",
            ],
            "tiers": [
                "On observe des changements de pratiques chez les bénévoles : sobriété, "
                "attention à la consommation, changement de fournisseur. C'est déclaratif, "
                "mais ça revient dans toutes les enquêtes du réseau.",
            ],
        },
        "temoignages": [
            "Depuis le collectif, je fais attention à ma consommation.",
            "L'atelier sobriété m'a ouvert les yeux.",
        ],
    },
    "limites": {
        "libelle": "Limites et critiques",
        "marqueurs": ["lenteur", "délais de raccordement", "épuis", "dommage"],
        "frequence": 0.55,
        "questions": [
            "Qu'est-ce qui pourrait être amélioré, selon vous ?",
            "Quelles ont été les difficultés ?",
            "Quelles sont les limites de ces projets, de votre point de vue ?",
        ],
        "fragments": {
            "benevole": [
                "La lenteur, c'est ce qui décourage. Trois ans entre la première réunion et "
                "le premier kilowattheure. Entre-temps, la moitié des gens motivés au départ "
                "sont partis.",
                "Les délais de raccordement, c'est un cauchemar. Le toit était prêt en "
                "juin, raccordé en janvier. On avait promis une fête, on l'a reportée trois "
                "fois.",
                "On est toujours les mêmes à tout porter. Je suis épuisé{e}, franchement, "
                "certains mois. C'est dommage, il y a plein de sociétaires qui pourraient "
                "aider un peu.",
            ],
            "societaire": [
                "C'est dommage que les nouvelles soient si rares. Une lettre par an, l'AG… "
                "J'aimerais savoir combien on produit, ce qui se passe, sans aller chercher.",
            ],
            "equipe": [
                "Le risque, c'est l'épuisement des bénévoles. Trois, quatre personnes portent "
                "tout, et quand l'une part, le collectif vacille. On essaie de les aider à "
                "répartir, mais c'est difficile.",
            ],
            "financeur": [
                "La limite, c'est la lenteur des projets par rapport à nos cycles de "
                "financement. Un programme de trois ans, pour des projets qui en mettent "
                "quatre ou cinq, c'est un décalage permanent.",
            ],
            "partenaire": [
                "C'est dommage que ça ait pris si longtemps. Le hangar était fini, le toit "
                "nu pendant un an et demi, à cause des papiers. Un développeur privé aurait "
                "été plus rapide, c'est sûr, mais moins sympa.",
            ],
        },
        "temoignages": [
            "Dommage que les projets soient si longs.",
            "Les bénévoles sont épuisés, il faut plus de monde !",
        ],
    },
}

NEUTRES = {
    "benevole": [
        (
            "Combien de temps vous y consacrez, à peu près ?",
            "Ça dépend des périodes. Quatre, cinq heures par semaine en moyenne, beaucoup plus "
            "avant une assemblée générale ou un chantier. Ma famille me dit que c'est un "
            "deuxième travail. [rires]",
        ),
        (
            "Comment fonctionne le collectif, au quotidien ?",
            "On a un bureau de six personnes, une réunion par mois, et des groupes de travail : "
            "technique, communication, finances. Tout se décide en réunion, par consensus si "
            "possible, sinon on vote.",
        ),
        (
            "Comment vous avez connu l'association qui vous accompagne ?",
            "Elle était là dès la première réunion publique. C'est elle qui a présenté le "
            "projet, avec des exemples d'autres collectifs. Ensuite elle nous a suivis à chaque "
            "étape, surtout au début.",
        ),
    ],
    "societaire": [
        (
            "Comment vous suivez le projet, aujourd'hui ?",
            "Par la lettre d'information, une fois par an, et l'assemblée générale. J'y suis "
            "allé{e} une fois, il y avait des petits fours et un exposé un peu long. [rires]",
        ),
        (
            "Vous en parlez autour de vous ?",
            "Oui, à mes collègues. Deux ont pris des parts, d'ailleurs. Les gens sont curieux, ils "
            "ne savaient pas qu'on pouvait investir dans des panneaux près de chez soi.",
        ),
        (
            "Est-ce que vous pensez prendre plus de parts ?",
            "Peut-être, si un nouveau toit se monte. C'est pas pour le rendement, c'est modeste. "
            "C'est plutôt pour le projet, pour soutenir.",
        ),
        (
            "Qu'est-ce que vous saviez de l'énergie solaire, avant ?",
            "Pas grand-chose, comme tout le monde. Je pensais que ça ne marchait que dans le Sud. "
            "Au stand du marché, un monsieur m'a expliqué avec des chiffres, il était "
            "passionnant, je suis restée vingt minutes.",
        ),
    ],
    "tiers": [
        (
            "Combien de collectifs sont accompagnés sur le territoire ?",
            "Une dizaine, à des stades très différents : certains en sont à la première réunion, "
            "d'autres exploitent déjà plusieurs toitures. Quelques-uns ont abandonné en route.",
        ),
        (
            "Comment se passe le suivi du programme ?",
            "Un comité de pilotage par an, des bilans intermédiaires, et des échanges réguliers "
            "par téléphone. Les indicateurs, ce sont surtout les collectifs créés, les citoyens "
            "mobilisés, la puissance installée.",
        ),
    ],
    "partenaire": [
        (
            "Comment s'est passée la discussion avec le collectif ?",
            "Ils sont venus à trois, un soir, avec des plans. On a discuté du loyer, de "
            "l'entretien, de l'assurance. J'ai pris le temps de réfléchir, d'en parler à mon "
            "comptable, et j'ai dit oui.",
        ),
    ],
    "elu": [
        (
            "Comment la population a accueilli le projet ?",
            "Plutôt bien. Il y a eu quelques questions sur l'esthétique, sur les ondes même. On a "
            "fait une réunion publique, avec l'association, et les inquiétudes sont retombées.",
        ),
    ],
}

NEUTRES["equipe"] = [
    (
        "Comment se déroule l'accompagnement d'un collectif ?",
        "Il y a plusieurs étapes : l'émergence, avec les premières réunions publiques, la "
        "structuration, les études, le financement, la construction. À chaque étape on propose "
        "des outils, des formations, et on fait le lien avec les partenaires.",
    ),
    (
        "Combien de temps vous passez avec chaque collectif ?",
        "C'est très variable. Au démarrage, beaucoup, une réunion par mois au moins. Ensuite "
        "ils prennent leur autonomie, et on intervient sur des points précis : le plan de "
        "financement, un contrat, un conflit parfois.",
    ),
]
NEUTRES["financeur"] = [
    (
        "Pourquoi la Région soutient ce type de projets ?",
        "Parce que les objectifs régionaux de production renouvelable passent aussi par les "
        "citoyens, et que ces projets sont mieux acceptés localement. Et l'argent reste sur le "
        "territoire, ce qui nous intéresse aussi.",
    ),
]

PROFILS_TEMOIGNAGES = {
    "F": ["bénévole", "sociétaire", "habitante"],
    "M": ["bénévole", "sociétaire", "habitant"],
}
CONTEXTES_TEMOIGNAGES = [
    "Sociétaire depuis le début.",
    "Bénévole depuis deux ans.",
    "Venu{e} à une réunion publique par curiosité.",
]
