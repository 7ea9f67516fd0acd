from django.urls import path

from assistance.views import (
    applications,
    assessment,
    decisions,
    documents,
    municipalities,
    persons,
    rule_sets,
)

app_name = "assistance"
urlpatterns = [
    path("pasvaldibas/", municipalities.municipality_list, name="municipality_list"),
    path("pasvaldibas/<int:pk>/", municipalities.municipality_detail, name="municipality_detail"),
    path("personas/", persons.person_list, name="person_list"),
    path("personas/jauna/", persons.person_create, name="person_create"),
    path("personas/<int:pk>/", persons.person_detail, name="person_detail"),
    path("personas/<int:pk>/labot/", persons.person_update, name="person_update"),
    path("personas/<int:pk>/invaliditate/", persons.disability_add, name="disability_add"),
    path("personas/<int:pk>/kopsanas-atzinums/", persons.special_care_add, name="special_care_add"),
    path("personas/<int:pk>/iesniegums/", applications.application_create, name="application_create"),
    path("iesniegumi/", applications.application_list, name="application_list"),
    path("iesniegumi/<int:pk>/", applications.application_detail, name="application_detail"),
    path("iesniegumi/<int:pk>/labot/", applications.application_update, name="application_update"),
    path("iesniegumi/<int:pk>/iesniegt/", applications.application_submit, name="application_submit"),
    path("iesniegumi/<int:pk>/novertejums/", assessment.application_assess, name="application_assess"),
    path("iesniegumi/<int:pk>/dokumenti/", documents.document_upload, name="document_upload"),
    path("iesniegumi/<int:pk>/priekslikums/", decisions.application_propose, name="application_propose"),
    path("iesniegumi/<int:pk>/lemums/", decisions.application_decide, name="application_decide"),
    path("lemumi/<int:pk>/", decisions.decision_download, name="decision_download"),
    path(
        "iesniegumi/<int:application_pk>/dokumenti/<int:pk>/",
        documents.document_download,
        name="document_download",
    ),
    path("noteikumu-kopas/", rule_sets.rule_set_list, name="rule_set_list"),
    path("noteikumu-kopas/jauns-projekts/", rule_sets.rule_set_create, name="rule_set_create"),
    path("noteikumu-kopas/<int:pk>/", rule_sets.rule_set_detail, name="rule_set_detail"),
    path("noteikumu-kopas/<int:pk>/labot/", rule_sets.rule_set_update, name="rule_set_update"),
]
