from django.contrib.auth import views as auth_views

from ..forms import SignInForm


class SignInView(auth_views.LoginView):
    """Django's login: the session key is rotated on success; failures are throttled by axes."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            # Too many failures from this address: a wait, not a lock-out.
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


class SignOutView(auth_views.LogoutView):
    """Sign-out is a POST (a link could be triggered by another site)."""
