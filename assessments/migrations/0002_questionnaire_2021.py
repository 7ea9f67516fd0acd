"""The mobility questionnaire, version 2021-1 (R-Q1, R-Q4): reference data loaded into every database."""

import datetime as dt

from django.db import migrations

VERSION = "2021-1"
TITLE = (
    "Asistenta pakalpojuma nepieciešamības novērtēšana ārpus mājas vides un atbalsta intensitātes noteikšana",
    "Assessment of the need for an assistant outside the home and of the support intensity",
)
INSTRUCTIONS = (
    "Novērtējiet, kā persona tiek galā ar katru darbību ārpus mājokļa, izmantojot savus ierastos "
    "palīglīdzekļus. Katram jautājumam izvēlieties vienu atbildi.",
    "Rate how the person manages each activity outside the dwelling, using their usual aids. Choose one "
    "answer for each item.",
)
SCALE = [
    (0, "Tiek galā patstāvīgi", "Manages independently"),
    (1, "Nepieciešama epizodiska palīdzība vai uzraudzība", "Needs occasional help or supervision"),
    (2, "Palīdzība nepieciešama lielāko daļu laika", "Needs help most of the time"),
    (
        3,
        "Nespēj to izdarīt pat ar palīglīdzekļiem, nepieciešams pilns atbalsts",
        "Cannot do it even with aids, needs full assistance",
    ),
]
ITEMS = [
    ("Q01", "Iziešana no mājokļa un atgriešanās tajā (durvis, kāpnes, lifts)",
     "Leaving and entering the dwelling (doors, stairs, lift)"),
    ("Q02", "Pārvietošanās pa līdzenu virsmu ārpus telpām", "Moving on level ground outdoors"),
    ("Q03", "Ietvju apmales, slīpumi, nelīdzenas, sniegotas vai apledojušas virsmas",
     "Kerbs, slopes, uneven, snowy or icy surfaces"),
    ("Q04", "Ielas šķērsošana, satiksmes drošība", "Crossing streets, traffic safety"),
    ("Q05", "Orientēšanās pazīstamās vietās", "Orientation in familiar places"),
    ("Q06", "Orientēšanās un ceļa atrašana nepazīstamās vietās",
     "Orientation and route-finding in unfamiliar places"),
    ("Q07", "Sabiedriskā transporta izmantošana (iekāpšana, izkāpšana, biļetes)",
     "Using public transport (boarding, alighting, tickets)"),
    ("Q08", "Iekāpšana automašīnā vai taksometrā un izkāpšana no tā", "Getting in and out of a car or taxi"),
    ("Q09", "Personīgo mantu un pirkumu nešana pārvietojoties",
     "Carrying personal items and purchases while moving"),
    ("Q10", "Saziņa ar svešiem cilvēkiem, lai saņemtu palīdzību vai informāciju",
     "Communicating with strangers to get help or information"),
    ("Q11", "Droša uzvedība sabiedriskās vietās (riska apzināšanās, pašregulācija)",
     "Safe behaviour in public places (risk awareness, self-regulation)"),
    ("Q12", "Rīcība neparedzētās situācijās (mainīts maršruts, kavēšanās, ārkārtas situācija)",
     "Coping with unexpected situations (changed route, delay, emergency)"),
]


def load(apps, schema_editor):
    Questionnaire = apps.get_model("assessments", "Questionnaire")
    Item = apps.get_model("assessments", "QuestionnaireItem")
    Level = apps.get_model("assessments", "ScaleLevel")
    questionnaire, _created = Questionnaire.objects.update_or_create(
        version=VERSION,
        defaults={
            "title_lv": TITLE[0],
            "title_en": TITLE[1],
            "instructions_lv": INSTRUCTIONS[0],
            "instructions_en": INSTRUCTIONS[1],
            "valid_from": dt.date(2021, 7, 1),
            "is_active": True,
        },
    )
    for position, (code, text_lv, text_en) in enumerate(ITEMS, start=1):
        Item.objects.update_or_create(
            questionnaire=questionnaire,
            code=code,
            defaults={"position": position, "text_lv": text_lv, "text_en": text_en},
        )
    for value, text_lv, text_en in SCALE:
        Level.objects.update_or_create(
            questionnaire=questionnaire, value=value, defaults={"text_lv": text_lv, "text_en": text_en}
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
