"""Sample structure ``commerce-rural``: a multi-service village shop (fictional).

Files as such a shop really holds them:

- ``caisse1_tickets_2024.csv`` and ``caisse2_tickets_2024.csv``: the two tills' exports,
  one row per ticket line, ``;``-separated cp1252 with comma decimals; refunds are
  negative lines; some product labels are typed by hand (``PAIN COMPLET``,
  ``pain cplt``); till 2 got a software update, so its export has other column names, another
  column order, other payment codes and loyalty-card numbers without their ``FID-`` prefix;
- ``cartes_fidelite.csv``: the loyalty-card holders (names, e-mails, phones, addresses,
  dates of birth); a few people lost their card and appear twice, under a name variant;
- ``registre_services.xlsx``: the services register, one tab a month, title cells merged
  over rows 1–3, free-text service names (``colis MR``, ``Mondial relay``, ``colis``),
  weekly and monthly total rows inside the data, a few dates typed as text;
- ``fournisseurs.csv``: producers and wholesalers with their distance to the shop
  (``12``, ``12,5``, ``12 km``), organic status ``O``/``N``/``en conversion``, purchases
  written ``1 234,50`` with no-break spaces;
- ``enquete_clients_2024.xlsx``: paper customer survey typed in later, header on two rows
  (merged group titles above the column names), ``NSP`` and blanks, distances written
  ``5 km``, ``5`` or ``5,5``, Likert answers as text or numbers, a 0–10 recommendation score;
- ``animations.csv``: the shop's events with estimated (``env. 40``) attendance.

Planted truth: share of sales from products made within 30 km, refunds total, distinct
loyalty cards, services used each month, survey shares (meeting other residents, Likert
agreement, NPS, car-km avoided).

:func:`write_large` writes a till export of about a million lines, on demand, for the
benchmarks (not committed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from ._base import Faker, SampleBuild, date_text, excel_serial, fr_number, write_csv

SLUG = "commerce-rural"
SEED = 20240216
NAME = "L'Escale de Vérines — épicerie et services"
TITLE = "Commerce multiservice rural et producteurs locaux"
DESCRIPTION = (
    "Coopérative (SCIC) agréée ESUS qui a rouvert en 2022 le dernier commerce de Vérines, "
    "village de 650 habitants du bocage bourbonnais (commune fictive). La boutique réunit une "
    "épicerie de produits locaux (une trentaine de producteurs à moins de 30 km), des "
    "services de proximité (relais poste et colis, gaz, presse, pressing, retrait "
    "d'espèces, jeux) et un coin bistrot où se tiennent concerts, dégustations et ateliers. "
    "Trois salariées (deux en CDI, une apprentie), ouverture six jours sur sept."
)
TERRITORY = "Bocage bourbonnais (Allier), bassin de vie de 3 500 habitants"
YEAR = 2024

# ---------------------------------------------------------------------------------------
# Producers and wholesalers: id -> (name, commune, postcode, distance km, category, organic)
# ---------------------------------------------------------------------------------------
SUPPLIERS: list[tuple[str, str, str, str, float, str, str]] = [
    ("F001", "GAEC des Trois Sources", "Vérines", "03240", 2.0, "éleveur", "O"),
    ("F002", "Fromagerie de la Sioule", "Saint-Pourçain-sur-Sioule", "03500", 24.0, "éleveur", "N"),
    ("F003", "Les Jardins de Margot", "Vérines", "03240", 1.2, "maraîcher", "O"),
    ("F004", "Boulangerie Chabrol", "Le Montet", "03240", 6.0, "boulanger", "N"),
    ("F005", "Ferme des Bruyères", "Cressanges", "03240", 9.0, "éleveur", "en conversion"),
    ("F006", "Vergers de la Bouble", "Chantelle", "03140", 26.0, "maraîcher", "N"),
    ("F007", "Domaine des Terres Blanches", "Saulcet", "03500", 25.5, "viticulteur", "O"),
    ("F008", "Rucher du Bocage", "Tronget", "03240", 7.5, "artisan", "O"),
    ("F009", "Moulin de Saint-Menoux", "Saint-Menoux", "03210", 21.0, "artisan", "N"),
    ("F010", "Brasserie des Combrailles", "Montmarault", "03390", 19.0, "artisan", "N"),
    ("F011", "Charcuterie Aubignat", "Souvigny", "03210", 23.0, "éleveur", "N"),
    ("F012", "Chèvrerie des Genêts", "Deux-Chaises", "03240", 8.0, "éleveur", "O"),
    ("F013", "Les Paniers d'Élise", "Le Theil", "03240", 5.5, "maraîcher", "O"),
    ("F014", "Cidrerie du Val d'Allier", "Châtel-de-Neuvre", "03500", 17.0, "artisan", "N"),
    ("F015", "Savonnerie de Tronçais", "Cérilly", "03350", 38.0, "artisan", "O"),
    ("F016", "Biscuiterie Sainte-Anne", "Moulins", "03000", 32.0, "artisan", "N"),
    ("F017", "Pâtes de la Bouble", "Chantelle", "03140", 27.0, "artisan", "en conversion"),
    ("F018", "Huilerie Vial", "Bressolles", "03000", 31.0, "artisan", "N"),
    ("F019", "Lentilles du Bourbonnais", "Besson", "03210", 20.0, "maraîcher", "N"),
    ("F020", "Torréfaction Lumière", "Vichy", "03200", 52.0, "artisan", "N"),
    ("F021", "Limonaderie Bresson", "Montluçon", "03100", 44.0, "artisan", "N"),
    ("F022", "Laiterie de la Queune", "Noyant-d'Allier", "03210", 14.0, "éleveur", "N"),
    ("F023", "Volailles du Montet", "Le Montet", "03240", 6.0, "éleveur", "O"),
    ("F024", "Confitures Mathon", "Cosne-d'Allier", "03430", 28.0, "artisan", "N"),
    ("F025", "Ferme du Bouchet", "Vérines", "03240", 3.0, "maraîcher", "N"),
    ("F026", "Pâtisserie Roux", "Le Montet", "03240", 6.0, "boulanger", "N"),
    ("F027", "EARL de la Font Ronde", "Rocles", "03240", 11.0, "maraîcher", "en conversion"),
    ("F028", "Domaine Gérin", "Saulcet", "03500", 26.5, "viticulteur", "N"),
    ("F029", "Miellerie Chambon", "Hérisson", "03190", 41.0, "artisan", "O"),
    ("F030", "Bergerie du Grand Bois", "Bézenet", "03170", 22.0, "éleveur", "N"),
    ("F031", "Atelier Bois & Paille", "Vérines", "03240", 1.0, "artisan", "N"),
    ("F032", "Les Serres de Bresnay", "Bresnay", "03210", 16.0, "maraîcher", "N"),
    ("F033", "Cave des Coteaux", "Saint-Pourçain-sur-Sioule", "03500", 24.0, "viticulteur", "N"),
    ("F034", "Glaces de la Ferme Gay", "Buxières-les-Mines", "03440", 24.0, "éleveur", "N"),
    ("F035", "Tisanes de Tronçais", "Saint-Bonnet-Tronçais", "03360", 46.0, "artisan", "O"),
    ("F036", "Fumaison du Val de Loire", "Digoin", "71160", 78.0, "artisan", "N"),
    ("F037", "Ferme Aubert", "Murat", "03390", 15.0, "éleveur", "N"),
    ("F038", "Escargots du Bocage", "Meillard", "03500", 13.0, "éleveur", "N"),
    ("F039", "Pains d'épices Mourgue", "Thiers", "63300", 95.0, "artisan", "N"),
    ("F040", "Jus de fruits Valentin", "Gannat", "03800", 48.0, "artisan", "N"),
    ("F041", "Boucherie Perret", "Le Montet", "03240", 6.0, "éleveur", "N"),
    ("F042", "Noix et Huiles du Limousin", "Aubusson", "23200", 90.0, "artisan", "O"),
    (
        "G001",
        "Centrale Alimentaire Centre-Auvergne",
        "Clermont-Ferrand",
        "63000",
        88.0,
        "grossiste",
        "N",
    ),
    ("G002", "Boissons Distribution Allier", "Moulins", "03000", 32.0, "grossiste", "N"),
    ("G003", "Hygiène Pro Distribution", "Cournon-d'Auvergne", "63800", 95.0, "grossiste", "N"),
    ("G004", "Primeurs Grand Marché", "Clermont-Ferrand", "63000", 90.0, "grossiste", "N"),
]
LOCAL_KM = 30.0  # « local »: made within 30 km of the shop
LOCAL_SHARE_DISPLAYED = 0.9  # what the shop's sign claims

# Catalogue: (label, family, unit price €, VAT, supplier, weight of the product in lines,
# sold by weight?)
PRODUCTS: list[tuple[str, str, float, str, str, float, bool]] = [
    ("Baguette tradition", "Boulangerie", 1.20, "5,5", "F004", 9.0, False),
    ("Pain complet 500g", "Boulangerie", 2.60, "5,5", "F004", 3.0, False),
    ("Pain de campagne 1kg", "Boulangerie", 4.20, "5,5", "F004", 2.0, False),
    ("Croissant", "Boulangerie", 1.10, "5,5", "F026", 3.5, False),
    ("Pain au chocolat", "Boulangerie", 1.25, "5,5", "F026", 3.0, False),
    ("Brioche praline", "Boulangerie", 6.50, "5,5", "F026", 0.8, False),
    ("Yaourt nature x4", "Frais", 2.90, "5,5", "F022", 2.5, False),
    ("Lait entier 1L", "Frais", 1.35, "5,5", "F022", 2.5, False),
    ("Beurre doux 250g", "Frais", 3.40, "5,5", "F022", 1.5, False),
    ("Tomme du Bourbonnais", "Frais", 24.50, "5,5", "F002", 1.4, True),
    ("Tomme de montagne", "Frais", 19.80, "5,5", "F002", 1.0, True),
    ("Fromage de chèvre frais", "Frais", 2.80, "5,5", "F012", 1.8, False),
    ("Œufs plein air x6", "Frais", 2.70, "5,5", "F023", 2.0, False),
    ("Jambon sec tranché 100g", "Frais", 4.90, "5,5", "F011", 1.2, False),
    ("Saucisson sec", "Frais", 6.80, "5,5", "F011", 1.1, False),
    ("Crème fraîche 20cl", "Frais", 2.20, "5,5", "F022", 0.9, False),
    ("Poulet fermier", "Frais", 13.90, "5,5", "F023", 0.4, True),
    ("Steak haché x2", "Frais", 5.60, "5,5", "F041", 0.9, False),
    ("Pommes", "Fruits & légumes", 2.90, "5,5", "F006", 2.2, True),
    ("Pommes de terre", "Fruits & légumes", 1.90, "5,5", "F025", 2.0, True),
    ("Carottes", "Fruits & légumes", 2.10, "5,5", "F003", 1.4, True),
    ("Salade", "Fruits & légumes", 1.30, "5,5", "F013", 1.5, False),
    ("Tomates", "Fruits & légumes", 4.20, "5,5", "F032", 1.5, True),
    ("Poireaux", "Fruits & légumes", 2.80, "5,5", "F003", 0.8, True),
    ("Courgettes", "Fruits & légumes", 2.90, "5,5", "F027", 0.8, True),
    ("Bananes", "Fruits & légumes", 2.40, "5,5", "G004", 1.6, True),
    ("Oranges", "Fruits & légumes", 2.70, "5,5", "G004", 1.0, True),
    ("Citrons", "Fruits & légumes", 0.60, "5,5", "G004", 0.6, False),
    ("Farine T65 1kg", "Épicerie", 2.10, "5,5", "F009", 0.8, False),
    ("Pâtes artisanales 500g", "Épicerie", 3.50, "5,5", "F017", 1.2, False),
    ("Lentilles vertes 500g", "Épicerie", 3.20, "5,5", "F019", 0.7, False),
    ("Huile de colza 1L", "Épicerie", 5.90, "5,5", "F018", 0.5, False),
    ("Miel toutes fleurs 500g", "Épicerie", 8.90, "5,5", "F008", 0.6, False),
    ("Confiture fraise 350g", "Épicerie", 4.60, "5,5", "F024", 0.7, False),
    ("Biscuits sablés 200g", "Épicerie", 3.90, "5,5", "F016", 0.9, False),
    ("Café moulu 250g", "Épicerie", 6.20, "5,5", "F020", 0.8, False),
    ("Sucre en poudre 1kg", "Épicerie", 1.60, "5,5", "G001", 0.7, False),
    ("Chocolat noir tablette", "Épicerie", 2.40, "5,5", "G001", 0.9, False),
    ("Conserve thon 160g", "Épicerie", 3.10, "5,5", "G001", 0.6, False),
    ("Sel fin 1kg", "Épicerie", 0.95, "5,5", "G001", 0.3, False),
    ("Tisane de Tronçais", "Épicerie", 5.50, "5,5", "F035", 0.3, False),
    ("Pain d'épices", "Épicerie", 5.20, "5,5", "F039", 0.3, False),
    ("Jus de pomme 1L", "Boissons", 3.40, "5,5", "F014", 1.2, False),
    ("Vin rouge Saint-Pourçain", "Boissons", 8.50, "20", "F007", 1.0, False),
    ("Bière blonde des Combrailles 33cl", "Boissons", 2.90, "20", "F010", 1.4, False),
    ("Limonade artisanale 75cl", "Boissons", 3.20, "5,5", "F021", 0.7, False),
    ("Eau minérale 1,5L", "Boissons", 0.85, "5,5", "G002", 1.6, False),
    ("Cola 1,5L", "Boissons", 2.30, "5,5", "G002", 0.9, False),
    ("Jus multifruits 1L", "Boissons", 2.95, "5,5", "F040", 0.4, False),
    ("Liquide vaisselle", "Droguerie", 2.60, "20", "G003", 0.5, False),
    ("Papier toilette x6", "Droguerie", 3.90, "20", "G003", 0.6, False),
    ("Lessive 1,5L", "Droguerie", 7.90, "20", "G003", 0.3, False),
    ("Savon artisanal", "Droguerie", 5.50, "20", "F015", 0.3, False),
    ("Piles AA x4", "Droguerie", 5.90, "20", "G003", 0.2, False),
    ("Café", "Snack-Bistrot", 1.50, "10", "F020", 4.5, False),
    ("Café crème", "Snack-Bistrot", 2.20, "10", "F022", 1.2, False),
    ("Thé ou infusion", "Snack-Bistrot", 2.00, "10", "F035", 0.5, False),
    ("Sandwich jambon beurre", "Snack-Bistrot", 4.50, "10", "F011", 1.0, False),
    ("Part de tarte", "Snack-Bistrot", 3.20, "10", "F026", 0.8, False),
    ("Verre de vin", "Snack-Bistrot", 3.00, "10", "F007", 0.8, False),
    ("Demi pression", "Snack-Bistrot", 3.50, "10", "F010", 0.7, False),
]
# product label -> hand-typed variants seen in the tills
LABEL_VARIANTS: dict[str, list[str]] = {
    "Pain complet 500g": ["PAIN COMPLET", "pain cplt", "Pain complet"],
    "Baguette tradition": ["BAGUETTE TRADI", "baguette", "Tradition"],
    "Fromage de chèvre frais": ["Chevre frais", "FROMAGE CHEVRE", "crottin chèvre"],
    "Œufs plein air x6": ["Oeufs x6", "OEUFS PLEIN AIR", "oeufs"],
    "Pommes de terre": ["PDT", "pommes de terre", "Pomme de terre"],
    "Tomme du Bourbonnais": ["Tomme", "TOMME BOURBONNAIS"],
    "Café": ["cafe", "CAFE", "Expresso"],
    "Jus de pomme 1L": ["Jus pomme", "JUS DE POMME"],
    "Bière blonde des Combrailles 33cl": ["Biere Combrailles", "BIERE BLONDE"],
    "Sandwich jambon beurre": ["Sandwich JB", "sandwich"],
}
LABEL_VARIANT_RATE = 0.18
FAMILY_FOLD = {
    "Épicerie": "EPICERIE",
    "Frais": "FRAIS",
    "Fruits & légumes": "FRUITS LEGUMES",
    "Boulangerie": "BOULANGERIE",
    "Boissons": "BOISSONS",
    "Droguerie": "DROGUERIE",
    "Snack-Bistrot": "BISTROT",
}

# tills
TICKETS_PER_DAY = 88.0
LINES_PER_TICKET_EXTRA = 2.0  # 1 + Poisson(2) lines a ticket
REFUND_TICKET_RATE = 0.006
CARD_TICKET_RATE = 0.42
N_CARDS_ISSUED = 820
TILL2_SHARE = 0.32
PAYMENTS = ["CB", "Espèces", "Chèque", "Ticket resto"]
PAYMENT_P = [0.58, 0.33, 0.04, 0.05]
PAYMENTS_TILL2 = {"CB": "CARTE", "Espèces": "ESP", "Chèque": "CHQ", "Ticket resto": "TR"}
TILL1_COLUMNS = [
    "ticket_id",
    "date_heure",
    "famille",
    "produit",
    "fournisseur_id",
    "quantite",
    "prix_unitaire_ttc",
    "montant_ttc",
    "taux_tva",
    "mode_paiement",
    "carte_fidelite_id",
]
# till 2 after its software update: other names, other order
TILL2_COLUMNS = [
    "Date/heure",
    "N° ticket",
    "Article",
    "Rayon",
    "Qté",
    "PU TTC",
    "Total TTC",
    "TVA %",
    "Code fournisseur",
    "N° carte fidélité",
    "Règlement",
]
TILL2_TO_TILL1 = dict(
    zip(
        TILL2_COLUMNS,
        [
            "date_heure",
            "ticket_id",
            "produit",
            "famille",
            "quantite",
            "prix_unitaire_ttc",
            "montant_ttc",
            "taux_tva",
            "fournisseur_id",
            "carte_fidelite_id",
            "mode_paiement",
        ],
        strict=True,
    )
)
CLOSED_DAYS = [(1, 1), (5, 1), (12, 25)]

# services register
SERVICES: dict[str, dict[str, Any]] = {
    # canonical -> variants, daily probability of at least one operation, mean operations,
    # receipt per operation (€ TTC), commission per operation (€ HT) or rate of receipt
    "colis": {
        "variants": ["colis MR", "Mondial relay", "colis", "MR", "Mondial Relay"],
        "p": 0.92,
        "mean": 4.2,
        "receipt": 0.0,
        "commission": 0.45,
    },
    "poste": {
        "variants": ["Poste", "relais poste", "La Poste", "lettres poste"],
        "p": 0.85,
        "mean": 3.1,
        "receipt": 4.8,
        "commission": 0.62,
    },
    "gaz": {
        "variants": ["Gaz", "bouteille gaz", "gaz butane"],
        "p": 0.3,
        "mean": 1.3,
        "receipt": 36.0,
        "commission": 3.1,
    },
    "presse": {
        "variants": ["Presse", "journaux", "presse"],
        "p": 0.97,
        "mean": 9.5,
        "receipt": 1.9,
        "commission": 0.27,
    },
    "pressing": {
        "variants": ["Pressing", "pressing/retouches", "Pressing cordonnerie"],
        "p": 0.22,
        "mean": 1.4,
        "receipt": 11.0,
        "commission": 2.2,
    },
    "retrait_especes": {
        "variants": ["Retrait espèces", "cash back", "retrait"],
        "p": 0.6,
        "mean": 2.0,
        "receipt": 0.0,
        "commission": 0.5,
    },
    "jeux": {
        "variants": ["FDJ", "Loto", "jeux FDJ"],
        "p": 0.9,
        "mean": 6.0,
        "receipt": 3.5,
        "commission": 0.18,
    },
}
MONTHS_FR = [
    "Janvier",
    "Février",
    "Mars",
    "Avril",
    "Mai",
    "Juin",
    "Juillet",
    "Août",
    "Septembre",
    "Octobre",
    "Novembre",
    "Décembre",
]
SHEET_NAMES = [f"{m} {YEAR}" for m in MONTHS_FR]
SHEET_NAMES[7] = "AOUT 24"
SHEET_NAMES[8] = "Sept 2024"

# customer survey
N_SURVEY = 186
VILLAGE = "Vérines"
SURVEY_TOWNS = {  # canonical -> (share, typed variants)
    "Vérines": (0.48, ["Vérines", "Verines", "VERINES", "vérines", "Vérines (bourg)"]),
    "Le Montet": (0.14, ["Le Montet", "Montet", "LE MONTET"]),
    "Tronget": (0.12, ["Tronget", "tronget", "Tronget (03)"]),
    "Deux-Chaises": (0.1, ["Deux Chaises", "Deux-Chaises", "deux-chaises"]),
    "Le Theil": (0.08, ["Le Theil", "LE THEIL"]),
    "Autre": (0.08, ["Moulins", "Clermont (résidence secondaire)", "Montluçon", "Paris"]),
}
AGE_BANDS = ["Moins de 25 ans", "25-39 ans", "40-59 ans", "60-74 ans", "75 ans et plus"]
AGE_P = [0.06, 0.19, 0.3, 0.3, 0.15]
FREQUENCIES = [
    "Tous les jours",
    "Plusieurs fois par semaine",
    "Une fois par semaine",
    "Une à trois fois par mois",
    "Plus rarement",
]
FREQ_P = [0.17, 0.36, 0.27, 0.14, 0.06]
P_MEET_YES, P_MEET_NO = 0.66, 0.22  # rest NSP
LIKERT = [
    "Pas du tout d'accord",
    "Plutôt pas d'accord",
    "Ni d'accord ni pas d'accord",
    "Plutôt d'accord",
    "Tout à fait d'accord",
]
LIKERT_P = [0.05, 0.09, 0.2, 0.38, 0.28]
NPS_P = np.array([1, 1, 1, 2, 2, 4, 6, 9, 22, 25, 27], dtype=float)
KM_BEFORE_MEAN = 9.0
KM_SAVED_SHARE = 0.62
VERBATIMS = [
    "",
    "",
    "",
    "Merci d'être là !",
    "Les prix sont un peu élevés",
    "On se retrouve au café le dimanche",
    "Plus de choix en bio SVP",
    "Horaires pratiques",
    "Je ne prends plus la voiture pour le pain",
    "Dommage que ce soit fermé le lundi",
    "Super accueil",
    "Les concerts c'est génial",
    "Il manque une boucherie",
]

# events
EVENT_TYPES = {
    "concert": ["Concert", "concert", "Concert (bistrot)"],
    "degustation": ["Dégustation", "degustation vins", "Dégustation producteurs"],
    "atelier": ["Atelier", "atelier cuisine", "Atelier couture", "Atelier enfants"],
}


# =======================================================================================
# Build
# =======================================================================================

# Product labels typed by hand, as the coordinator corrected them (same for both tills)
PRODUCT_CORRECTIONS = {
    "BAGUETTE TRADI": "Baguette tradition",
    "baguette": "Baguette tradition",
    "Tradition": "Baguette tradition",
    "PAIN COMPLET": "Pain complet 500g",
    "pain cplt": "Pain complet 500g",
    "Pain complet": "Pain complet 500g",
    "Tomme": "Tomme du Bourbonnais",
    "TOMME BOURBONNAIS": "Tomme du Bourbonnais",
    "Chevre frais": "Fromage de chèvre frais",
    "FROMAGE CHEVRE": "Fromage de chèvre frais",
    "crottin chèvre": "Fromage de chèvre frais",
    "Oeufs x6": "Œufs plein air x6",
    "OEUFS PLEIN AIR": "Œufs plein air x6",
    "oeufs": "Œufs plein air x6",
    "PDT": "Pommes de terre",
    "Jus pomme": "Jus de pomme 1L",
    "JUS DE POMME": "Jus de pomme 1L",
    "Biere Combrailles": "Bière blonde des Combrailles 33cl",
    "BIERE BLONDE": "Bière blonde des Combrailles 33cl",
    "Expresso": "Café",
    "Sandwich JB": "Sandwich jambon beurre",
    "sandwich": "Sandwich jambon beurre",
}


def build(b: SampleBuild, rng: np.random.Generator) -> list[dict[str, Any]]:
    fake = Faker(rng)
    lines = _till_lines(rng, _open_days(YEAR), TICKETS_PER_DAY)
    _write_tills(b, rng, lines)
    owner = _write_cards(b, rng, fake)
    _write_suppliers(b, rng, lines)
    _write_services(b, rng)
    _write_survey(b, rng, fake)
    _write_events(b, rng)
    _count_people(b, lines, owner)
    return [
        {
            "chemin": "donnees-brutes/caisse1_tickets_2024.csv",
            "role": "caisse",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {"produit": dict(PRODUCT_CORRECTIONS)},
            "description": "export de la caisse 1 (une ligne par article vendu ou remboursé)",
        },
        {
            "chemin": "donnees-brutes/caisse2_tickets_2024.csv",
            "role": "caisse_2",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {"Article": dict(PRODUCT_CORRECTIONS)},
            "description": "export de la caisse 2 après sa mise à jour (autres noms et ordre "
            "des colonnes)",
        },
        {
            "chemin": "donnees-brutes/cartes_fidelite.csv",
            "role": "cartes_fidelite",
            "description": "fichier des titulaires de carte de fidélité (export du logiciel de "
            "caisse)",
            "donnees_personnelles": True,
            "personnes": {
                "nom": "nom",
                "prenom": "prenom",
                "date_naissance": "date_naissance",
                "email": "email",
                "telephone": "telephone",
                "adresse": "adresse",
                "une_ligne_par_personne": True,
            },
        },
        {
            "chemin": "donnees-brutes/registre_services.xlsx",
            "role": "services",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "Service": {
                    "MR": "colis",
                    "Mondial Relay": "colis",
                    "Mondial relay": "colis",
                    "colis MR": "colis",
                    "Gaz": "gaz",
                    "bouteille gaz": "gaz",
                    "gaz butane": "gaz",
                    "FDJ": "jeux",
                    "Loto": "jeux",
                    "jeux FDJ": "jeux",
                    "La Poste": "poste",
                    "Poste": "poste",
                    "lettres poste": "poste",
                    "relais poste": "poste",
                    "presse": "presse",
                    "Presse": "presse",
                    "journaux": "presse",
                    "Pressing": "pressing",
                    "Pressing cordonnerie": "pressing",
                    "pressing/retouches": "pressing",
                    "Retrait espèces": "retrait_especes",
                    "cash back": "retrait_especes",
                    "retrait": "retrait_especes",
                }
            },
            "description": "registre des services de proximité, un onglet par mois",
        },
        {
            "chemin": "donnees-brutes/fournisseurs.csv",
            "role": "fournisseurs",
            "description": "producteurs et grossistes, distance à la boutique, achats de l'année",
        },
        {
            "chemin": "donnees-brutes/enquete_clients_2024.xlsx",
            "role": "enquete",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "Vous / Commune de résidence": {
                    "Vérines": "Vérines",
                    "Verines": "Vérines",
                    "VERINES": "Vérines",
                    "vérines": "Vérines",
                    "Vérines (bourg)": "Vérines",
                    "Montet": "Le Montet",
                    "Tronget (03)": "Tronget",
                    "Deux Chaises": "Deux-Chaises",
                    "Moulins": "Autre",
                    "Clermont (résidence secondaire)": "Autre",
                    "Montluçon": "Autre",
                    "Paris": "Autre",
                }
            },
            "description": "questionnaire clients papier ressaisi (fréquentation, lien social, "
            "kilomètres, recommandation)",
        },
        {
            "chemin": "donnees-brutes/animations.csv",
            "role": "animations",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "type": {
                    "Concert (bistrot)": "concert",
                    "Dégustation": "degustation",
                    "degustation vins": "degustation",
                    "Dégustation producteurs": "degustation",
                    "Atelier": "atelier",
                    "atelier cuisine": "atelier",
                    "Atelier couture": "atelier",
                    "Atelier enfants": "atelier",
                }
            },
            "description": "concerts, dégustations et ateliers, participants estimés",
        },
    ]


def _count_people(b: SampleBuild, lines, owner: list[int]) -> None:
    """The true number of distinct people per table: card holders, wherever their card is."""
    holders = set(owner)
    b.count_people(
        "cartes_fidelite",
        owner,
        register=holders,
        identified_by="nom, prénom, date de naissance, e-mail, téléphone ; une carte par ligne "
        "(une personne qui a perdu sa carte a deux lignes)",
        lignes=len(owner),
    )
    for till, role in ((1, "caisse"), (2, "caisse_2")):
        cards = lines.loc[(lines["till"] == till) & (lines["card"] > 0), "card"].unique()
        b.count_people(
            role,
            (owner[int(c) - 1] for c in cards),
            register=holders,
            identified_by="numéro de carte de fidélité des tickets passés avec une carte",
            cartes_distinctes=len(cards),
        )
    b.count_people(
        "enquete",
        range(N_SURVEY),
        identified_by="aucun identifiant : questionnaire anonyme, une ligne par répondant, "
        "sans lien possible avec les titulaires de carte",
    )


# =======================================================================================
# Tills (vectorised: also used by write_large)
# =======================================================================================
def _open_days(year: int, n_days: int | None = None) -> np.ndarray:
    """Opening days (closed Mondays, three public holidays, one week in August)."""
    import pandas as pd

    start = pd.Timestamp(year, 1, 1)
    days = (
        pd.date_range(start, periods=n_days, freq="D")
        if n_days
        else pd.date_range(start, pd.Timestamp(year, 12, 31), freq="D")
    )
    keep = days.day_of_week != 0
    for month, day in CLOSED_DAYS:
        keep &= ~((days.month == month) & (days.day == day))
    keep &= ~((days.month == 8) & (days.day >= 19) & (days.day <= 25))
    return days[keep].values.astype("datetime64[D]")


def _till_lines(rng: np.random.Generator, days: np.ndarray, per_day: float):
    """One row per ticket line, numbers only (cents, milli-units), sorted by time."""
    import pandas as pd

    products = PRODUCTS
    weekday = pd.DatetimeIndex(days).day_of_week.to_numpy()  # 1 = Tuesday … 6 = Sunday
    month = pd.DatetimeIndex(days).month.to_numpy()
    factor = np.select([weekday == 5, weekday == 6], [1.3, 0.85], 0.95)
    factor = factor * np.where((month >= 7) & (month <= 8), 1.15, 1.0)
    n_tickets_day = rng.poisson(per_day * factor)
    n_tickets = int(n_tickets_day.sum())
    t_day = np.repeat(np.arange(len(days)), n_tickets_day)
    # minute of the day: 7:30–12:30 then 15:30–19:00; Sunday mornings only
    afternoon = (rng.random(n_tickets) < 0.38) & (weekday[t_day] != 6)
    minute = np.where(
        afternoon,
        15 * 60 + 30 + rng.integers(0, 210, n_tickets),
        7 * 60 + 30 + rng.integers(0, 300, n_tickets),
    )
    order = np.lexsort((minute, t_day))
    t_day, minute = t_day[order], minute[order]
    till = np.where(rng.random(n_tickets) < TILL2_SHARE, 2, 1)
    refund = rng.random(n_tickets) < REFUND_TICKET_RATE
    n_lines = np.where(refund, 1, 1 + rng.poisson(LINES_PER_TICKET_EXTRA, n_tickets))
    payment = rng.choice(len(PAYMENTS), size=n_tickets, p=PAYMENT_P)
    payment = np.where(refund & (payment > 1), 1, payment)  # refunds in cash or card
    card_weights = rng.gamma(0.7, 1.0, N_CARDS_ISSUED)
    has_card = rng.random(n_tickets) < CARD_TICKET_RATE
    card = np.where(
        has_card,
        1 + rng.choice(N_CARDS_ISSUED, size=n_tickets, p=card_weights / card_weights.sum()),
        0,
    )
    # ticket numbers, per till, in time order
    ticket_no = np.zeros(n_tickets, dtype=np.int64)
    for t in (1, 2):
        mask = till == t
        ticket_no[mask] = (104_211 if t == 1 else 1) + np.arange(int(mask.sum()))

    n_total = int(n_lines.sum())
    ticket = np.repeat(np.arange(n_tickets), n_lines)
    weights = np.array([p[5] for p in products])
    prod = rng.choice(len(products), size=n_total, p=weights / weights.sum())
    by_weight = np.array([p[6] for p in products])[prod]
    price_cents = np.round(np.array([p[2] for p in products]) * 100).astype(np.int64)[prod]
    # quantities in thousandths: weighed items 0.2–2.5 kg, others 1 (sometimes 2 or 3)
    grams = (rng.integers(200, 2500, n_total) // 5) * 5
    units = 1 + (rng.random(n_total) < 0.14) + (rng.random(n_total) < 0.04)
    qty_milli = np.where(by_weight, grams, units * 1000).astype(np.int64)
    sign = np.where(refund[ticket], -1, 1)
    qty_milli = qty_milli * sign
    amount = np.round(qty_milli * price_cents / 1000).astype(np.int64)
    amount = np.where(amount == 0, sign, amount)
    variant = np.full(n_total, -1)
    has_variants = np.array([p[0] in LABEL_VARIANTS for p in products])[prod]
    draw = rng.random(n_total) < LABEL_VARIANT_RATE
    pick = rng.integers(0, 3, n_total)
    n_var = np.array([len(LABEL_VARIANTS.get(p[0], [])) or 1 for p in products])[prod]
    variant = np.where(has_variants & draw, pick % n_var, variant)
    frame = pd.DataFrame(
        {
            "ticket": ticket,
            "till": till[ticket],
            "ticket_no": ticket_no[ticket],
            "day": days[t_day][ticket],
            "minute": minute[ticket],
            "product": prod,
            "variant": variant,
            "qty_milli": qty_milli,
            "price_cents": price_cents,
            "amount_cents": amount,
            "payment": payment[ticket],
            "card": card[ticket],
            "refund": refund[ticket],
        }
    )
    return frame


def _cents_text(cents) -> Any:
    """Integer cents → ``"3,20"`` / ``"-12,05"`` (vectorised)."""
    import pandas as pd

    cents = pd.Series(np.asarray(cents, dtype=np.int64))
    sign = np.where(cents < 0, "-", "")
    a = cents.abs()
    return sign + (a // 100).astype(str) + "," + (a % 100).astype(str).str.zfill(2)


def _qty_text(qty_milli) -> Any:
    """Thousandths → ``"1"`` for whole units, ``"0,850"`` for weighed items (vectorised)."""
    import pandas as pd

    q = pd.Series(np.asarray(qty_milli, dtype=np.int64))
    sign = np.where(q < 0, "-", "")
    a = q.abs()
    whole = (a % 1000) == 0
    text = (
        (a // 1000)
        .astype(str)
        .where(whole, (a // 1000).astype(str) + "," + (a % 1000).astype(str).str.zfill(3))
    )
    return sign + text


_HHMM = np.array([f"{m // 60:02d}:{m % 60:02d}" for m in range(24 * 60)], dtype=object)


def _till_text(lines, till: int):
    """The export of one till as a frame of text, in that till's own format."""
    import pandas as pd

    labels = np.array([p[0] for p in PRODUCTS], dtype=object)
    label = labels[lines["product"].to_numpy()]
    var = lines["variant"].to_numpy()
    for i, p in enumerate(PRODUCTS):
        if p[0] in LABEL_VARIANTS:
            vs = LABEL_VARIANTS[p[0]]
            for k, v in enumerate(vs):
                label[(lines["product"].to_numpy() == i) & (var == k)] = v
    family = np.array([p[1] for p in PRODUCTS], dtype=object)[lines["product"].to_numpy()]
    vat = np.array([p[3] for p in PRODUCTS], dtype=object)[lines["product"].to_numpy()]
    supplier = np.array([p[4] for p in PRODUCTS], dtype=object)[lines["product"].to_numpy()]
    # "05/03/2024 09:14", built from the few distinct days and a table of the minutes
    uniq, inverse = np.unique(lines["day"].to_numpy(), return_inverse=True)
    day_text = pd.DatetimeIndex(uniq).strftime("%d/%m/%Y").to_numpy(dtype=object)[inverse]
    stamp = day_text + " " + _HHMM[lines["minute"].to_numpy()]
    card = lines["card"].reset_index(drop=True)
    payment = np.array(PAYMENTS, dtype=object)[lines["payment"].to_numpy()]
    if till == 1:
        out = pd.DataFrame(
            {
                "ticket_id": lines["ticket_no"].astype(str).to_numpy(),
                "date_heure": stamp,
                "famille": family,
                "produit": label,
                "fournisseur_id": supplier,
                "quantite": _qty_text(lines["qty_milli"]).to_numpy(),
                "prix_unitaire_ttc": _cents_text(lines["price_cents"]).to_numpy(),
                "montant_ttc": _cents_text(lines["amount_cents"]).to_numpy(),
                "taux_tva": vat,
                "mode_paiement": payment,
                "carte_fidelite_id": ("FID-" + card.astype(str).str.zfill(5))
                .where(card > 0, "")
                .to_numpy(),
            }
        )
        return out[TILL1_COLUMNS]
    out = pd.DataFrame(
        {
            "Date/heure": stamp,
            "N° ticket": ("C2-" + lines["ticket_no"].astype(str).str.zfill(6)).to_numpy(),
            "Article": label,
            "Rayon": pd.Series(family).map(FAMILY_FOLD).to_numpy(),
            "Qté": _qty_text(lines["qty_milli"]).to_numpy(),
            "PU TTC": _cents_text(lines["price_cents"]).to_numpy(),
            "Total TTC": _cents_text(lines["amount_cents"]).to_numpy(),
            "TVA %": vat,
            "Code fournisseur": supplier,
            "N° carte fidélité": card.astype(str).where(card > 0, "").to_numpy(),
            "Règlement": pd.Series(payment).map(PAYMENTS_TILL2).to_numpy(),
        }
    )
    return out[TILL2_COLUMNS]


def _write_till_csv(frame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")


def _write_tills(b: SampleBuild, rng: np.random.Generator, lines) -> None:
    files = {1: "caisse1_tickets_2024.csv", 2: "caisse2_tickets_2024.csv"}
    for till, name in files.items():
        part = lines[lines["till"] == till].reset_index(drop=True)
        _write_till_csv(_till_text(part, till), b.raw(name))
        refund_rows = (np.flatnonzero(part["refund"].to_numpy()) + 2).tolist()
        variant_rows = (np.flatnonzero(part["variant"].to_numpy() >= 0) + 2).tolist()
        b.mess(name, "encodage", "cp1252, séparateur point-virgule, décimales à virgule")
        b.mess(name, "lignes", len(part))
        b.mess(name, "lignes_remboursement_negatives", refund_rows)
        b.mess(name, "lignes_libelle_saisi_a_la_main", variant_rows[:400])
        b.mess(name, "nb_lignes_libelle_saisi_a_la_main", len(variant_rows))
    b.mess(files[2], "colonnes_renommees_vers_caisse1", TILL2_TO_TILL1)
    b.mess(files[2], "ordre_colonnes", TILL2_COLUMNS)
    b.mess(files[1], "ordre_colonnes", TILL1_COLUMNS)
    b.mess(files[2], "modes_paiement_codes", PAYMENTS_TILL2)
    b.mess(
        files[2], "carte_fidelite_sans_prefixe", "« 123 » en caisse 2 = « FID-00123 » en caisse 1"
    )
    b.mess(files[2], "rayon_en_majuscules_sans_accents", FAMILY_FOLD)
    used = {}
    for i, p in enumerate(PRODUCTS):
        if p[0] in LABEL_VARIANTS:
            ks = sorted(
                set(
                    lines.loc[(lines["product"] == i) & (lines["variant"] >= 0), "variant"].tolist()
                )
            )
            used[p[0]] = [LABEL_VARIANTS[p[0]][k] for k in ks]
    b.mess("caisse", "variantes_libelles", used)

    # ---- planted truth ----
    distance = {s[0]: s[4] for s in SUPPLIERS}
    supplier = np.array([p[4] for p in PRODUCTS], dtype=object)[lines["product"].to_numpy()]
    local = np.array([distance[s] <= LOCAL_KM for s in supplier])
    amount = lines["amount_cents"].to_numpy() / 100
    net = float(amount.sum())
    b.plant("caisse_lignes", len(lines))
    b.plant("caisse_tickets", int(lines["ticket"].nunique()))
    b.plant("ca_ttc_net", net)
    b.plant(
        "part_ventes_locales",
        {
            "definition": f"montant TTC net (remboursements déduits) des articles dont le "
            f"fournisseur est à {LOCAL_KM:.0f} km ou moins (fournisseurs.csv), sur le montant "
            "TTC net total des deux caisses",
            "rayon_km": LOCAL_KM,
            "cible_affichee": LOCAL_SHARE_DISPLAYED,
            "observe": float(amount[local].sum() / net),
        },
    )
    refunds = amount[lines["refund"].to_numpy()]
    b.plant("remboursements", {"lignes": len(refunds), "total_ttc": float(refunds.sum())})
    cards = lines.loc[lines["card"] > 0, "card"]
    b.plant("cartes_fidelite_distinctes", int(cards.nunique()))
    b.plant("cartes_fidelite_emises", N_CARDS_ISSUED)
    b.plant("part_tickets_avec_carte", float((lines.groupby("ticket")["card"].first() > 0).mean()))
    days = lines.groupby("day")["ticket"].nunique()
    b.plant("tickets_par_jour_ouvre", float(days.mean()))
    b.plant("jours_ouverts", int(len(days)))
    b.plant("panier_moyen_ttc", float(net / lines["ticket"].nunique()))


def write_large(dest: Path, rows: int = 1_000_000) -> Path:
    """Write a till export of ``rows`` lines for the benchmarks (not committed).

    Same format as ``caisse1_tickets_2024.csv`` (``;``, cp1252, comma decimals, refunds as
    negative lines), the same shop over consecutive years from 2013 until ``rows`` lines.
    Deterministic and vectorised (a million lines in a few seconds).

    Parameters
    ----------
    dest
        A folder (the file is ``caisse_tickets_grand.csv`` inside) or a ``.csv`` path.
    rows
        Number of ticket lines to write (at least 1).

    Returns
    -------
    Path
        The file written.
    """
    if not isinstance(rows, (int, np.integer)) or isinstance(rows, bool):
        raise TypeError(f"« rows » doit être un nombre entier, pas {type(rows).__name__}.")
    if rows < 1:
        raise ValueError(f"« rows » doit être au moins 1 (reçu : {rows}).")
    dest = Path(dest)
    path = dest if dest.suffix.lower() == ".csv" else dest / "caisse_tickets_grand.csv"
    rng = np.random.default_rng([SEED, 1_000_000])
    per_open_day = TICKETS_PER_DAY * (1 + LINES_PER_TICKET_EXTRA)
    n_days = max(7, int(np.ceil(rows / per_open_day * 366 / 300 * 1.15)) + 7)
    lines = _till_lines(rng, _open_days(2013, n_days), TICKETS_PER_DAY)
    while len(lines) < rows:  # very unlikely: draw more days
        n_days *= 2
        lines = _till_lines(rng, _open_days(2013, n_days), TICKETS_PER_DAY)
    lines = lines.iloc[:rows].copy()
    # one till over the years: a single ticket counter
    lines["ticket_no"] = 104_211 + lines["ticket"].to_numpy()
    _write_till_csv(_till_text(lines, 1), path)
    return path


# =======================================================================================
# Loyalty-card holders
# =======================================================================================
CARD_TOWNS = [
    ("03240", "Vérines"),
    ("03240", "Le Montet"),
    ("03240", "Tronget"),
    ("03240", "Deux-Chaises"),
    ("03240", "Le Theil"),
    ("03500", "Saint-Pourçain-sur-Sioule"),
]
CARD_TOWN_P = [0.55, 0.13, 0.11, 0.09, 0.07, 0.05]
REPLACED_CARDS = 14


def _write_cards(b: SampleBuild, rng: np.random.Generator, fake: Faker) -> list[int]:
    """Card holders; a few lost their card and got a new one (same person, two rows).

    Returns the person holding each card, card ``FID-00001`` first.
    """
    n_people = N_CARDS_ISSUED - REPLACED_CARDS
    people = []
    for _ in range(n_people):
        p = fake.person(towns=CARD_TOWNS, min_age=18, max_age=92, year=YEAR, sex_ratio_f=0.56)
        p.postcode, p.town = CARD_TOWNS[int(rng.choice(len(CARD_TOWNS), p=CARD_TOWN_P))]
        people.append(p)
    owner = list(range(n_people))
    replaced = sorted(int(k) for k in rng.choice(n_people, size=REPLACED_CARDS, replace=False))
    owner += replaced
    # card numbers in order of creation: the replacement cards come last
    created = sorted(
        dt.date(2022, 3, 1) + dt.timedelta(days=int(rng.integers(0, 900))) for _ in range(n_people)
    )
    created += [
        dt.date(2024, 1, 8) + dt.timedelta(days=int(rng.integers(0, 300))) for _ in replaced
    ]
    rows, second_rows, no_birth, no_email = [], [], [], []
    for card, (pid, day) in enumerate(zip(owner, created, strict=True), start=1):
        p = people[pid]
        line = card + 1
        second = card > n_people
        first, last, email, phone = p.first_name, p.last_name, p.email, p.phone
        if second:
            first, last = fake.name_variant(first), fake.name_variant(last)
            email = fake.email_typo(email) if rng.random() < 0.5 else email
            phone = fake.phone_variant(phone)
            second_rows.append(line)
        birth = date_text(p.birth_date, "dmy")
        if rng.random() < 0.12:
            birth = ""
            no_birth.append(line)
        if rng.random() < 0.2:
            email = ""
            no_email.append(line)
        status = "remplacée" if (not second and pid in replaced) else "active"
        rows.append(
            [
                f"FID-{card:05d}",
                date_text(day, "dmy"),
                "Mme" if p.sex == "F" else "M.",
                last.upper(),
                first,
                birth,
                email,
                phone,
                p.street,
                p.postcode,
                p.town,
                status,
                "O" if rng.random() < 0.35 else "N",
            ]
        )
    write_csv(
        rows,
        [
            "numero_carte",
            "date_creation",
            "civilite",
            "nom",
            "prenom",
            "date_naissance",
            "email",
            "telephone",
            "adresse",
            "code_postal",
            "commune",
            "statut",
            "optin_sms",
        ],
        b.raw("cartes_fidelite.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant("titulaires_cartes_distincts", n_people)
    b.plant(
        "part_titulaires_habitant_le_village", float(np.mean([p.town == VILLAGE for p in people]))
    )
    b.plant(
        "part_titulaires_75_ans_et_plus",
        float(np.mean([(dt.date(YEAR, 6, 30) - p.birth_date).days >= 75 * 365.25 for p in people])),
    )
    f = "cartes_fidelite.csv"
    b.mess(f, "lignes_nouvelle_carte_meme_personne", second_rows)
    b.mess(f, "cartes_remplacees", [f"FID-{k + 1:05d}" for k in replaced])
    b.mess(f, "lignes_sans_date_naissance", no_birth)
    b.mess(f, "lignes_sans_email", no_email)
    return owner


# =======================================================================================
# Suppliers
# =======================================================================================
def _write_suppliers(b: SampleBuild, rng: np.random.Generator, lines) -> None:
    # purchases: sales through the till at a margin, plus B2B baskets for some producers
    supplier_of = np.array([p[4] for p in PRODUCTS], dtype=object)[lines["product"].to_numpy()]
    import pandas as pd

    sales = pd.Series(lines["amount_cents"].to_numpy() / 100).groupby(supplier_of).sum()
    rows, distance_text, bio_variants, date_styles, inactive = [], [], [], {}, []
    purchases_local, active_local = 0.0, 0
    for k, (sid, name, town, cp, km, cat, bio) in enumerate(SUPPLIERS):
        line = k + 2
        vat = 1.055
        purchase = float(sales.get(sid, 0.0)) / vat * rng.uniform(0.66, 0.74)
        if sid.startswith("F") and sid not in sales.index:
            # producers of the baskets and canteen orders only; a few no longer active
            purchase = 0.0 if rng.random() < 0.4 else float(rng.uniform(300, 4000))
        purchase = round(purchase, 2)
        if purchase == 0.0:
            inactive.append(line)
        if km <= LOCAL_KM and sid.startswith("F"):
            purchases_local += purchase
            active_local += purchase > 0
        style = int(rng.integers(0, 3))
        km_text = [
            fr_number(km, 1).replace(",0", ""),
            fr_number(km, 1),
            f"{fr_number(km, 1).replace(',0', '')} km",
        ][style]
        if style:
            distance_text.append(line)
        bio_text = bio
        if bio == "O" and rng.random() < 0.3:
            bio_text = "oui"
            bio_variants.append(line)
        first = dt.date(2021, 9, 1) + dt.timedelta(days=int(rng.integers(0, 900)))
        dstyle = ["dmy", "dmy", "iso", "serial"][int(rng.integers(0, 4))]
        date_styles.setdefault(dstyle, []).append(line)
        rows.append(
            [
                sid,
                name,
                town,
                cp,
                km_text,
                cat,
                bio_text,
                date_text(first, dstyle),
                fr_number(purchase, 2),
            ]
        )
    header = [
        "fournisseur_id",
        "raison_sociale",
        "commune",
        "code_postal",
        "distance_km",
        "categorie",
        "bio",
        "date_premiere_commande",
        "achats_ht_annee",
    ]
    write_csv(rows, header, b.raw("fournisseurs.csv"), sep=";", encoding="cp1252")
    b.plant("fournisseurs", len(SUPPLIERS))
    b.plant("producteurs_locaux_actifs", active_local)
    b.plant("achats_ht_producteurs_locaux", purchases_local)
    b.mess("fournisseurs.csv", "lignes_distance_avec_decimale_ou_km", distance_text)
    b.mess("fournisseurs.csv", "lignes_bio_oui_au_lieu_de_O", bio_variants)
    b.mess("fournisseurs.csv", "lignes_date_par_format", date_styles)
    b.mess("fournisseurs.csv", "lignes_sans_achat_cette_annee", inactive)
    b.mess("fournisseurs.csv", "milliers_espace_insecable", "achats_ht_annee « 1 234,50 »")


# =======================================================================================
# Services register (Excel, one tab a month)
# =======================================================================================
def _write_services(b: SampleBuild, rng: np.random.Generator) -> None:
    from openpyxl.styles import Alignment, Font

    from ._base import fixed_workbook, save_workbook

    days = _open_days(YEAR).astype(object)
    wb = fixed_workbook()
    wb.remove(wb.active)
    per_month: dict[str, dict[str, int]] = {}
    total_rows, text_dates, text_amounts, variants_used = {}, {}, {}, {}
    names = list(SERVICES)
    for m in range(1, 13):
        sheet = SHEET_NAMES[m - 1]
        ws = wb.create_sheet(sheet)
        ws.merge_cells("A1:F1")
        ws.merge_cells("A2:F2")
        ws.merge_cells("A3:F3")
        ws["A1"] = "L'ESCALE DE VÉRINES — REGISTRE DES SERVICES"
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws["A2"] = f"Mois : {MONTHS_FR[m - 1].lower()} {YEAR}"
        ws["A3"] = "À remplir chaque soir à la fermeture (une ligne par service)"
        ws.append(
            ["Date", "Service", "Nb opérations", "Recette TTC", "Commission HT", "Observations"]
        )
        for c in ws[4]:
            c.font = Font(bold=True)
        counts = {s: 0 for s in names}
        week = {"ops": 0, "rec": 0.0, "com": 0.0}
        month_tot = {"ops": 0, "rec": 0.0, "com": 0.0}
        month_days = [d for d in days if d.month == m]
        for i, day in enumerate(month_days):
            for s in names:
                spec = SERVICES[s]
                if rng.random() >= spec["p"]:
                    continue
                n = 1 + int(rng.poisson(max(spec["mean"] - 1, 0.1)))
                label = spec["variants"][int(rng.integers(0, len(spec["variants"])))]
                variants_used.setdefault(s, set()).add(label)
                receipt = round(n * spec["receipt"] * float(rng.uniform(0.8, 1.2)), 2)
                commission = round(n * spec["commission"], 2)
                row = ws.max_row + 1
                date_cell: Any = dt.datetime(day.year, day.month, day.day)
                if m in (3, 10) and rng.random() < 0.12:
                    date_cell = date_text(day, "dmy")
                    text_dates.setdefault(sheet, []).append(row)
                receipt_cell: Any = receipt
                if m == 6 and receipt > 0 and rng.random() < 0.1:
                    receipt_cell = fr_number(receipt, 2)
                    text_amounts.setdefault(sheet, []).append(row)
                note = ""
                if s == "colis" and n >= 8:
                    note = "beaucoup de retours"
                ws.append([date_cell, label, n, receipt_cell, commission, note])
                ws.cell(row=row, column=1).number_format = "DD/MM/YYYY"
                counts[s] += n
                for tot in (week, month_tot):
                    tot["ops"] += n
                    tot["rec"] += receipt
                    tot["com"] += commission
            last_of_week = day.weekday() == 6 or i == len(month_days) - 1
            if last_of_week:
                ws.append(
                    [
                        f"Total semaine {day.isocalendar()[1]}",
                        None,
                        week["ops"],
                        round(week["rec"], 2),
                        round(week["com"], 2),
                        None,
                    ]
                )
                total_rows.setdefault(sheet, []).append(ws.max_row)
                for c in ws[ws.max_row]:
                    c.font = Font(bold=True)
                week = {"ops": 0, "rec": 0.0, "com": 0.0}
        ws.append(
            [
                "TOTAL MOIS",
                None,
                month_tot["ops"],
                round(month_tot["rec"], 2),
                round(month_tot["com"], 2),
                None,
            ]
        )
        total_rows[sheet].append(ws.max_row)
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 22
        per_month[f"{YEAR}-{m:02d}"] = counts
    save_workbook(wb, b.raw("registre_services.xlsx"))
    b.plant("operations_services_par_mois", per_month)
    b.plant(
        "operations_services_total_par_mois", {k: sum(v.values()) for k, v in per_month.items()}
    )
    b.plant(
        "operations_services_par_service", {s: sum(v[s] for v in per_month.values()) for s in names}
    )
    b.plant("services_categories", {s: SERVICES[s]["variants"] for s in names})
    f = "registre_services.xlsx"
    b.mess(f, "onglets", SHEET_NAMES)
    b.mess(f, "titre_fusionne_lignes", [1, 2, 3])
    b.mess(f, "ligne_en_tete", 4)
    b.mess(f, "lignes_total_dans_les_donnees", total_rows)
    b.mess(f, "lignes_date_en_texte", text_dates)
    b.mess(f, "lignes_recette_en_texte", text_amounts)
    b.mess(f, "variantes_service", {s: sorted(v) for s, v in sorted(variants_used.items())})


# =======================================================================================
# Customer survey (paper, typed into Excel)
# =======================================================================================
def _write_survey(b: SampleBuild, rng: np.random.Generator, fake: Faker) -> None:
    from openpyxl.styles import Alignment, Font

    from ._base import fixed_workbook, save_workbook

    wb = fixed_workbook()
    ws = wb.active
    ws.title = "Saisie"
    groups = [
        ("Questionnaire", 1, 2),
        ("Vous", 3, 5),
        ("Vos courses", 6, 7),
        ("L'Escale et vous", 8, 11),
    ]
    for label, c0, c1 in groups:
        ws.cell(row=1, column=c0, value=label).font = Font(bold=True)
        ws.cell(row=1, column=c0).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=c0, end_row=1, end_column=c1)
    header = [
        "N° questionnaire",
        "Date de saisie",
        "Commune de résidence",
        "Âge",
        "Fréquence de visite",
        "Km pour vos courses AVANT l'ouverture (aller-retour)",
        "Km pour vos courses MAINTENANT (aller-retour)",
        "Je rencontre d'autres habitants à l'Escale",
        "L'Escale a changé ma vie au village",
        "Recommanderiez-vous l'Escale ? (0 à 10)",
        "Remarques",
    ]
    for j, h in enumerate(header, start=1):
        ws.cell(row=2, column=j, value=h).font = Font(bold=True)

    towns = list(SURVEY_TOWNS)
    town_p = np.array([SURVEY_TOWNS[t][0] for t in towns])
    clean_rows = []
    km_forms: dict[str, dict[str, list[int]]] = {
        col: {"avec_km": [], "decimale": [], "NSP": [], "vide": []}
        for col in ("avant", "maintenant")
    }
    likert_numbers, meet_forms, blanks = [], {}, {"rencontre": [], "vie_village": [], "nps": []}
    date_forms: dict[str, list[int]] = {}
    for i in range(N_SURVEY):
        row = i + 3
        town = towns[int(rng.choice(len(towns), p=town_p / town_p.sum()))]
        town_text = SURVEY_TOWNS[town][1][int(rng.integers(0, len(SURVEY_TOWNS[town][1])))]
        age = AGE_BANDS[int(rng.choice(5, p=AGE_P))]
        freq = FREQUENCIES[int(rng.choice(5, p=FREQ_P))]
        before = float(np.round(rng.gamma(3.0, KM_BEFORE_MEAN / 3.0) * 2) / 2)
        before = max(before, 1.0)
        now = float(np.round(before * (1 - KM_SAVED_SHARE) * rng.uniform(0.4, 1.4) * 2) / 2)
        if town == VILLAGE:
            now = 0.0 if rng.random() < 0.7 else now
        before_text, before_clean = _km_text(rng, before, row, km_forms["avant"])
        now_text, now_clean = _km_text(rng, now, row, km_forms["maintenant"])
        u = rng.random()
        meet = "Oui" if u < P_MEET_YES else ("Non" if u < P_MEET_YES + P_MEET_NO else "NSP")
        meet_text = meet
        if rng.random() < 0.04:
            meet_text, meet = "", None
            blanks["rencontre"].append(row)
        elif rng.random() < 0.15:
            meet_text = (
                {"Oui": "oui", "Non": "non", "NSP": "nsp"}[meet]
                if rng.random() < 0.5
                else {"Oui": "OUI", "Non": "NON", "NSP": "ne sait pas"}[meet]
            )
            meet_forms.setdefault(meet_text, []).append(row)
        lk = int(rng.choice(5, p=LIKERT_P)) + 1
        lk_cell: Any = LIKERT[lk - 1]
        lk_clean: int | None = lk
        if rng.random() < 0.05:
            lk_cell, lk_clean = None, None
            blanks["vie_village"].append(row)
        elif rng.random() < 0.35:
            lk_cell = lk
            likert_numbers.append(row)
        nps = int(rng.choice(11, p=NPS_P / NPS_P.sum()))
        nps_cell: Any = nps
        nps_clean: int | None = nps
        if rng.random() < 0.06:
            nps_cell, nps_clean = None, None
            blanks["nps"].append(row)
        day = dt.date(YEAR, 10, 7) + dt.timedelta(days=int(rng.integers(0, 30)))
        style = ["datetime", "datetime", "dmy", "serial"][int(rng.integers(0, 4))]
        date_cell: Any = {
            "datetime": dt.datetime(day.year, day.month, day.day),
            "dmy": date_text(day, "dmy"),
            "serial": excel_serial(day),
        }[style]
        date_forms.setdefault(style, []).append(row)
        verb = VERBATIMS[int(rng.integers(0, len(VERBATIMS)))]
        values = [
            f"Q{i + 1:03d}",
            date_cell,
            town_text,
            age,
            freq,
            before_text,
            now_text,
            meet_text,
            lk_cell,
            nps_cell,
            verb or None,
        ]
        for j, v in enumerate(values, start=1):
            ws.cell(row=row, column=j, value=v)
        if style == "datetime":
            ws.cell(row=row, column=2).number_format = "DD/MM/YYYY"
        clean_rows.append(
            {
                "town": town,
                "before": before_clean,
                "now": now_clean,
                "meet": meet,
                "likert": lk_clean,
                "nps": nps_clean,
            }
        )
    save_workbook(wb, b.raw("enquete_clients_2024.xlsx"))

    meet = [r["meet"] for r in clean_rows]
    answered = [m for m in meet if m in ("Oui", "Non")]
    lik = np.array([r["likert"] for r in clean_rows if r["likert"] is not None], dtype=float)
    nps = np.array([r["nps"] for r in clean_rows if r["nps"] is not None], dtype=float)
    pairs = np.array(
        [
            (r["before"], r["now"])
            for r in clean_rows
            if r["before"] is not None and r["now"] is not None
        ],
        dtype=float,
    )
    b.plant("enquete_repondants", N_SURVEY)
    b.plant(
        "enquete_rencontre_habitants",
        {
            "probabilites_plantees": {
                "Oui": P_MEET_YES,
                "Non": P_MEET_NO,
                "NSP": round(1 - P_MEET_YES - P_MEET_NO, 6),
            },
            "oui": answered.count("Oui"),
            "non": answered.count("Non"),
            "nsp": meet.count("NSP"),
            "vides": meet.count(None),
            "part_oui_sur_oui_non": answered.count("Oui") / len(answered),
            "part_oui_sur_repondants": answered.count("Oui") / N_SURVEY,
        },
    )
    b.plant(
        "enquete_vie_village",
        {
            "n": len(lik),
            "moyenne_1_5": float(lik.mean()),
            "part_d_accord_4_5": float(np.mean(lik >= 4)),
        },
    )
    promoters, detractors = float(np.mean(nps >= 9)), float(np.mean(nps <= 6))
    b.plant(
        "enquete_nps",
        {
            "n": len(nps),
            "promoteurs": promoters,
            "detracteurs": detractors,
            "nps": 100 * (promoters - detractors),
        },
    )
    b.plant(
        "enquete_km_evites",
        {
            "definition": "moyenne de (km avant − km maintenant) sur les répondants ayant donné "
            "les deux distances en nombre",
            "n": len(pairs),
            "km_avant_moyen": float(pairs[:, 0].mean()),
            "km_maintenant_moyen": float(pairs[:, 1].mean()),
            "km_evites_moyen": float((pairs[:, 0] - pairs[:, 1]).mean()),
        },
    )
    b.plant(
        "enquete_part_habitants_village", float(np.mean([r["town"] == VILLAGE for r in clean_rows]))
    )
    f = "enquete_clients_2024.xlsx"
    b.mess(f, "en_tete_sur_deux_lignes", "ligne 1 : groupes fusionnés ; ligne 2 : questions")
    b.mess(f, "lignes_km_par_forme", km_forms)
    b.mess(f, "lignes_likert_en_chiffres", likert_numbers)
    b.mess(f, "lignes_rencontre_autre_graphie", meet_forms)
    b.mess(f, "lignes_vides_par_question", blanks)
    b.mess(f, "lignes_date_par_format", date_forms)
    b.mess(f, "variantes_commune", {t: SURVEY_TOWNS[t][1] for t in towns})


def _km_text(
    rng: np.random.Generator, km: float, row: int, forms: dict[str, list[int]]
) -> tuple[Any, float | None]:
    """A distance as typed from paper: ``5``, ``5 km``, ``5,5``, ``NSP`` or blank."""
    u = rng.random()
    if u < 0.05:
        forms["NSP"].append(row)
        return "NSP", None
    if u < 0.09:
        forms["vide"].append(row)
        return None, None
    text = fr_number(km, 1).replace(",0", "")
    if "," in text:
        forms["decimale"].append(row)
        return text, km
    if u < 0.35:
        forms["avec_km"].append(row)
        return f"{text} km", km
    return int(km), km


# =======================================================================================
# Events
# =======================================================================================
def _write_events(b: SampleBuild, rng: np.random.Generator) -> None:
    rows, estimated, by_type = [], [], {}
    day = dt.date(YEAR, 1, 12)
    total = 0
    while day.year == YEAR:
        kind = ["concert", "degustation", "atelier"][int(rng.choice(3, p=[0.3, 0.35, 0.35]))]
        label = EVENT_TYPES[kind][int(rng.integers(0, len(EVENT_TYPES[kind])))]
        base = {"concert": 45, "degustation": 25, "atelier": 10}[kind]
        n = max(3, int(rng.poisson(base)))
        line = len(rows) + 2
        if kind != "atelier" and rng.random() < 0.5:
            n = int(round(n / 5) * 5)
            text = f"env. {n}" if rng.random() < 0.6 else f"~{n}"
            estimated.append(line)
        else:
            text = str(n)
        total += n
        by_type[kind] = by_type.get(kind, 0) + 1
        rows.append([date_text(day, "dmy"), "Vérines", label, text])
        day += dt.timedelta(days=int(rng.integers(8, 18)))
        if day.weekday() == 0:
            day += dt.timedelta(days=1)
    write_csv(
        rows,
        ["date", "boutique", "type", "nb_participants"],
        b.raw("animations.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant("animations", {"nombre": len(rows), "par_type": by_type, "participants_total": total})
    b.mess("animations.csv", "lignes_participants_estimes", estimated)
    b.mess("animations.csv", "variantes_type", EVENT_TYPES)


TOC_DRAFT = """\
# Théorie du changement — L'Escale de Vérines (brouillon de départ, données fictives)
version: 1
probleme: >-
  Un village sur deux n'a plus de commerce : les habitants, surtout les plus âgés et ceux
  qui n'ont pas de voiture, font des kilomètres pour le moindre achat ou service, les
  occasions de se croiser disparaissent et les producteurs du coin perdent un débouché.
impact:
  id: I
  libelle: Un village vivant où l'on peut vivre, vieillir et produire sans dépendre de la voiture
activites:
  - id: A1
    libelle: Épicerie de produits locaux, ouverte six jours sur sept
  - id: A2
    libelle: Services de proximité (relais poste et colis, gaz, presse, pressing, retrait)
  - id: A3
    libelle: Coin bistrot et animations (concerts, dégustations, ateliers)
realisations:
  - id: R1
    libelle: Habitants qui font leurs courses à l'Escale (tickets, cartes de fidélité)
  - id: R2
    libelle: Services rendus chaque mois
  - id: R3
    libelle: Animations et participants
effets:
  - id: E1
    libelle: Des kilomètres en voiture évités pour les courses
    horizon: court
    parties_prenantes: [PP1]
    dimensions:
      quoi: Moins de trajets vers les supermarchés et la poste de la ville
      qui: Habitants du village et des communes voisines, dont les plus âgés
      combien: Kilomètres évités par visite, déclarés dans l'enquête clients
      contribution: L'Escale, seul commerce du village, avec les services qu'elle regroupe
      risque: Distances déclarées de mémoire, donc approximatives
  - id: E2
    libelle: Des habitants qui se rencontrent et se sentent moins seuls
    horizon: court
    parties_prenantes: [PP1]
  - id: E3
    libelle: Un débouché stable pour les producteurs locaux
    horizon: moyen
    parties_prenantes: [PP3]
  - id: E4
    libelle: Des services publics et privés qui restent au village
    horizon: moyen
    parties_prenantes: [PP1, PP4]
  - id: E5
    libelle: Un village plus attractif où l'on choisit de rester
    horizon: long
    parties_prenantes: [PP1, PP4]
liens:
  - {de: A1, vers: R1}
  - {de: A2, vers: R2}
  - {de: A3, vers: R3}
  - de: R1
    vers: E1
    hypothese: Ce qu'on achète au village, on ne va plus le chercher en voiture
  - de: R2
    vers: E1
    hypothese: Regrouper les services évite des déplacements spécifiques
  - de: R3
    vers: E2
    hypothese: Les animations font se croiser des habitants qui ne se connaissaient pas
  - de: R1
    vers: E3
    hypothese: Une grande part du chiffre d'affaires vient de produits faits à moins de 30 km
  - de: R2
    vers: E4
    hypothese: Les opérateurs maintiennent un point de service là où il y a du passage
  - de: E2
    vers: E5
    hypothese: Le lien social retient les habitants au village
  - de: E4
    vers: E5
  - {de: E5, vers: I}
parties_prenantes:
  - id: PP1
    nom: Habitants du village et des alentours
    categorie: beneficiaires
    influence: 3
    concernement: 5
  - id: PP2
    nom: Salariées de la boutique
    categorie: equipe
    influence: 4
    concernement: 4
  - id: PP3
    nom: Producteurs et artisans locaux
    categorie: partenaires
    influence: 3
    concernement: 4
  - id: PP4
    nom: Commune et communauté d'agglomération
    categorie: financeurs
    influence: 4
    concernement: 3
  - id: PP5
    nom: Bénévoles des animations
    categorie: benevoles
    influence: 2
    concernement: 3
"""

INDICATORS_DRAFT = """\
# Référentiel d'indicateurs — L'Escale de Vérines (brouillon de départ, données fictives)
version: 1
indicateurs:
  - id: IND1
    libelle: Titulaires distincts d'une carte de fidélité
    type: realisation
    element: R1
    definition: Numéros de carte distincts vus sur au moins un ticket de l'année (deux caisses)
    unite: cartes
    source: caisse
    cible: 600
  - id: IND2
    libelle: Services rendus par mois
    type: realisation
    element: R2
    definition: Somme des opérations du registre des services par mois, hors lignes de total
    unite: opérations
    source: services
  - id: IND3
    libelle: Part des ventes issues de produits locaux
    type: effet
    element: E3
    definition: >-
      Montant TTC net des articles de fournisseurs à 30 km ou moins, sur le montant TTC net
      total
    unite: "%"
    source: caisse
    cible: 90
  - id: IND4
    libelle: Kilomètres évités par visite
    type: effet
    element: E1
    definition: Moyenne de (km avant l'ouverture − km maintenant) déclarés dans l'enquête clients
    unite: km
    source: enquete
  - id: IND5
    libelle: Part des clients qui rencontrent d'autres habitants à l'Escale
    type: effet
    element: E2
    definition: Réponses « Oui » sur les réponses « Oui » ou « Non » (NSP et vides écartés)
    unite: "%"
    source: enquete
    cible: 60
    formule:
      table: enquete
      agregation: part
      colonne: l_escale_et_vous_je_rencontre_d_autres_habitants_a_l_escale
      valeurs: [true]
      filtre:
        l_escale_et_vous_je_rencontre_d_autres_habitants_a_l_escale: [true, false]
  - id: IND6
    libelle: Participants aux animations
    type: realisation
    element: R3
    definition: Somme des participants estimés des animations de l'année
    unite: participations
    source: animations
    formule:
      table: animations
      agregation: somme
      colonne: nb_participants
"""
