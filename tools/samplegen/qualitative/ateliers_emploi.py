"""Qualitative bank of ``ateliers-emploi``: peer workshops for job seekers."""

SLUG = "ateliers-emploi"
SENSIBLE = False

ROLES = [
    {
        "categorie": "participant",
        "voix": "participant",
        "sexe": "F",
        "role": "participante à quatre ateliers, au chômage depuis 14 mois",
        "lieu": "médiathèque partenaire, salle de travail",
        "presentation": "Alors euh… moi j'ai 47 ans, j'étais assistante de direction pendant quinze "
        "ans dans la même boîte, et puis il y a eu un plan social. Voilà. Et au bout "
        "de quelques mois, ma conseillère m'a donné le flyer de l'association. Au "
        "début j'y allais un peu à reculons, franchement.",
    },
    {
        "categorie": "participant",
        "voix": "participant",
        "sexe": "M",
        "role": "participant aux ateliers, en recherche d'emploi depuis 18 mois",
        "lieu": "café à côté de la gare",
        "presentation": "Ben moi c'est… j'ai 29 ans, j'ai fait un BTS commerce, j'ai enchaîné des "
        "petits boulots, de l'intérim, et puis plus rien depuis un an et demi. J'ai "
        "vu une affiche au centre social, j'ai tenté, quoi.",
    },
    {
        "categorie": "bénévole",
        "voix": ["tiers", "equipe"],
        "sexe": "F",
        "role": "bénévole animatrice depuis trois ans, elle-même passée par le chômage",
        "lieu": "locaux de l'association",
        "presentation": "Alors moi je suis arrivée comme participante, il y a… quatre ans, quelque "
        "chose comme ça. Et quand j'ai retrouvé du boulot, enfin, j'ai eu envie de "
        "rendre ce qu'on m'avait donné. Donc maintenant j'anime, un mardi sur deux "
        "à peu près.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "partenaire"],
        "sexe": "F",
        "role": "responsable d'une médiathèque qui accueille les ateliers",
        "lieu": "médiathèque, bureau de la responsable",
        "presentation": "Je dirige la médiathèque depuis 2019. On prête la salle du premier étage "
        "gratuitement, deux à trois fois par mois, c'est dans notre projet "
        "d'établissement d'accueillir des publics qui ne viennent pas forcément "
        "pour les livres.",
    },
    {
        "categorie": "participant",
        "voix": ["participant", "livreur"],
        "sexe": "M",
        "role": "participant régulier des cafés rencontre, 56 ans",
        "lieu": "par téléphone",
        "presentation": "Bon. J'ai 56 ans, j'ai été chauffeur-livreur, puis j'ai eu un problème de "
        "dos, et à 56 ans, hein, les employeurs… Bref. Je viens aux cafés du jeudi "
        "depuis l'automne dernier.",
    },
    {
        "categorie": "participant",
        "voix": "participant",
        "sexe": "F",
        "role": "ancienne participante, sortie des ateliers il y a six mois",
        "lieu": "visioconférence",
        "presentation": "Moi j'ai 34 ans, deux enfants, j'étais aide-soignante et j'ai arrêté à la "
        "naissance du deuxième. Quand j'ai voulu reprendre, je savais plus par quel "
        "bout prendre les choses. C'est une amie qui m'a emmenée au premier atelier.",
    },
    {
        "categorie": "financeur",
        "voix": ["tiers", "financeur"],
        "sexe": "M",
        "role": "chargé de mission emploi d'une collectivité qui subventionne l'association",
        "lieu": "hôtel de la collectivité",
        "presentation": "Je suis chargé de mission au service emploi et insertion. Nous finançons "
        "l'association depuis 2021, sur une ligne politique de la ville, et je "
        "participe au comité de suivi deux fois par an.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "F",
        "role": "coordinatrice salariée de l'association",
        "lieu": "locaux de l'association",
        "presentation": "Je suis la seule salariée, à temps partiel, depuis deux ans. Je fais un "
        "peu tout : le planning des ateliers, les inscriptions, le lien avec les "
        "lieux, les dossiers de subvention… et le café, aussi. [rires]",
    },
]

THEMES = {
    "confiance": {
        "libelle": "Confiance en soi retrouvée",
        "marqueurs": ["confiance", "estime de soi", "estime de moi"],
        "frequence": 0.8,
        "questions": {
            "participant": [
                "Qu'est-ce que ça a changé pour vous, les ateliers ?",
                "Comment vous vous sentiez en arrivant, et maintenant ?",
            ],
            "tiers": [
                "Qu'est-ce que vous observez chez les personnes qui viennent ?",
                "Qu'est-ce que les ateliers changent pour les participants, d'après vous ?",
            ],
        },
        "fragments": {
            "participant": [
                "Ce qui a changé, c'est la confiance, clairement. Avant je me disais que j'étais "
                "{bonne|bon} à rien, que c'était de ma faute. Là, on m'a fait lister tout ce que "
                "je savais faire, et euh… j'avais oublié la moitié, en fait. Ça paraît bête mais "
                "de l'écrire, de le dire devant les autres, ça m'a remis{e} debout.",
                "J'ai repris confiance, oui. Enfin… pas d'un coup, hein. Le premier atelier j'ai "
                "pas dit un mot, je regardais mes chaussures. Au troisième j'ai présenté mon "
                "parcours devant tout le monde, et les gens ont applaudi. Ça m'était pas arrivé "
                "depuis… je sais pas, depuis l'école.",
                "L'estime de soi, c'était à zéro, vraiment. Et là le fait que les animateurs "
                "soient passés par là eux aussi, ça change tout, parce que tu te dis bon, ils "
                "s'en sont sortis, ils me regardent pas de haut. Bon, ça reste fragile, il suffit "
                "d'un refus et ça redescend, mais c'est mieux qu'avant.",
                "Pour les entretiens, j'avais une boule au ventre. On a fait des "
                "simulations, filmées même, c'était horrible à regarder. [rires] Mais après j'y "
                "suis allé{e} avec plus de confiance, je savais quoi dire sur mes "
                "trous dans le CV.",
            ],
            "tiers": [
                "Ce qu'on voit le plus, c'est la confiance qui revient. Les gens arrivent "
                "recroquevillés, ils s'excusent d'être là. Et au bout de trois, quatre séances, "
                "ils prennent la parole, ils font des blagues. C'est pas mesurable facilement, "
                "mais ça se voit dans la posture.",
                "Moi ce qui me frappe, c'est l'estime de soi. Le chômage long, ça abîme. Et "
                "l'atelier, en deux heures et demie, ça redonne pas un emploi, mais ça redonne un peu de "
                "fierté, le sentiment de valoir quelque chose.",
                "On a des retours des conseillers aussi : les personnes arrivent en rendez-vous "
                "avec plus de confiance, elles savent mieux parler d'elles. Après, est-ce que ça "
                "tient dans le temps, je ne sais pas, on n'a pas de recul.",
            ],
        },
        "temoignages": [
            "J'ai repris confiance en moi grâce aux ateliers.",
            "Je suis arrivé{e} sans aucune confiance, je repars la tête haute.",
            "Un vrai coup de pouce pour l'estime de soi.",
            "On m'a redonné confiance, ça n'a pas de prix.",
        ],
    },
    "isolement": {
        "libelle": "Sortir de l'isolement",
        "marqueurs": [
            "isolé",
            "isolement",
            "tournais en rond",
            "tournent en rond",
            "tourner en rond",
        ],
        "frequence": 0.6,
        "questions": {
            "participant": [
                "Et en dehors de la recherche d'emploi, qu'est-ce que ça vous a apporté ?",
                "Comment se passaient vos journées avant de venir ?",
            ],
            "tiers": [
                "Pourquoi les gens reviennent, d'après vous ?",
                "Au-delà de l'emploi, qu'est-ce que vous voyez changer ?",
            ],
        },
        "fragments": {
            "participant": [
                "Avant, je tournais en rond chez moi. Je voyais plus personne, mes collègues "
                "c'était fini, et les amis, on a un peu honte, on les évite. Là, d'un coup, "
                "j'avais un rendez-vous dans la semaine, des gens qui me demandaient de mes "
                "nouvelles. Ça, ça compte énormément.",
                "Le chômage, ça isole, on vit isolé sans le dire… enfin, je veux dire, on en "
                "parle jamais. Moi je sortais plus que pour les courses. Les cafés du jeudi, "
                "c'est devenu mon point fixe. On rigole, on parle de tout, pas que de boulot.",
                (
                    "J'étais très isolée, oui, avec les enfants, mon mari qui travaille de nuit… Et "
                    "là j'ai rencontré deux filles avec qui je suis restée en contact, on s'appelle "
                    "encore. On s'est même fait un pique-nique cet été.",
                    "F",
                ),
                (
                    "J'étais isolé, franchement. Ma femme partait au travail, moi je restais devant "
                    "la télé. Au groupe, j'ai sympathisé avec deux gars, on va marcher ensemble le "
                    "dimanche maintenant, au bord du canal.",
                    "M",
                ),
            ],
            "tiers": [
                "L'isolement, c'est le premier sujet, avant même l'emploi. Beaucoup nous disent "
                "qu'ils n'ont parlé à personne de la semaine. Le groupe, c'est déjà une sortie "
                "de ça.",
                "Les gens tournent en rond chez eux, ils perdent le rythme. Venir, prendre le "
                "tram, être à l'heure, retrouver des visages connus, c'est tout bête mais c'est "
                "ce qui les fait revenir.",
            ],
            "partenaire": [
                "Pour nous, médiathèque, c'est pareil : ce sont des personnes très isolées qui "
                "découvrent le lieu par l'atelier, et certaines reviennent ensuite emprunter "
                "des livres, ou juste pour lire le journal au chaud.",
            ],
        },
        "temoignages": [
            "Je me sentais très isolé{e}, j'ai trouvé une vraie bande ici.",
            "Fini de tourner en rond à la maison le jeudi !",
            "Ça m'a sorti{e} de l'isolement, tout simplement.",
            "Moins isolé{e}, plus motivé{e}.",
        ],
    },
    "projet": {
        "libelle": "Projet professionnel plus clair",
        "marqueurs": ["mon projet", "leur projet", "projet pro", "y voir plus clair"],
        "frequence": 0.55,
        "questions": {
            "participant": [
                "Est-ce que votre idée de ce que vous vouliez faire a changé ?",
                "Concrètement, qu'est-ce que vous avez travaillé pendant les séances ?",
            ],
            "tiers": ["Et du côté de l'orientation des personnes, qu'est-ce que vous voyez ?"],
        },
        "fragments": {
            "livreur": [
                (
                    "Moi je voulais rester dans la livraison, mais avec mon dos… Le groupe m'a aidé "
                    "à y voir plus clair : magasinier, cariste peut-être, quelque chose de moins "
                    "physique. J'ai fait une immersion d'une semaine, c'était pas mal.",
                    "M",
                ),
            ],
            "participant": [
                (
                    "Je voulais absolument retrouver le même poste, assistante de direction, et en "
                    "fait l'atelier m'a aidée à y voir plus clair : ce que j'aimais vraiment, c'était "
                    "organiser des événements. Du coup mon projet a changé, je regarde du côté de "
                    "l'événementiel associatif maintenant.",
                    "F",
                ),
                "Mon projet pro, c'était flou, je répondais à tout et n'importe quoi. On a fait "
                "un exercice avec des cartes, les valeurs, les envies… ça paraît gadget mais ça "
                "m'a fait trier. Bon, j'ai pas encore trouvé, hein, mais je sais ce que je "
                "cherche.",
                "Il me fallait des horaires de jour, à cause de la famille. Ça m'a permis de "
                "construire mon projet autour de ça, au lieu de le subir. Ça, j'y aurais pas "
                "pensé {seule|seul}, c'est le groupe qui m'a posé la question.",
            ],
            "tiers": [
                "Beaucoup arrivent avec un projet pro qui n'est plus réaliste, ou pas de projet "
                "du tout. L'atelier « Projet », c'est justement pour y voir plus clair, sans "
                "leur dire quoi faire, c'est le groupe qui pose les questions.",
                "On voit des gens qui ajustent leur projet, qui passent d'un métier à un autre "
                "proche, avec des compétences transférables. C'est souvent là que la formation "
                "entre en jeu.",
            ],
            "equipe": [
                "Le déclic, souvent, c'est quand quelqu'un du groupe dit : « mais toi, tu as "
                "fait ça pendant dix ans, pourquoi tu ne le mets pas en avant ? ». Là, leur "
                "projet bouge. Nous, on pose juste le cadre, on ne décide rien à leur place.",
            ],
        },
        "temoignages": [
            "J'y vois plus clair dans mon projet, merci aux bénévoles.",
            "L'atelier m'a aidé{e} à préciser mon projet pro.",
            "J'ai enfin un projet qui me ressemble, mon projet à moi.",
        ],
    },
    "reseau": {
        "libelle": "Réseau activé",
        "marqueurs": ["réseau", "carnet d'adresses"],
        "frequence": 0.45,
        "questions": {
            "participant": ["Est-ce que vous avez fait des rencontres utiles pour la suite ?"],
            "tiers": ["Comment les gens cherchent du travail, après l'atelier ?"],
        },
        "fragments": {
            "participant": [
                "On a fait l'atelier sur le réseau, et j'ai compris que j'en avais un, en fait. "
                "Mon ancien voisin, le club de foot du petit… J'ai envoyé trois messages, "
                "et il y en a un qui m'a mis{e} en contact avec un gérant de magasin. C'est "
                "comme ça que ça marche, en vrai, pas avec les annonces.",
                "Honnêtement, le réseau, c'est la partie où j'ai le moins accroché. Appeler des "
                "gens pour leur demander du boulot, j'ai du mal, j'ai l'impression de mendier. "
                "Mais bon, j'ai quand même noté deux, trois noms dans mon carnet d'adresses.",
                "Au café du jeudi, il y avait un monsieur qui connaissait tout le monde dans la "
                "logistique. Il m'a donné un nom, j'ai appelé de sa part, et j'ai eu un rendez-"
                "vous la semaine d'après. Le réseau des autres, en fait, ça compte autant que le "
                "sien.",
            ],
            "tiers": [
                "Le réseau, c'est le point faible des personnes qu'on accueille : soit elles "
                "n'en ont pas, soit elles n'osent pas l'activer. Entre pairs, on se passe des "
                "contacts, des noms d'entreprises qui recrutent, c'est très concret.",
            ],
            "equipe": [
                "Le groupe devient un réseau en soi. Il y a une liste de discussion, les "
                "anciens y postent des offres. Certains font le lien avec leur ancien "
                "employeur. On ne le mesure pas, mais c'est réel.",
            ],
            "partenaire": [
                "Pour la médiathèque, ça a créé un petit réseau local aussi : le centre social, "
                "la maison de l'emploi, une entreprise d'insertion du quartier. On se connaît "
                "mieux, on s'envoie des gens. C'est un effet qu'on n'attendait pas.",
            ],
        },
        "temoignages": [
            "Grâce au groupe, j'ai agrandi mon réseau.",
            "Le carnet d'adresses des uns aide les autres, c'est génial.",
            "J'ai trouvé un stage par le réseau des anciens.",
        ],
    },
    "emploi": {
        "libelle": "Accès à l'emploi ou à la formation",
        "marqueurs": [
            "embauch",
            "retrouvé un poste",
            "signé un contrat",
            "entrée en formation",
            "entré en formation",
        ],
        "frequence": 0.5,
        "questions": {
            "participant": ["Et aujourd'hui, où vous en êtes dans votre recherche ?"],
            "tiers": ["Est-ce que vous savez ce que deviennent les personnes après ?"],
        },
        "fragments": {
            "participant": [
                "Aujourd'hui j'ai signé un contrat, un CDD de six mois dans une association, "
                "à l'accueil. C'est pas le poste de mes rêves mais c'est un pied dans la porte. "
                "Et je pense pas que j'aurais osé postuler sans les ateliers.",
                "J'ai été embauché{e} en intérim, dans un entrepôt, en mars. Bon, est-ce que "
                "c'est grâce à l'association ? Un peu, sûrement, pour le moral. Mais c'est une "
                "agence qui m'a appelé{e}, hein, faut être honnête.",
                "Je suis entré{e} en formation en septembre, c'est financé par la Région. Le "
                "dossier, c'est une bénévole qui m'a aidé{e} à le monter, {toute seule|tout seul} "
                "je l'aurais jamais fini.",
            ],
            "tiers": [
                "On a des nouvelles par les gens qui reviennent nous dire qu'ils ont retrouvé un "
                "poste, mais c'est pas systématique. Ceux qui ne trouvent pas, on ne les revoit "
                "plus, forcément. Donc nos chiffres sont sûrement un peu flatteurs.",
                "Il y a des belles histoires : une dame qui était au RSA depuis des années a été "
                "embauchée à la cantine de l'école, en CDI. Mais il faut rester prudent, on ne "
                "sait pas ce qui serait arrivé sans les ateliers, et ça, on ne peut pas le "
                "prouver.",
            ],
            "financeur": [
                "Ce que nous regardons, nous, financeur, c'est combien sont embauchés ou en "
                "formation à six mois. L'association fait un suivi par téléphone, avec un taux "
                "de réponse qui baisse beaucoup, c'est une limite qu'on connaît.",
            ],
        },
        "temoignages": [
            "Embauché{e} en CDI trois mois après mon premier atelier !",
            "J'ai signé un contrat la semaine dernière, merci pour le coup de pouce.",
            "Entré{e} en formation grâce à vos conseils pour le dossier.",
        ],
    },
    "limites": {
        "libelle": "Limites et critiques",
        "marqueurs": ["dommage", "je regrette", "trop court", "c'est le bémol"],
        "frequence": 0.45,
        "questions": [
            "Qu'est-ce qui pourrait être amélioré, selon vous ?",
            "Est-ce qu'il y a des choses qui vous ont moins plu ?",
            "Quelles sont les difficultés, de votre point de vue ?",
        ],
        "fragments": {
            "participant": [
                "Ce qui est dommage, c'est qu'après les ateliers, il n'y a plus rien. On est "
                "bien, on est motivé, et puis on se retrouve seul devant son ordinateur. Il "
                "faudrait un suivi, même léger, un coup de fil par mois.",
                "Deux heures et demie, c'est trop court pour certains sujets. Et parfois il y avait des "
                "gens qui monopolisaient la parole, l'animatrice avait du mal à les cadrer. "
                "C'est le côté un peu amateur, bon, ce sont des bénévoles.",
                "Je regrette qu'il n'y ait pas d'ateliers le soir ou le samedi. Quand on a des "
                "petits boulots à côté, ou les enfants, les mardis après-midi c'est compliqué.",
            ],
            "equipe": [
                "Notre difficulté, c'est la régularité : un tiers des inscrits ne viennent pas. "
                "C'est dommage parce qu'on refuse du monde sur certaines dates. On a essayé les "
                "SMS de rappel, ça aide un peu.",
                "Franchement, c'est trop court, une subvention à l'année. On passe un temps "
                "fou sur les dossiers au lieu d'animer, et les bénévoles s'épuisent.",
            ],
            "financeur": [
                "Ce qui manque, c'est l'évaluation. L'association a beaucoup de témoignages "
                "positifs mais peu de chiffres solides, c'est le bémol pour nous quand il faut "
                "défendre la ligne budgétaire.",
            ],
            "partenaire": [
                "Le seul bémol… enfin, c'est dommage que la communication entre nous soit un "
                "peu aléatoire : parfois on découvre le matin même qu'il y a un atelier, la "
                "salle n'est pas prête, le chauffage pas allumé.",
            ],
        },
        "temoignages": [
            "Dommage qu'il n'y ait pas de suivi après les ateliers.",
            "Atelier trop court, on aurait aimé continuer.",
            "Je regrette les horaires, impossibles quand on travaille un peu.",
        ],
    },
}

NEUTRES = {
    "participant": [
        (
            "Comment vous avez entendu parler de l'association ?",
            "Par une affiche, au départ, et puis ma conseillère m'en a reparlé. Je me suis "
            "inscrit{e} en ligne, le formulaire était un peu long, il demandait plein de choses, "
            "mais bon, c'était rapide après.",
        ),
        (
            "Comment se passe une séance, concrètement ?",
            "On arrive, il y a du café, des gâteaux parfois. On se met en rond, chacun dit "
            "comment il va, et puis l'animateur lance un exercice. Ça dure la matinée, à peu "
            "près, avec une pause au milieu.",
        ),
        (
            "Vous y êtes allé{e} combien de fois, à peu près ?",
            "Oh… six, sept fois ? Je sais plus exactement. J'ai raté deux séances parce que "
            "j'avais des rendez-vous, et une fois le bus n'est jamais arrivé, j'ai laissé tomber.",
        ),
        (
            "Et votre entourage, qu'est-ce qu'il en pensait ?",
            "Ma famille, au début, ne voyait pas trop l'intérêt. On me disait : « c'est pas là "
            "que tu vas trouver du travail ». Et puis ils ont vu que j'allais mieux, alors ils "
            "ont changé d'avis.",
        ),
        (
            "Qu'est-ce que vous faisiez, les jours sans atelier ?",
            "Oh, les démarches, les candidatures en ligne, le ménage… Je m'obligeais à me lever "
            "à la même heure, à m'habiller comme pour aller au travail. Et l'après-midi je "
            "marchais, une heure, pour m'aérer la tête.",
        ),
    ],
    "equipe": [
        (
            "Comment s'organise le travail entre vous ?",
            "On a une réunion par mois, le premier lundi, pour caler le planning. Chacun dit ses "
            "disponibilités, et la coordinatrice fait le tableau. Ça marche à peu près, même si "
            "l'été c'est toujours plus compliqué.",
        ),
        (
            "Comment vous avez été formé{e}, vous, pour ce rôle ?",
            "Il y a une journée de formation au début, avec les anciens, et puis on anime d'abord "
            "en binôme. Honnêtement on apprend surtout en faisant, en se plantant un peu. Et on "
            "se retrouve une fois par trimestre pour échanger entre animateurs.",
        ),
    ],
    "tiers": [
        (
            "Qui sont les personnes que vous voyez arriver ?",
            "De tout. Des jeunes diplômés, des gens de cinquante ans et plus, beaucoup de "
            "femmes qui reprennent après les enfants. Certains viennent d'un quartier prioritaire, "
            "d'autres du centre. Le mélange, c'est ce qui fait la richesse.",
        ),
        (
            "Comment vous voyez l'avenir de l'association ?",
            "Alors… il y a des envies, ouvrir dans d'autres quartiers, faire des ateliers le "
            "samedi. Mais tout dépend des moyens et des bonnes volontés. On verra bien à la "
            "prochaine assemblée générale, il y aura des décisions à prendre.",
        ),
    ],
    "partenaire": [
        (
            "Depuis combien de temps vous travaillez avec eux ?",
            "Ça fait… quatre ans, je crois. On s'est rencontrés lors d'un forum, ils cherchaient "
            "une salle, on en avait une. C'est parti de là, très simplement.",
        ),
    ],
    "financeur": [
        (
            "Comment se passe le dialogue avec l'association ?",
            "Plutôt bien. Ils rendent leurs bilans à peu près à l'heure, on se voit au comité de "
            "suivi, et la coordinatrice m'appelle quand il y a un souci. C'est une petite "
            "structure, il faut être compréhensif sur les délais.",
        ),
    ],
}

PROFILS_TEMOIGNAGES = {
    "F": ["participante", "ancienne participante"],
    "M": ["participant", "ancien participant"],
}
CONTEXTES_TEMOIGNAGES = [
    "Au chômage depuis deux ans, j'ai poussé la porte un peu par hasard.",
    "Venu{e} sur les conseils de ma conseillère.",
    "Trois ateliers suivis cet hiver.",
    "Je suis venu{e} une première fois pour voir.",
]
