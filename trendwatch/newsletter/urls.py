from django.urls import path

from . import views

urlpatterns = [
    path("", views.subscribe, name="newsletter_subscribe"),
    path("check-your-inbox/", views.check_inbox, name="newsletter_check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("preferences/<str:token>/", views.preferences, name="newsletter_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
    path("one-click/<str:token>/", views.one_click_unsubscribe, name="newsletter_one_click"),
]
