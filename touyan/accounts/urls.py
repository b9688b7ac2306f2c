from django.urls import path

from .views import accounts, digest, password_reset, sign_in

app_name = "accounts"
urlpatterns = [
    path("login/", sign_in.SignInView.as_view(), name="login"),
    path("logout/", sign_in.SignOutView.as_view(), name="logout"),
    path("inbox-digest/", digest.DigestView.as_view(), name="inbox_digest"),
    path("password-reset/", password_reset.ResetRequestView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        password_reset.ResetRequestDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        password_reset.ResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("users/", accounts.UserListView.as_view(), name="user_list"),
    path("users/new/", accounts.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", accounts.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/grants/new/", accounts.GrantCreateView.as_view(), name="grant_create"),
    path("users/<int:pk>/active/", accounts.UserActiveView.as_view(), name="user_active"),
    path(
        "users/<int:pk>/password-reset/",
        accounts.UserPasswordResetView.as_view(),
        name="user_password_reset",
    ),
    path("grants/<int:pk>/revoke/", accounts.GrantRevokeView.as_view(), name="grant_revoke"),
    path(
        "grants/<int:pk>/personal-data/",
        accounts.GrantPersonalDataView.as_view(),
        name="grant_personal_data",
    ),
]
