from django.urls import path

from . import views

urlpatterns = [
    path("entities/", views.entity_index, name="entity_index"),
    path("entities/<slug:slug>/", views.entity_page, name="entity"),
]
