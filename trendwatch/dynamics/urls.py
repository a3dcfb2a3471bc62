from django.urls import path, re_path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    re_path(r"^dashboard/trends\.(?P<fmt>csv|json)$", views.dashboard_data, name="dashboard_data"),
    re_path(r"^trends/(?P<slug>[-\w]+)/timeline\.(?P<fmt>csv|json)$", views.trend_timeline_data, name="trend_timeline_data"),
    path("forecasts/", views.forecasts, name="forecasts"),
    re_path(r"^forecasts/forecasts\.(?P<fmt>csv|json)$", views.forecasts_data, name="forecasts_data"),
    re_path(r"^forecasts/calibration\.(?P<fmt>csv|json)$", views.calibration_data, name="calibration_data"),
]
