from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    # The public
    path("verify/", views.LookupView.as_view(), name="lookup"),
    path("verify/<str:token>/", views.VerifyView.as_view(), name="verify"),
    # The trainee and the centre
    path("<int:pk>/", views.CertificateView.as_view(), name="detail"),
    path("<int:pk>/certificate.pdf", views.PdfView.as_view(), name="pdf"),
    path("<int:pk>/credential.jwt", views.CredentialView.as_view(), name="credential"),
    path("<int:pk>/revoke/", views.RevokeView.as_view(), name="revoke"),
    # The centre
    path("cohorts/<int:pk>/", views.CohortView.as_view(), name="cohort"),
    # The authority
    path("programmes/<int:pk>/seal/", views.SealView.as_view(), name="seal"),
    path("programmes/<int:pk>/seal/image", views.SealImageView.as_view(), name="seal_image"),
]
