from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .throttling import AddressThrottledSignIn


class SignInForm(AddressThrottledSignIn, AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意区分大小写。"),
        "inactive": _("此账号已停用，请联系管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})


class AdminSignInForm(AddressThrottledSignIn, AdminAuthenticationForm):
    """The Django admin's login (/sysadmin/login/), throttled like the site's own."""
