"""Qualitative bank of ``commerce-rural``: a multi-service village shop with local producers."""

SLUG = "commerce-rural"
SENSIBLE = False

ROLES = [
    {
        "categorie": "client",
        "voix": ["client", "ancien"],
        "sexe": "F",
        "role": "cliente quotidienne, 78 ans, veuve, habite le bourg",
        "lieu": "au magasin, à la table du coin café",
        "presentation": "Ben moi, je suis née ici, hein. J'ai fait toute ma vie au village, mon "
        "mari avait la ferme en haut, là. Il est parti il y a six ans. Et je viens "
        "au magasin tous les matins, ou presque, pour le pain et le journal.",
    },
    {
        "categorie": "client",
        "voix": "client",
        "sexe": "M",
        "role": "client, 45 ans, travaille en ville, deux enfants",
        "lieu": "par téléphone",
        "presentation": "Alors moi j'habite le lotissement derrière l'école depuis dix ans. Je "
        "travaille à l'agglo, je pars tôt, je rentre tard. Je passe surtout le "
        "samedi matin, et parfois le soir en rentrant quand il manque un truc.",
    },
    {
        "categorie": "salarié",
        "voix": ["tiers", "equipe"],
        "sexe": "F",
        "role": "vendeuse, l'une des trois salariées du magasin depuis l'ouverture",
        "lieu": "arrière-boutique",
        "presentation": "Je suis là depuis le début, depuis l'ouverture. Avant je travaillais dans "
        "un supermarché, en caisse, pendant douze ans. Ici on fait tout : la caisse, "
        "la mise en rayon, les commandes, le ménage, le café…",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "fournisseur"],
        "sexe": "M",
        "role": "maraîcher bio installé à 12 km, fournisseur du magasin",
        "lieu": "sur l'exploitation",
        "presentation": "Je suis maraîcher, installé depuis 2014, deux hectares et demi en bio. "
        "Je fais deux marchés par semaine, des paniers, et je livre le magasin le "
        "mardi et le vendredi. Voilà, c'est à peu près mes débouchés.",
    },
    {
        "categorie": "client",
        "voix": ["client", "nouveau"],
        "sexe": "F",
        "role": "cliente, 34 ans, arrivée au village il y a deux ans, télétravaille",
        "lieu": "à son domicile",
        "presentation": "On est arrivés il y a deux ans, avec mon compagnon, on vivait en ville "
        "avant. On cherchait une maison avec un jardin, pas trop chère. Je "
        "télétravaille trois jours par semaine, donc je suis là en journée.",
    },
    {
        "categorie": "partenaire",
        "voix": ["tiers", "elu"],
        "sexe": "M",
        "role": "maire de la commune (village de 650 habitants)",
        "lieu": "mairie, bureau du maire",
        "presentation": "Je suis maire depuis 2014, deuxième mandat. Quand la dernière épicerie a "
        "fermé, en 2017, ça a été un coup dur. La commune a racheté les murs et on "
        "a cherché un projet pendant presque deux ans.",
    },
    {
        "categorie": "client",
        "voix": ["client", "ancien"],
        "sexe": "M",
        "role": "client, 82 ans, ne conduit plus",
        "lieu": "à son domicile",
        "presentation": "J'ai 82 ans. J'ai été facteur, figurez-vous, trente-cinq ans de tournée "
        "dans le canton. J'ai rendu mon permis l'an dernier, ma fille a insisté. "
        "Depuis, je fais tout à pied, doucement.",
    },
    {
        "categorie": "financeur",
        "voix": ["tiers", "financeur"],
        "sexe": "F",
        "role": "chargée de mission développement économique à la communauté de communes",
        "lieu": "siège de la communauté de communes",
        "presentation": "Je suis chargée de mission développement économique. On a aidé le "
        "magasin au démarrage, une aide à l'investissement pour l'aménagement, et "
        "on suit les commerces de proximité sur les vingt-deux communes.",
    },
]

THEMES = {
    "lien_social": {
        "libelle": "Lien social entre habitants",
        "marqueurs": ["papoter", "causer", "on se croise", "lien social"],
        "frequence": 0.75,
        "questions": {
            "client": [
                "Qu'est-ce que le magasin a changé pour vous ?",
                "Quand vous venez, qu'est-ce qui se passe, à part les courses ?",
            ],
            "tiers": ["Qu'est-ce que le magasin apporte aux habitants, d'après vous ?"],
        },
        "fragments": {
            "client": [
                "Le samedi matin, c'est un peu le rendez-vous. On se croise devant le pain, on "
                "parle du foot des gamins, de la route qui est encore en travaux… Je connais "
                "plus de monde au village en deux ans de magasin qu'en huit ans avant.",
            ],
            "ancien": [
                "Le matin, c'est mon moment. Je prends mon café au comptoir, on vient papoter, "
                "les anciens, les mamans après l'école… Avant je pouvais passer une journée sans "
                "dire un mot à personne. Maintenant, je sais que je vais voir du monde.",
                "Moi je viens surtout pour causer, je vais pas vous mentir. Le pain, je pourrais "
                "le faire livrer. Mais la vendeuse me demande comment va ma hanche, on parle du "
                "temps, des voisins… À mon âge, ça n'a pas de prix.",
            ],
            "nouveau": [
                "Honnêtement, au début j'y allais pour dépanner. Et puis on se croise, on se "
                "dit bonjour, on finit par connaître les prénoms. Pour des nouveaux arrivants "
                "comme nous, c'est le seul endroit où on rencontre les gens du village, à part "
                "l'école.",
            ],
            "tiers": [
                "C'est devenu le lieu où on se croise. On a des personnes âgées qui restent une "
                "heure, qui prennent un café et qui repartent avec une baguette. On le sait, et "
                "on les laisse faire, c'est aussi notre rôle.",
                "Le lien social, c'est ce qu'on ne voit pas dans les comptes, mais c'est ce que "
                "les gens nous disent d'abord. Il y a des habitants qui ne se parlaient plus "
                "depuis des années et qui se retrouvent au coin café.",
            ],
            "equipe": [
                "On voit tout de suite quand quelqu'un ne vient pas. Une dame, un jour, n'est "
                "pas passée, on a appelé sa fille. Elle était tombée chez elle. Ça, c'est le "
                "lien social, c'est pas écrit dans ma fiche de poste.",
            ],
        },
        "temoignages": [
            "Un vrai lieu de lien social pour le village.",
            "On vient pour le pain, on reste pour papoter !",
            "Enfin un endroit où on se croise entre voisins.",
        ],
    },
    "proximite": {
        "libelle": "Moins de déplacements pour les courses",
        "marqueurs": ["kilomètres", "faire la route", "descendre en ville"],
        "frequence": 0.55,
        "questions": {
            "client": ["Et vos courses, comment vous faisiez avant ?"],
            "tiers": ["Qu'est-ce que ça change dans les déplacements des habitants ?"],
        },
        "fragments": {
            "client": [
                "Le soir, en rentrant, quand il manque le lait ou le pain, avant il fallait "
                "refaire dix kilomètres aller-retour jusqu'au supermarché. Maintenant je "
                "m'arrête en passant, c'est sur ma route.",
                "Avant, il fallait descendre en ville pour tout, le supermarché est à vingt "
                "minutes. Pour une plaquette de beurre, vous imaginez. Maintenant, le gros, je "
                "le fais une fois par mois, et le reste ici, à pied.",
            ],
            "nouveau": [
                "On a fait le calcul avec mon compagnon : on économise une bonne centaine de "
                "kilomètres par mois. Bon, on n'a pas supprimé la deuxième voiture, faut pas "
                "rêver, mais on la prend moins.",
            ],
            "ancien": [
                "Sans voiture, moi, c'était les voisins ou ma fille. Le jeudi, elle venait faire "
                "la route exprès pour moi. Maintenant je me débrouille, je prends mon cabas et "
                "voilà, ça me fait ma promenade.",
            ],
            "tiers": [
                "Pour les personnes âgées qui ne conduisent plus, c'est énorme. Avant, c'était "
                "dépendre de quelqu'un pour faire la route jusqu'au supermarché. Maintenant "
                "elles viennent à pied, elles gardent leur autonomie plus longtemps.",
                "On n'a pas de chiffres précis sur les kilomètres évités. On sait que les gens "
                "font moins d'allers-retours, ils nous le disent, mais le questionnaire que "
                "vous préparez, justement, ça pourrait nous aider.",
            ],
        },
        "temoignages": [
            "Plus besoin de faire la route pour un paquet de café.",
            "Des kilomètres en moins chaque semaine, merci !",
            "Plus besoin de descendre en ville chaque semaine.",
        ],
    },
    "produits_locaux": {
        "libelle": "Débouchés pour les producteurs locaux",
        "marqueurs": ["producteur", "productrice", "local", "locaux"],
        "frequence": 0.6,
        "questions": {
            "client": [
                "Et les produits que vous trouvez au magasin, qu'est-ce que vous en pensez ?"
            ],
            "tiers": ["Qu'est-ce que le magasin change pour l'économie du coin ?"],
            "fournisseur": ["Qu'est-ce que ça représente pour vous, de livrer le magasin ?"],
        },
        "fragments": {
            "client": [
                "Ce qui me plaît, c'est de savoir d'où ça vient. Les œufs, c'est le producteur "
                "de la ferme d'à côté, le fromage aussi. On paie un peu plus, mais au moins "
                "l'argent reste ici.",
                "Les légumes sont bons, vraiment, rien à voir avec le supermarché. Et il y a "
                "les noms des producteurs sur les cagettes, avec la distance. Mes enfants "
                "trouvent ça rigolo de savoir que les carottes viennent de douze kilo… enfin "
                "de pas loin, quoi.",
                "J'achète local quand je peux, oui. Le miel, la viande… Bon, pour le reste, les "
                "pâtes, la lessive, je prends ce qu'il y a.",
            ],
            "fournisseur": [
                "Pour moi c'est un débouché régulier, deux livraisons par semaine, sans la "
                "contrainte du marché, sans rester debout dans le froid à attendre le client. "
                "Ça représente à peu près quinze pour cent de mon chiffre, c'est pas rien "
                "pour un petit producteur.",
                "Le magasin me paie à trente jours, c'est correct. Et ils me disent ce qui part "
                "et ce qui ne part pas, donc j'ajuste mes plantations. C'est un vrai partenariat "
                "avec un commerce local, pas juste un acheteur.",
            ],
            "tiers": [
                "On travaille avec une trentaine de producteurs, presque tous à moins de "
                "trente bornes. Les gens le remarquent, ils demandent qui fait quoi. C'est "
                "aussi pour ça qu'ils viennent, pour les produits locaux.",
                "Du point de vue de l'économie locale, c'est intéressant : l'argent dépensé au "
                "magasin repart en partie vers les exploitations voisines, ce que ne fait pas "
                "une grande surface.",
            ],
        },
        "temoignages": [
            "Des produits locaux de qualité, on sait d'où ça vient.",
            "Bravo pour le choix des producteurs du coin.",
            "Les fromages de la productrice d'à côté sont une merveille.",
        ],
    },
    "services": {
        "libelle": "Services de proximité retrouvés",
        "marqueurs": ["colis", "la poste", "bouteille de gaz", "retrait d'argent", "relais"],
        "frequence": 0.5,
        "questions": {
            "client": ["À part l'épicerie, vous utilisez d'autres choses au magasin ?"],
            "tiers": ["Et les services, à côté de l'épicerie, ça marche comment ?"],
        },
        "fragments": {
            "client": [
                "Les colis, surtout ! Avec les commandes en ligne, avant, il fallait aller au "
                "point relais à quinze minutes. Maintenant je récupère tout ici, en prenant le "
                "pain. C'est bête mais ça change la vie.",
                "Pour les timbres, les recommandés, on a la poste ici maintenant, enfin le "
                "point poste. Depuis que le bureau a fermé, c'était une galère, il fallait "
                "prendre une demi-journée.",
                "La bouteille de gaz, voilà, ça c'est précieux l'hiver. Avant il fallait "
                "demander à quelqu'un avec une camionnette. Et le retrait d'argent, aussi, pour "
                "les anciens qui ne font pas tout par carte.",
            ],
            "tiers": [
                "Les colis, c'est devenu énorme, on en a parfois quarante par jour avant Noël. "
                "Ça ramène du monde, des gens qui ne venaient jamais et qui repartent avec un "
                "pot de confiture.",
                "Le relais poste, c'est un service que la commune tenait à garder. Ça rapporte "
                "peu au magasin, une petite commission, mais c'est ce qui fait qu'on est un "
                "commerce multiservice et pas juste une épicerie.",
            ],
        },
        "temoignages": [
            "Le point relais pour les colis, quel bonheur !",
            "Merci de garder la poste au village.",
            "Pratique pour la bouteille de gaz et le retrait d'argent.",
        ],
    },
    "vie_village": {
        "libelle": "Un village qui revit",
        "marqueurs": ["revit", "vie du village", "animation", "soirée"],
        "frequence": 0.45,
        "questions": {
            "client": ["Est-ce que quelque chose a changé au village, depuis l'ouverture ?"],
            "tiers": ["À l'échelle de la commune, qu'est-ce que vous voyez ?"],
        },
        "fragments": {
            "nouveau": [
                "Le village revit, franchement. Il y a de la lumière le soir, des vélos devant. "
                "Quand on est arrivés, on se demandait si on n'avait pas fait une bêtise, tout "
                "était fermé. Là, ça donne envie de rester.",
            ],
            "client": [
                "Il y a eu une soirée concert cet été, sur la place, avec un groupe du canton. "
                "Il y "
                "avait du monde, des jeunes, des vieux… Ça faisait des années qu'on n'avait pas "
                "vu ça ici.",
            ],
            "elu": [
                "Pour la commune, c'est structurant. Des jeunes couples nous disent qu'ils sont "
                "venus en partie parce qu'il y avait un commerce. C'est la vie du village qui "
                "repart : l'école garde ses classes, c'est lié.",
                "Les animations, les dégustations, le marché de Noël… Le magasin est devenu un "
                "acteur de la vie du village, presque autant que le comité des fêtes, et ça, on "
                "ne l'avait pas prévu.",
            ],
            "tiers": [
                "On organise une animation par mois à peu près, une dégustation, un apéro avec "
                "un éleveur. Il y a toujours du monde, on ne compte pas vraiment, on dit "
                "« une trentaine », à la louche.",
            ],
        },
        "temoignages": [
            "Le village revit depuis l'ouverture.",
            "Super soirée dégustation samedi dernier !",
            "Merci pour les animations, ça fait du bien à la vie du village.",
        ],
    },
    "limites": {
        "libelle": "Limites et critiques",
        "marqueurs": ["plus cher", "trop cher", "dommage", "choix limité", "je regrette"],
        "frequence": 0.5,
        "questions": [
            "Qu'est-ce qui pourrait être amélioré, selon vous ?",
            "Est-ce qu'il y a des choses qui vous manquent, ou qui vous gênent ?",
            "Quelles sont les difficultés, de votre point de vue ?",
        ],
        "fragments": {
            "client": [
                "C'est plus cher qu'au supermarché, faut le dire. Pour nous ça va, mais pour "
                "une famille avec trois enfants, faire toutes les courses ici, c'est pas "
                "possible. Alors on complète, on fait un peu des deux.",
                "C'est dommage que ce soit fermé le lundi et le mercredi après-midi. Quand on "
                "travaille, les horaires, c'est pas toujours pratique. Le dimanche matin, par "
                "contre, c'est bien.",
                "Le choix limité, parfois… Il y a une marque de café, une seule, si elle ne "
                "vous plaît pas, tant pis. Bon, on ne va pas demander un hypermarché non plus.",
            ],
            "equipe": [
                "La difficulté, c'est l'équilibre. Les gens trouvent ça trop cher, mais nos "
                "marges sont déjà serrées, on paie correctement nos fournisseurs. C'est dommage, "
                "il y a des habitants qu'on ne voit jamais.",
            ],
            "fournisseur": [
                "Je regrette un peu les volumes : c'est régulier, mais c'est petit. Et en été, "
                "quand les gens partent, les ventes chutent alors que moi, c'est le pic de "
                "production. Il y a des légumes qui partent au compost.",
            ],
            "financeur": [
                "Ce qui manque, ce sont des chiffres sur la fréquentation, le panier moyen, la "
                "part de clients du village. C'est dommage, parce qu'on a du mal à comparer "
                "avec les autres commerces qu'on accompagne.",
            ],
            "elu": [
                "Le modèle reste fragile. Si le magasin n'atteint pas l'équilibre, on sait "
                "comment ça finit. Je regrette que l'État ne soutienne pas davantage ces "
                "commerces qui rendent un service public, au fond.",
            ],
        },
        "temoignages": [
            "Un peu trop cher pour un budget serré, dommage.",
            "Choix limité mais on dépanne bien.",
            "Je regrette la fermeture le lundi.",
        ],
    },
}

NEUTRES = {
    "client": [
        (
            "Vous venez à quel moment de la journée, en général ?",
            "Le matin, plutôt vers neuf heures, après avoir donné à manger aux poules. Des fois "
            "je repasse l'après-midi quand j'ai oublié quelque chose, ça arrive de plus en plus. "
            "[rires]",
        ),
        (
            "Comment vous avez appris l'ouverture du magasin ?",
            "Par le bulletin municipal, je crois, et puis tout le monde en parlait. Il y a eu une "
            "inauguration, avec des discours, le sous-préfet était venu. Il faisait un froid de "
            "canard ce jour-là.",
        ),
        (
            "Qu'est-ce que vous achetez le plus souvent ?",
            "Le pain, le journal, des légumes, du fromage… Et des bricoles, de la lessive, des "
            "piles. Le gros, la viande pour la semaine, je le fais ailleurs, c'est selon.",
        ),
        (
            "Vous connaissiez l'ancienne épicerie ?",
            "Oh oui, c'était une dame du bourg, ça a fermé quand elle est partie à la retraite. "
            "Personne n'a "
            "repris. Pendant des années il y a eu la vitrine vide avec l'affiche « à vendre ».",
        ),
    ],
    "equipe": [
        (
            "Comment se passe une journée type ?",
            "On ouvre à sept heures et demie. Le pain arrive, on met en place, les premiers "
            "clients c'est les gens qui partent au travail. Après c'est plus calme, on fait les "
            "commandes, la mise en rayon. Le midi c'est coupé, on rouvre à quinze heures.",
        ),
        (
            "Et vous, personnellement, comment vous vivez ce travail ?",
            "Je suis contente. C'est fatigant, on est debout toute la journée, mais les gens "
            "sont gentils, on les connaît. En supermarché, je ne connaissais personne.",
        ),
    ],
    "tiers": [
        (
            "Comment le projet s'est monté, au départ ?",
            "Il a fallu du temps. Des réunions publiques, un questionnaire aux habitants, la "
            "recherche d'un porteur de projet… Au total près de deux ans entre la fermeture et "
            "l'ouverture.",
        ),
        (
            "Comment vous voyez la suite ?",
            "On verra. Il y a des idées, agrandir la terrasse, faire un point de retrait pour les "
            "médicaments avec la pharmacie du bourg voisin. Tout dépendra des moyens.",
        ),
    ],
    "fournisseur": [
        (
            "Comment se passent les livraisons ?",
            "Je passe avec la camionnette le mardi et le vendredi matin, avant sept heures. Je "
            "dépose les cagettes, je note ce qui reste de la fois d'avant. C'est simple, on se "
            "fait confiance, on fait les comptes à la fin du mois.",
        ),
    ],
}

NEUTRES["financeur"] = [
    (
        "Comment la communauté de communes a soutenu le projet ?",
        "Une aide à l'investissement, pour les travaux et l'aménagement, et un prêt d'honneur "
        "par la plateforme d'initiative du territoire. On a aussi mis en relation avec la chambre de "
        "commerce pour l'étude de marché.",
    ),
    (
        "Comment vous suivez les commerces que vous aidez ?",
        "Un point annuel, avec les comptes, et des visites quand on peut. On a une vingtaine de "
        "commerces aidés sur le territoire, on ne peut pas être partout. C'est surtout du "
        "dialogue.",
    ),
]
NEUTRES["elu"] = [
    (
        "Comment le conseil municipal a vécu le projet ?",
        "Il y a eu des débats, évidemment. Certains trouvaient que ce n'était pas le rôle de la "
        "commune d'acheter des murs commerciaux. Au final, le vote a été large, et personne ne "
        "le regrette aujourd'hui… enfin, je crois.",
    ),
]

PROFILS_TEMOIGNAGES = {
    "F": ["cliente", "habitante du village", "cliente de passage"],
    "M": ["client", "habitant du village", "client de passage"],
}
CONTEXTES_TEMOIGNAGES = [
    "Client{e} depuis l'ouverture.",
    "Nouveaux arrivants au village.",
    "Je passe tous les matins.",
    "De passage en vacances dans la région.",
]
