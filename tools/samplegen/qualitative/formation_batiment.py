"""Qualitative bank of ``formation-batiment``: building-trades training towards work."""

SLUG = "formation-batiment"
SENSIBLE = False

ROLES = [
    {
        "categorie": "participant",
        "voix": ["stagiaire", "refugie"],
        "sexe": "M",
        "role": "stagiaire du parcours « Fondamentaux », 27 ans, réfugié statutaire",
        "lieu": "salle de cours du centre, avec une interprète au début",
        "presentation": "Je suis arrivé en France il y a deux ans. Avant, dans mon pays, je "
        "travaillais avec mon oncle, on construisait des maisons, mais pas comme "
        "ici, hein, c'est très différent. Une conseillère m'a parlé du centre.",
    },
    {
        "categorie": "participant",
        "voix": "stagiaire",
        "sexe": "M",
        "role": "stagiaire du parcours « Jeunes Bâtisseurs », 19 ans, habite un quartier prioritaire",
        "lieu": "atelier du centre, pendant la pause",
        "presentation": "Ben moi j'ai 19 ans, j'ai arrêté le lycée en première, ça m'intéressait "
        "pas. Après j'ai rien fait pendant un an, un peu de livraison à vélo. C'est "
        "la Mission locale qui m'a envoyé ici.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "M",
        "role": "formateur technique (second œuvre), ancien artisan",
        "lieu": "atelier du centre",
        "presentation": "J'ai été artisan plombier pendant vingt ans, à mon compte. Et puis le "
        "dos, les genoux… Je suis formateur ici depuis six ans. Je transmets ce que "
        "je sais, c'est ce qui me plaît.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "prescripteur"],
        "sexe": "F",
        "role": "conseillère d'une association d'aide aux réfugiés, qui oriente des candidats",
        "lieu": "par visioconférence",
        "presentation": "Je suis conseillère emploi dans une association qui accompagne des "
        "personnes réfugiées. On oriente vers le centre depuis le premier "
        "programme, à peu près quinze personnes par an.",
    },
    {
        "categorie": "participant",
        "voix": "stagiaire",
        "sexe": "F",
        "role": "stagiaire, 32 ans, mère de deux enfants, en reconversion",
        "lieu": "salle de cours du centre",
        "presentation": "J'ai 32 ans, j'ai deux enfants, j'étais caissière. J'ai toujours aimé "
        "bricoler, c'est moi qui refais tout à la maison. Alors quand j'ai vu qu'il "
        "y avait une session ouverte aux femmes, j'ai foncé.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "employeur"],
        "sexe": "M",
        "role": "gérant d'une entreprise artisanale (8 salariés) qui accueille des stagiaires",
        "lieu": "sur un chantier",
        "presentation": "J'ai une petite entreprise de second œuvre, huit salariés. On prend des "
        "stagiaires du centre depuis trois ans, deux ou trois par session, en "
        "période d'immersion sur nos chantiers.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "F",
        "role": "chargée d'accompagnement socioprofessionnel du centre",
        "lieu": "bureau de l'accompagnement",
        "presentation": "Je m'occupe de tout ce qui n'est pas la technique : les démarches, les "
        "rendez-vous, la recherche de stage, les bilans. Je suis arrivée il y a "
        "trois ans, avant j'étais dans un centre d'hébergement.",
    },
    {
        "categorie": "financeur",
        "voix": ["tiers", "financeur"],
        "sexe": "M",
        "role": "chargé de mission d'un fonds qui cofinance les parcours",
        "lieu": "par téléphone",
        "presentation": "Je suis chargé de mission, je suis le projet du centre depuis l'appel à "
        "projets de 2021. Je vois les bilans, je viens aux comités de pilotage, "
        "deux par an, et aux remises d'attestations quand je peux.",
    },
]

THEMES = {
    "metier": {
        "libelle": "Apprentissage des gestes du métier",
        "marqueurs": ["les gestes", "le métier", "placo", "plomberie", "électricité"],
        "frequence": 0.8,
        "questions": {
            "stagiaire": [
                "Qu'est-ce que vous avez appris pendant la formation ?",
                "Racontez-moi une journée à l'atelier.",
            ],
            "tiers": ["Qu'est-ce que les stagiaires apprennent vraiment, d'après vous ?"],
        },
        "fragments": {
            "stagiaire": [
                "J'ai appris le placo, les rails, les montants, faire une cloison droite. Au "
                "début c'était tout de travers, le formateur rigolait. [rires] Maintenant je "
                "peux faire une pièce entière, avec les bandes et tout.",
                "L'électricité, c'est ce que je préférais. Tirer les câbles, faire un tableau, "
                "comprendre pourquoi ça disjoncte. C'est logique, en fait, c'est comme des "
                "maths mais avec les mains.",
                "Ce qui m'a plu, c'est qu'on apprend les gestes pour de vrai, sur des vrais "
                "matériaux. Pas juste des photocopies. On se trompe, on recommence, et à la fin "
                "la cloison elle tient.",
                "La plomberie, au début, j'avais peur de tout inonder. [rires] Le cuivre, le "
                "multicouche, les raccords… Maintenant je sais changer un mitigeur chez moi, "
                "déjà, et ça, c'est pas rien.",
            ],
            "tiers": [
                "En quelques semaines, on ne fait pas des plombiers, soyons clairs. On leur donne les "
                "gestes de base, les bons réflexes sur la sécurité, et surtout l'envie de "
                "continuer dans le métier.",
                "Ce qui compte pour un employeur, c'est qu'ils aient déjà tenu un outil, qu'ils "
                "sachent lire un plan simple. Le reste, le métier, il s'apprend sur le chantier, "
                "avec le temps.",
            ],
            "employeur": [
                "Les stagiaires qu'on reçoit savent poser une plaque de placo, c'est vrai. Ils "
                "ne sont pas autonomes, mais ils ont les bases, on peut leur confier des tâches "
                "simples dès la première semaine.",
            ],
        },
        "temoignages": [
            "J'ai appris le métier avec des vrais professionnels.",
            "Le placo n'a plus de secret pour moi !",
            "Merci au formateur d'électricité pour sa patience.",
        ],
    },
    "francais": {
        "libelle": "Progrès en français",
        "marqueurs": ["français", "la langue", "vocabulaire"],
        "frequence": 0.5,
        "questions": {
            "stagiaire": ["Et pour communiquer, au quotidien, comment ça s'est passé ?"],
            "tiers": ["Quels progrès vous voyez chez les stagiaires, au-delà de la technique ?"],
        },
        "fragments": {
            "refugie": [
                (
                    "Le français, c'était difficile au début. Les mots du chantier, « cheville », "
                    "« niveau », « équerre »… personne m'avait appris ça. Maintenant je comprends "
                    "les consignes, et je parle plus avec les autres.",
                    "M",
                ),
            ],
            "stagiaire": [
                "Il y avait des cours de français deux matins par semaine, avec le vocabulaire "
                "du bâtiment. C'était bien parce que c'était pour le travail, pas comme à "
                "l'école, on voyait à quoi ça sert.",
            ],
            "tiers": [
                "Le français, c'est souvent le premier frein. Certains arrivent en A1, ils "
                "repartent en A2, parfois B1. C'est énorme en seize semaines, parce qu'ils "
                "pratiquent toute la journée, avec des mots du concret.",
                "On mélange les groupes exprès : les jeunes du quartier et les adultes qui "
                "apprennent le français. La langue progresse plus vite quand on travaille ensemble que dans "
                "une salle de cours.",
            ],
            "prescripteur": [
                "Pour les personnes qu'on oriente, le français, c'est là qu'on voit la plus "
                "grande différence. Elles reviennent en rendez-vous et elles font les phrases "
                "toutes seules, sans téléphone pour traduire.",
            ],
        },
        "temoignages": [
            "J'ai beaucoup progressé en français grâce à l'atelier.",
            "Le vocabulaire du chantier, maintenant je connais.",
        ],
    },
    "emploi": {
        "libelle": "Accès à l'emploi ou à une formation qualifiante",
        "marqueurs": ["embauch", "formation qualifiante", "signé un contrat", "premier salaire"],
        "frequence": 0.55,
        "questions": {
            "stagiaire": [
                "Et après la formation, qu'est-ce qui s'est passé pour vous ?",
                "Comment vous voyez la suite ?",
            ],
            "tiers": ["Qu'est-ce que deviennent les stagiaires à la sortie ?"],
        },
        "fragments": {
            "stagiaire": [
                "Après le stage en entreprise, le patron m'a dit qu'il voulait me garder. J'ai "
                "signé un contrat, un CDD de six mois pour commencer. Mon premier salaire en "
                "France, je l'ai envoyé en partie à ma mère.",
                "Je vais faire une formation qualifiante, un titre professionnel de plaquiste, "
                "en alternance. Ça commence en septembre. Sans le parcours ici, j'aurais jamais "
                "été pris{e}, on me l'a dit.",
                "Pour l'instant, j'ai rien. J'ai postulé partout, on m'a dit que j'étais trop "
                "juste, qu'il fallait de l'expérience. J'espère être embauché{e} en intérim, "
                "c'est ce qu'on m'a conseillé.",
            ],
            "tiers": [
                "À la sortie, à peu près la moitié part en formation qualifiante, et un quart "
                "est embauché, souvent en intérim ou en CDD. Les autres, on les perd un peu de "
                "vue, le suivi à six mois est difficile.",
                "Il y a de vraies réussites : un jeune qui ne sortait plus de chez lui a été "
                "embauché par un électricien du quartier, en apprentissage. Mais il faut dire "
                "aussi que certains décrochent avant la fin, pour des raisons très variées.",
            ],
            "employeur": [
                "J'en ai embauché deux en trois ans. Un est toujours là, il passe chef "
                "d'équipe bientôt. L'autre est parti au bout de quatre mois, ça arrive. Mais le "
                "secteur manque tellement de bras qu'on ne peut pas faire la fine bouche.",
            ],
            "financeur": [
                "Nos objectifs, c'est entre soixante et soixante-quinze pour cent vers une "
                "formation qualifiante, et vingt-cinq à quarante vers l'emploi. Ils sont à peu "
                "près dans les clous, mais avec beaucoup de « sans nouvelles » à six mois.",
            ],
        },
        "temoignages": [
            "Embauché{e} après mon stage, merci à toute l'équipe pédagogique !",
            "Je commence une formation qualifiante en septembre.",
            "Mon premier salaire dans le bâtiment, quelle fierté.",
        ],
    },
    "social": {
        "libelle": "Démarches et logement",
        "marqueurs": ["logement", "titre de séjour", "papiers", "dossier administratif"],
        "frequence": 0.5,
        "questions": {
            "stagiaire": ["Est-ce qu'on vous a aidé{e} pour d'autres choses que la formation ?"],
            "tiers": ["Et l'accompagnement en dehors de la technique, comment ça se passe ?"],
        },
        "fragments": {
            "refugie": [
                (
                    "Le renouvellement du titre de séjour, c'est tombé en plein milieu de la "
                    "formation. J'avais peur de tout perdre. Ils m'ont fait un courrier, ils ont "
                    "appelé, et c'est passé.",
                    "M",
                ),
            ],
            "stagiaire": [
                "Oui, pour le logement surtout. J'étais hébergé{e} chez un ami, à plusieurs dans "
                "une chambre. La dame de l'accompagnement a fait le dossier avec moi, et "
                "maintenant j'ai un studio, petit mais à moi.",
                "Les papiers, c'est toujours compliqué en France. [rires] La CAF, la "
                "préfecture, tout ça. Ici quelqu'un m'a expliqué quoi remplir, dans quel ordre. "
                "{Toute seule|Tout seul} je me perdais.",
            ],
            "equipe": [
                "On ne peut pas apprendre un métier quand on dort dans sa voiture. Le logement, "
                "les papiers, la garde des enfants, c'est la moitié de mon travail. Si on ne "
                "règle pas ça, la formation ne tient pas.",
                "Sur un groupe de vingt, j'ai facilement une dizaine de dossiers administratifs "
                "ouverts en même temps. Logement, santé, permis… On ne résout pas tout, on "
                "essaie de débloquer le plus urgent.",
            ],
            "prescripteur": [
                "Le fait que le centre ait une personne dédiée aux démarches, c'est ce qui fait "
                "la différence avec d'autres formations. Pour un réfugié, la question du "
                "logement passe avant tout le reste.",
            ],
            "tiers": [
                "Les démarches, ça prend une place énorme. Un titre de séjour qui expire, un "
                "logement qui saute, et la personne disparaît de la formation du jour au "
                "lendemain. D'où l'importance de quelqu'un qui suit ça de près.",
            ],
        },
        "temoignages": [
            "On m'a aidé{e} pour mes papiers, je n'oublierai pas.",
            "Grâce au centre j'ai enfin un logement.",
        ],
    },
    "cadre": {
        "libelle": "Rythme et posture de travail",
        "marqueurs": ["ponctu", "à l'heure", "rythme", "se lever tôt", "me lever tôt"],
        "frequence": 0.45,
        "questions": {
            "stagiaire": ["Qu'est-ce qui a été le plus difficile, au début ?"],
            "tiers": ["Sur le savoir-être, qu'est-ce qui change pendant le parcours ?"],
        },
        "fragments": {
            "stagiaire": [
                "Le plus dur, c'était de me lever tôt. [rires] Sept heures et demie à l'atelier, "
                "tous les jours. Les deux premières semaines, j'étais en retard tout le temps. "
                "Le formateur m'a pas lâché, et maintenant je suis à l'heure.",
                "Reprendre un rythme, c'était ça le plus difficile. Après des mois sans rien "
                "faire, huit heures debout, c'est physique. Le soir je m'endormais devant la "
                "télé, mais c'est une bonne fatigue.",
            ],
            "tiers": [
                "La ponctualité, la sécurité, le respect des consignes : c'est ce que les "
                "employeurs nous demandent en premier. On travaille ça dès le premier jour, "
                "avec des règles claires, comme sur un vrai chantier.",
                "On voit des jeunes qui arrivent sans aucun rythme, et au bout d'un mois ils "
                "sont à l'heure, ils ont leurs chaussures de sécurité, ils rangent l'atelier. "
                "Ça paraît petit, mais c'est la base.",
            ],
        },
        "temoignages": [
            "J'ai retrouvé un rythme, je me lève tôt avec plaisir.",
            "Toujours à l'heure maintenant, le formateur peut être fier !",
        ],
    },
    "limites": {
        "libelle": "Limites et critiques",
        "marqueurs": ["dommage", "trop court", "pas assez de pratique", "je regrette"],
        "frequence": 0.5,
        "questions": [
            "Qu'est-ce qui pourrait être amélioré, selon vous ?",
            "Est-ce qu'il y a des choses qui vous ont moins plu ?",
            "Quelles sont les difficultés, de votre point de vue ?",
        ],
        "fragments": {
            "stagiaire": [
                "Trois mois, c'est trop court. On commence à comprendre, et c'est déjà fini. "
                "J'aurais voulu faire plus de carrelage, on l'a vu en deux jours seulement.",
                "Il y avait pas assez de pratique au début, trop de théorie, des heures assis. "
                "Moi je suis venu{e} pour travailler avec les mains, pas pour faire des "
                "fiches.",
                "C'est dommage que le centre soit si loin de chez moi. Une heure de bus le "
                "matin, une heure le soir. Certains ont arrêté à cause de ça, je pense.",
            ],
            "tiers": [
                "Le parcours est trop court pour certains publics, surtout ceux qui ont des "
                "difficultés de langue. Ils auraient besoin de six mois, pas trois, pour être "
                "prêts à entrer dans une vraie suite de parcours.",
            ],
            "prescripteur": [
                "C'est dommage qu'il y ait si peu de places : on a souvent plus de candidats "
                "que de sessions, et certains attendent six mois, pendant lesquels ils perdent "
                "la motivation.",
            ],
            "equipe": [
                "Je regrette qu'on n'ait pas de suivi après six mois. Les financements "
                "s'arrêtent à la sortie, alors les appels on les fait sur notre temps, quand on "
                "peut. On perd beaucoup de monde.",
            ],
            "employeur": [
                "Le parcours est trop court pour être vraiment opérationnel. Et c'est dommage, "
                "les immersions sont parfois calées sur les vacances scolaires, quand on a le "
                "moins de chantiers.",
            ],
            "financeur": [
                "Je regrette que les résultats à six mois soient si incomplets. Quand la moitié "
                "des stagiaires n'a pas répondu, on ne sait pas vraiment ce qui s'est passé "
                "pour eux.",
            ],
        },
        "temoignages": [
            "Formation trop courte, dommage.",
            "Pas assez de pratique les premières semaines.",
        ],
    },
}

NEUTRES = {
    "stagiaire": [
        (
            "Comment vous veniez au centre, tous les jours ?",
            "En bus, puis le tram. Une heure à peu près. Des fois un collègue de la formation me "
            "prenait en voiture, il habitait pas loin. On écoutait la radio, c'était sympa.",
        ),
        (
            "Comment était l'ambiance dans le groupe ?",
            "Bien, on rigolait beaucoup. Il y avait des gens de partout : des Soudanais, des "
            "Afghans, des jeunes d'ici. On mangeait ensemble le midi, chacun apportait un plat "
            "de chez lui, le vendredi.",
        ),
        (
            "Qu'est-ce que votre famille pense de tout ça ?",
            "Ils sont contents. Au début ils comprenaient pas trop pourquoi je faisais une "
            "formation au lieu de chercher directement du travail. Maintenant ils voient la "
            "différence.",
        ),
    ],
    "equipe": [
        (
            "Comment sont constitués les groupes ?",
            "Une vingtaine de personnes par session, orientées par les prescripteurs. On fait une "
            "information collective, un entretien, un test de positionnement. On essaie de "
            "mélanger les profils, les âges, les niveaux.",
        ),
        (
            "Comment vous travaillez entre formateurs et accompagnement ?",
            "On a une réunion d'équipe chaque lundi, on passe les stagiaires un par un. Qui "
            "décroche, qui a un souci… C'est là qu'on se répartit le travail.",
        ),
    ],
    "tiers": [
        (
            "Depuis quand vous connaissez le centre ?",
            "Depuis quelques années, trois ou quatre. J'avais entendu parler d'eux par d'autres "
            "structures, et puis on s'est rencontrés à un forum sur l'emploi dans le bâtiment.",
        ),
        (
            "Comment se passe l'orientation vers le centre, concrètement ?",
            "On repère les personnes qui ont un intérêt pour le bâtiment, on leur présente le "
            "parcours, et on les accompagne à l'information collective. Parfois on fait le trajet "
            "avec elles la première fois, pour qu'elles trouvent le lieu.",
        ),
        (
            "Comment vous voyez l'évolution du secteur ?",
            "Le bâtiment recrute, tout le monde le dit. Mais les entreprises veulent des gens "
            "déjà opérationnels, avec le permis, et c'est là que ça coince pour beaucoup de "
            "personnes.",
        ),
    ],
}

PROFILS_TEMOIGNAGES = {
    "F": ["stagiaire", "ancienne stagiaire"],
    "M": ["stagiaire", "ancien stagiaire"],
}
CONTEXTES_TEMOIGNAGES = [
    "Session de printemps.",
    "Trois mois inoubliables.",
    "Arrivé{e} sans rien savoir faire de mes mains.",
]
