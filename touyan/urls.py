from django.contrib import admin
from django.urls import include, path

from touyan.certificates.views import published_keys

urlpatterns = [
    path("", include("touyan.core.urls")),
    path("accounts/", include("touyan.accounts.urls")),
    path("registry/", include("touyan.people.urls")),
    path("audit/", include("touyan.audit.urls")),
    path("holidays/", include("touyan.holidays.urls")),
    path("policies/", include("touyan.policies.urls")),
    path("programmes/", include("touyan.programmes.urls")),
    path("compliance/", include("touyan.compliance.urls")),
    path("records/", include("touyan.records.urls")),
    path("records/import/", include("touyan.records.importing.urls")),
    path("selection/", include("touyan.selection.urls")),
    path("studios/", include("touyan.studios.urls")),
    path("assessment/", include("touyan.assessment.urls")),
    path("training/", include("touyan.training.urls")),
    path("funds/", include("touyan.funding.urls")),
    path("diagnosis/", include("touyan.diagnosis.urls")),
    path("library/", include("touyan.library.urls")),
    path("site/", include("touyan.publishing.urls")),
    path("community/", include("touyan.community.urls")),
    path("certificates/", include("touyan.certificates.urls")),
    path(".well-known/touyan-certificate-keys.json", published_keys, name="certificates_keys"),
    path("allocation/", include("touyan.allocation.urls")),
    path("notifications/", include("touyan.notifications.urls")),
    path("jobs/", include("touyan.jobs.urls")),
    path("api/", include("touyan.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sysadmin/", admin.site.urls),
]
