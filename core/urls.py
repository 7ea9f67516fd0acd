from django.contrib.auth import views as auth_views
from django.urls import path

from core import views
from core.forms import LoginForm

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "pieteikties/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("iziet/", auth_views.LogoutView.as_view(), name="logout"),
    path("health/", views.health, name="health"),
]
