from django.contrib.auth import views as auth_views

from ..forms import SignInForm


class SignInView(auth_views.LoginView):
    """Django's login: the session key is rotated on success; failures are throttled by axes."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign-out is a POST (a link could be triggered by another site)."""
