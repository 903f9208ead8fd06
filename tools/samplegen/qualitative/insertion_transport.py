"""Qualitative bank of ``insertion-transport``: a work-integration enterprise in road haulage."""

SLUG = "insertion-transport"
SENSIBLE = True  # speakers mention debts, health, prison: sensitive data (art. 9 and 10 RGPD)

ROLES = [
    {
        "categorie": "salarié en insertion",
        "voix": "salarie",
        "sexe": "M",
        "role": "salarié en insertion (CDDI), 42 ans, conducteur, au RSA avant son entrée",
        "lieu": "salle de pause du dépôt",
        "presentation": "J'ai 42 ans. J'ai travaillé dans le bâtiment, puis il y a eu le divorce, "
        "et plus rien pendant trois ans, le RSA. C'est ma référente qui m'a parlé "
        "de l'entreprise, parce que j'avais le permis B et que j'aimais conduire.",
    },
    {
        "categorie": "salarié en insertion",
        "voix": "salarie",
        "sexe": "F",
        "role": "salariée en insertion (CDDI), 28 ans, mère isolée",
        "lieu": "bureau de la conseillère, porte fermée",
        "presentation": "J'ai 28 ans, j'ai une petite fille de quatre ans, je l'élève seule. "
        "J'avais fait de la vente, des petits contrats, et puis plus rien. Conduire "
        "un camion, franchement, j'y avais jamais pensé.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "M",
        "role": "moniteur terrain, ancien conducteur routier",
        "lieu": "dépôt, dans la cabine d'un camion à l'arrêt",
        "presentation": "J'ai roulé vingt-deux ans, national et international. Je suis ici depuis "
        "huit ans, j'encadre une équipe de quinze conducteurs en parcours. Je fais "
        "les tournées avec eux au début, je les forme sur la route.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "prescripteur"],
        "sexe": "F",
        "role": "conseillère France Travail qui oriente des candidats vers l'entreprise",
        "lieu": "agence France Travail",
        "presentation": "Je suis conseillère à l'agence depuis dix ans, sur l'accompagnement "
        "global. J'oriente vers l'entreprise trois ou quatre personnes par an, "
        "celles pour qui un contrat en structure d'insertion a du sens.",
    },
    {
        "categorie": "salarié en insertion",
        "voix": "salarie",
        "sexe": "M",
        "role": "salarié en insertion (CDDI), 23 ans, sorti de détention il y a un an",
        "lieu": "salle de pause du dépôt",
        "presentation": "J'ai 23 ans. J'ai fait des conneries, j'ai fait de la prison, huit mois. "
        "En sortant, personne voulait de moi, avec le trou dans le CV. Le SPIP m'a "
        "orienté ici. Voilà, je le cache pas.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "F",
        "role": "conseillère en insertion professionnelle (CIP) de l'entreprise",
        "lieu": "son bureau",
        "presentation": "Je suis conseillère en insertion depuis cinq ans ici. Je suis une "
        "trentaine de salariés en même temps : entretiens réguliers, projet de "
        "sortie, démarches, lien avec les partenaires.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "employeur"],
        "sexe": "M",
        "role": "responsable d'exploitation d'un transporteur qui recrute des sortants",
        "lieu": "par téléphone",
        "presentation": "Je suis responsable d'exploitation dans une société de transport "
        "régional, soixante camions. On recrute des sortants de l'entreprise "
        "d'insertion depuis une dizaine d'années, régulièrement.",
    },
    {
        "categorie": "ancien salarié en insertion",
        "voix": ["salarie", "ancien"],
        "sexe": "M",
        "role": "ancien salarié en insertion, aujourd'hui conducteur poids lourd chez un "
        "transporteur",
        "lieu": "sur une aire de repos, pendant sa pause",
        "presentation": "Je suis resté dix-huit mois dans l'entreprise d'insertion, il y a trois "
        "ans. Avant, j'étais au chômage depuis longtemps, j'avais 50 ans, plus "
        "personne ne me rappelait. Aujourd'hui je roule pour une boîte de la "
        "région.",
    },
]

THEMES = {
    "permis": {
        "libelle": "Formation et permis poids lourd",
        "marqueurs": ["permis C", "FIMO", "CACES", "permis poids lourd"],
        "frequence": 0.7,
        "questions": {
            "salarie": [
                "Qu'est-ce que vous avez appris depuis que vous êtes là ?",
                "Racontez-moi les formations que vous avez suivies.",
            ],
            "tiers": [
                "Qu'est-ce que le parcours apporte aux salariés, en termes de qualification ?"
            ],
        },
        "fragments": {
            "salarie": [
                "J'ai passé le permis C en février, du premier coup ! [rires] J'y croyais pas. "
                "Le code, j'ai bossé le soir, sur le téléphone. Le jour de l'examen, j'avais les "
                "mains qui tremblaient, mais ça l'a fait.",
                "La FIMO, c'est costaud, c'est cinq semaines. La réglementation, les temps de "
                "conduite, le chronotachygraphe… Au début je comprenais rien, les mots, tout. "
                "Mais les formateurs ont été patients.",
                "J'ai eu le CACES aussi, pour le chariot. Ça, c'était pas prévu au départ, mais "
                "ils m'ont dit que ça ferait un plus sur le CV. Et c'est vrai, on me l'a demandé "
                "à chaque entretien.",
                "Le permis CE, je l'ai raté une fois, la manœuvre en marche arrière avec la "
                "remorque. [rires] J'étais dégoûté{e}. Mais ils m'ont représenté{e}, et la "
                "deuxième fois c'était bon.",
            ],
            "tiers": [
                "Le permis poids lourd, c'est la clé. Sans permis C ou CE, pas d'emploi dans le "
                "transport. L'entreprise finance, ça coûte cher, plusieurs milliers d'euros par "
                "personne, c'est un vrai investissement.",
                "On prépare le code le soir, en petit groupe, avec des tablettes. Pour ceux qui "
                "lisent mal, on lit les questions à voix haute. La FIMO, ensuite, c'est un "
                "organisme extérieur, mais on suit chaque semaine.",
                "Le taux de réussite au permis poids lourd est bon, autour de huit sur dix. "
                "Mais pour "
                "certains, le code, c'est une montagne, surtout quand on a des difficultés "
                "avec l'écrit.",
            ],
            "employeur": [
                "Quand ils arrivent chez nous, ils ont le permis, la FIMO, et surtout déjà des "
                "kilomètres. C'est ce qui nous intéresse. Un jeune permis sans expérience, les "
                "assurances, ça coince.",
            ],
        },
        "temoignages": [
            "J'ai eu mon permis poids lourd, merci pour tout.",
            "La FIMO, c'était dur mais je l'ai eue !",
            "Permis C en poche, une nouvelle vie commence.",
        ],
    },
    "freins": {
        "libelle": "Levée des freins périphériques",
        "marqueurs": [
            "logement",
            "dettes",
            "surendettement",
            "assistante sociale",
            "mode de garde",
        ],
        "frequence": 0.55,
        "questions": {
            "salarie": ["Est-ce qu'on vous a aidé{e} pour des choses en dehors du travail ?"],
            "tiers": ["Au-delà du travail, sur quoi portent l'accompagnement et le suivi ?"],
        },
        "fragments": {
            "salarie": [
                "J'avais des dettes, beaucoup, des crédits, des impayés de loyer. La conseillère "
                "m'a aidé{e} à monter un dossier de surendettement. Ça a pris des mois, mais "
                "maintenant j'ai un plan, je dors mieux.",
                (
                    "Le plus dur, c'était le mode de garde pour ma fille, avec les horaires du "
                    "matin. Ils m'ont aidée à trouver une assistante maternelle qui commence tôt, "
                    "et la CAF paie une partie.",
                    "F",
                ),
                "Quand je suis arrivé{e}, j'étais hébergé{e} chez ma sœur, sur le canapé. "
                "L'entreprise a appuyé ma demande de logement, avec un salaire c'était "
                "plus facile. J'ai un T2 depuis l'automne.",
            ],
            "equipe": [
                "Sur les huit freins qu'on suit, le logement, la mobilité et les dettes "
                "reviennent tout le temps. On ne fait pas à la place des gens, on fait avec "
                "eux, et on oriente vers l'assistante sociale quand ça dépasse nos compétences.",
                "Un salarié qui a des dettes, qui n'a pas de logement stable, il ne tient pas "
                "six mois sur un poste, même s'il est motivé. Donc on traite les deux en même "
                "temps, le travail et le reste.",
            ],
            "prescripteur": [
                "Ce que l'entreprise fait bien, c'est de ne pas laisser tomber le reste : le "
                "logement, les papiers, la santé. Les personnes que j'oriente cumulent souvent "
                "plusieurs difficultés.",
            ],
        },
        "temoignages": [
            "On m'a aidé{e} pour mes dettes, je respire enfin.",
            "Grâce à la conseillère, j'ai trouvé un logement.",
        ],
    },
    "remobilisation": {
        "libelle": "Reprise d'un rythme et fierté retrouvée",
        "marqueurs": [
            "fierté",
            "fière",
            "fier d",
            "se lever le matin",
            "me lever le matin",
            "fiche de paie",
        ],
        "frequence": 0.65,
        "questions": {
            "salarie": [
                "Qu'est-ce que ça a changé pour vous, ce travail ?",
                "Comment ça s'est passé, les premières semaines ?",
            ],
            "tiers": ["Qu'est-ce que vous voyez changer chez les salariés, au fil du contrat ?"],
        },
        "fragments": {
            "salarie": [
                "Ça a tout changé. Se lever le matin, avoir une raison de sortir, des collègues. "
                "Après trois ans à rien faire, au début c'était dur, je vous cache pas. Mais "
                "maintenant, sans ça, je sais plus comment je faisais.",
                "La première fiche de paie, je l'ai prise en photo. [rires] Si, si. Je l'ai "
                "envoyée à ma mère. Ça faisait des années que j'avais pas eu un vrai salaire.",
                "Mes enfants me voient partir au travail, en tenue. Je suis {fière|fier} de ça, "
                "vraiment. Avant, ils disaient à l'école que je faisais rien, ça me faisait "
                "mal.",
                "Le regard des gens a changé. Avant, au quartier, on me voyait traîner. "
                "Maintenant on me voit en camion, avec le logo. La fierté, c'est bête, mais "
                "ça compte.",
            ],
            "tiers": [
                "Les premières semaines, il y a des retards, des absences. Et puis ils "
                "reprennent l'habitude de se lever le matin, de tenir un horaire. Au bout de "
                "deux mois, on a souvent quelqu'un d'autre en face de soi.",
                "Ce qui me frappe, c'est la fierté quand ils ramènent le camion propre, la "
                "tournée faite sans casse. Ils redressent la tête, littéralement.",
            ],
            "employeur": [
                "Les gars qui arrivent de là-bas ont une fierté, une envie de prouver. Ils "
                "savent que c'est leur chance. Ça se voit dans le soin qu'ils prennent du "
                "camion, des clients.",
            ],
        },
        "temoignages": [
            "Je me lève le matin avec plaisir, {fière|fier} de mon travail.",
            "Ma première fiche de paie depuis cinq ans !",
            "Une fierté retrouvée, merci.",
        ],
    },
    "encadrement": {
        "libelle": "Encadrement et accompagnement au quotidien",
        "marqueurs": ["encadrant", "chef d'équipe", "la CIP", "l'encadrement"],
        "frequence": 0.5,
        "questions": {
            "salarie": ["Comment ça se passe avec les personnes qui vous suivent ?"],
            "tiers": ["Comment vous travaillez avec les salariés en parcours ?"],
        },
        "fragments": {
            "salarie": [
                "L'encadrant, il est dur mais juste. Il m'a pas lâché{e} quand j'ai fait une "
                "erreur de livraison. Il m'a expliqué, sans crier. Chez un patron normal, "
                "j'aurais été viré{e}.",
                "La CIP, je la vois tous les quinze jours. On parle du projet, de la suite, de "
                "mes démarches. Au début je trouvais ça lourd, maintenant ça me manquerait, "
                "je crois.",
                "Avec le chef d'équipe, on a fait les tournées ensemble la première semaine. Il "
                "montrait les raccourcis, les clients difficiles, où se garer. Ça rassure.",
            ],
            "equipe": [
                "Notre rôle d'encadrant, c'est d'être exigeant sur le travail et patient sur "
                "le reste. On n'est pas des assistants sociaux, mais on n'est pas un "
                "transporteur comme les autres non plus.",
                "L'encadrement technique et le suivi socioprofessionnel doivent se parler. "
                "Quand un salarié arrive en retard trois fois, c'est peut-être un problème de "
                "voiture, de garde, de santé. On en discute chaque semaine.",
            ],
            "prescripteur": [
                "Ce que j'apprécie, c'est que l'encadrant m'appelle quand quelque chose ne va "
                "pas, avant que la personne ne décroche. On fait un point à trois, et souvent "
                "ça se rattrape.",
            ],
            "employeur": [
                "On voit la différence avec des candidats qui sortent d'ailleurs : ils ont eu "
                "un chef d'équipe qui leur a appris les règles du métier, la ponctualité, le "
                "respect du client, le soin du matériel.",
            ],
        },
        "temoignages": [
            "Merci à mon encadrant pour sa patience.",
            "Un chef d'équipe qui m'a fait confiance, ça change tout.",
        ],
    },
    "sortie_emploi": {
        "libelle": "Emploi durable à la sortie",
        "marqueurs": ["CDI", "embauch", "après l'insertion"],
        "frequence": 0.55,
        "questions": {
            "salarie": ["Et la suite, comment vous la voyez ?"],
            "tiers": ["Que deviennent les salariés à la fin de leur parcours ?"],
        },
        "fragments": {
            "ancien": [
                "J'ai été embauché en CDI deux mois avant la fin de mon contrat. Je suis parti "
                "avant la fin, l'entreprise était contente pour moi. Ça fait trois ans "
                "maintenant, toujours chez le même patron.",
            ],
            "salarie": [
                "J'ai un entretien la semaine prochaine chez un transporteur, pour un CDI. La "
                "conseillère m'a préparé{e}, on a fait des simulations. Je croise les doigts.",
                "Après l'insertion, je voudrais faire du régional, rentrer chez moi le soir. "
                "L'international, avec ma fille, c'est pas possible. Il y a du travail dans le "
                "coin, on verra bien.",
            ],
            "tiers": [
                "À la sortie, une bonne partie est embauchée dans le transport, en CDD ou en "
                "CDI, parfois en intérim. Le secteur manque de conducteurs, donc avec la "
                "qualification, ils trouvent.",
                "On garde le contact après la sortie. Certains nous appellent pour dire qu'ils "
                "sont embauchés, d'autres reviennent nous voir au dépôt. Ceux qui vont mal, "
                "on les entend moins, forcément.",
            ],
            "employeur": [
                "On en a embauché une quinzaine en dix ans. La plupart sont restés. Ils sont "
                "sérieux, ils ont été formés, et ils savent ce que c'est de galérer, donc ils "
                "tiennent à leur place.",
            ],
            "prescripteur": [
                "Ce que je regarde, c'est où ils sont six mois après l'insertion. Et pour "
                "l'entreprise, c'est plutôt bien, au-dessus de ce qu'on voit ailleurs dans le "
                "département. Mais on n'a pas toujours les nouvelles.",
            ],
        },
        "temoignages": [
            "Embauché{e} en CDI chez un transporteur de la région !",
            "Après l'insertion, un vrai métier. Merci.",
        ],
    },
    "limites": {
        "libelle": "Limites et critiques",
        "marqueurs": ["dommage", "trop court", "pénible", "je regrette"],
        "frequence": 0.5,
        "questions": [
            "Qu'est-ce qui pourrait être amélioré, selon vous ?",
            "Est-ce qu'il y a des choses difficiles, ou qui vous ont déplu ?",
            "Quelles sont les limites, de votre point de vue ?",
        ],
        "fragments": {
            "salarie": [
                "Les horaires, c'est pénible. Départ quatre heures et demie du matin, certains "
                "jours. Avec la vie de famille, c'est compliqué, et le salaire, bon, c'est le "
                "SMIC, hein.",
                "Six mois renouvelables, c'est trop court pour tout régler. Moi j'ai dû "
                "attendre l'examen, et le contrat arrivait à la fin. Heureusement ils ont "
                "renouvelé, mais j'ai eu peur.",
                "C'est dommage qu'on soit un peu à part des autres conducteurs, au dépôt. Ceux "
                "du permanent nous appellent « les insertions ». C'est pas méchant, mais ça "
                "colle à la peau.",
            ],
            "equipe": [
                "Je regrette qu'on ait si peu de temps pour les gens. Trente salariés suivis "
                "par personne, c'est trop. On éteint les incendies, on ne construit pas "
                "toujours.",
            ],
            "employeur": [
                "Le seul bémol, c'est que certains sortent bien formés mais avec peu "
                "d'expérience en poids lourd. C'est dommage, quelques mois de plus sur la "
                "route, et ils seraient directement opérationnels.",
            ],
            "prescripteur": [
                "Je regrette que les places soient si rares. Il y a des personnes qui "
                "attendent des mois une entrée, et entre-temps la situation se dégrade.",
            ],
        },
        "temoignages": [
            "Les horaires sont pénibles pour une vie de famille.",
            "Dommage que le contrat soit si court.",
        ],
    },
}

NEUTRES = {
    "salarie": [
        (
            "Comment se passe une journée type ?",
            "Je prends le camion au dépôt, on fait le tour de contrôle, les pneus, les feux. "
            "Ensuite c'est la tournée, une quinzaine de livraisons. On rentre vers quinze heures, "
            "on nettoie, on fait les papiers.",
        ),
        (
            "Comment vous avez connu l'entreprise ?",
            "Par ma référente, je vous ai dit. Il y a eu une information collective, avec une "
            "visite du dépôt. Ils nous ont montré les camions, on pouvait monter dedans. C'est "
            "là que je me suis dit : pourquoi pas.",
        ),
        (
            "Et vos collègues, comment ça se passe ?",
            "Bien, dans l'ensemble. On mange ensemble le midi quand on est au dépôt. Il y a des "
            "caractères, comme partout, mais on s'entraide, surtout pour les manœuvres.",
        ),
    ],
    "equipe": [
        (
            "Comment sont recrutés les salariés en parcours ?",
            "Ils sont orientés par les prescripteurs, avec un agrément. On fait une information "
            "collective, un entretien, un essai de conduite avec un véhicule léger. On regarde la "
            "motivation plus que le CV.",
        ),
        (
            "Comment se répartit le travail au dépôt ?",
            "Il y a les tournées régulières et les remplacements. On essaie de mettre les "
            "nouveaux sur des tournées simples, avec des clients patients, avant de leur confier "
            "les plus compliquées.",
        ),
    ],
    "tiers": [
        (
            "Depuis quand vous travaillez avec l'entreprise ?",
            "Depuis longtemps, une dizaine d'années. On se connaît bien, on a les numéros directs, "
            "ça facilite les choses quand il y a un souci avec une personne.",
        ),
        (
            "Comment vous voyez l'évolution du secteur du transport ?",
            "Il manque des conducteurs partout, c'est connu. Mais le métier est dur, les "
            "horaires, le stress de la route. Les jeunes ne s'y bousculent pas.",
        ),
    ],
}

NEUTRES["prescripteur"] = [
    (
        "Comment vous choisissez les personnes que vous orientez ?",
        "On regarde d'abord l'envie : quelqu'un qui aime conduire, qui a le permis B, qui peut "
        "se lever tôt. Et puis la situation : une personne très éloignée de l'emploi, pour qui "
        "un employeur classique ne prendrait pas le risque.",
    ),
    (
        "Comment se passe l'échange d'informations avec l'entreprise ?",
        "Par téléphone surtout, et un bilan écrit à chaque renouvellement. On a aussi la "
        "plateforme de l'inclusion, où on suit les agréments. C'est un peu lourd, mais ça "
        "marche.",
    ),
]

NEUTRES["employeur"] = [
    (
        "Comment se passe le recrutement, chez vous ?",
        "On a un besoin permanent de conducteurs, on passe des annonces, on prend des "
        "intérimaires. Les sortants de l'entreprise d'insertion, on les connaît, on a un "
        "retour sur eux, c'est un recrutement moins risqué.",
    ),
    (
        "Comment vous avez connu l'entreprise d'insertion ?",
        "Par un ancien collègue qui y travaillait. On s'est vus lors d'un salon du transport, "
        "et puis ils nous ont envoyé un premier candidat. Ça s'est bien passé, on a continué.",
    ),
]

PROFILS_TEMOIGNAGES = {
    "F": ["salariée en insertion", "ancienne salariée"],
    "M": ["salarié en insertion", "ancien salarié"],
}
CONTEXTES_TEMOIGNAGES = [
    "Dix-huit mois dans l'entreprise.",
    "Arrivé{e} après trois ans de chômage.",
    "Conducteur{rice|} depuis un an.",
]
