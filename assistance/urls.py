from django.urls import path

from assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("<int:pk>/", views.municipality_detail, name="municipality_detail"),
]
