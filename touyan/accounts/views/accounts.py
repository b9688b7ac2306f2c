"""Account management for authority admins: the accounts of their area, creating one, a
user's grants, grant and revoke, the personal-data right, deactivation, password reset mails.
Every write is a service; every page answers 404 outside the admin's area."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin

from .. import selectors, services
from ..forms import AccountCreateForm, GrantForm, UserSearchForm
from ..models import RoleGrant
from ..passwords import LinkBase


class UserListView(PermissionMixin, TemplateView):
    permission_required = "accounts.manage_accounts"
    template_name = "accounts/user_list.html"

    def get_context_data(self, **kwargs):
        form = UserSearchForm(self.request.GET or None)
        users = selectors.users_visible_to(self.request.user).prefetch_related("grants__region")
        if form.is_valid():
            users = selectors.search_users(users, form.cleaned_data["q"])
        page, query = paginate(self.request, users)
        return super().get_context_data(form=form, page=page, query=query, **kwargs)


class UserCreateView(PermissionMixin, FormView):
    permission_required = "accounts.add_account"
    template_name = "accounts/user_form.html"

    def get_form(self, form_class=None):
        user = self.request.user
        return AccountCreateForm(
            **self.get_form_kwargs(),
            regions=selectors.regions_grantable_by(user),
            principals=selectors.principals_linkable_by(user),
        )

    def form_valid(self, form):
        data = form.cleaned_data
        actor = Actor.from_request(self.request)
        try:
            user = services.create_account(
                actor=actor,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                home_region=data["home_region"],
                principal=data["principal"],
            )
        except (services.AccountError, PermissionDenied) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if data["send_link"]:
            services.send_password_reset(
                actor=actor, user=user, link=LinkBase.from_request(self.request)
            )
            messages.success(
                self.request,
                _("已创建账号 %(name)s，并已发送设置密码的邮件。") % {"name": user.username},
            )
        else:
            messages.success(self.request, _("已创建账号 %(name)s。") % {"name": user.username})
        return redirect("accounts:user_detail", pk=user.pk)


class _AccountMixin(ObjectPermissionMixin):
    # One's own account is shown, never changed (superusers' permissions short-circuit the
    # rules, so this is also said here).
    allows_self = False

    def get_queryset(self):
        users = selectors.users_visible_to(self.request.user)
        return users if self.allows_self else users.exclude(pk=self.request.user.pk)


class UserDetailView(_AccountMixin, DetailView):
    permission_required = "accounts.view_account"
    allows_self = True
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs):
        me = self.request.user
        grants = selectors.grants_of(self.object)
        other = self.object.pk != me.pk
        for grant in grants:
            grant.can_change = other and me.has_perm("accounts.change_grant", grant)
            grant.can_give_personal_data = other and me.has_perm(
                "accounts.give_personal_data", grant
            )
        return super().get_context_data(
            grants=grants,
            can_grant=other and me.has_perm("accounts.grant_to_account", self.object),
            can_change=other and me.has_perm("accounts.change_account", self.object),
            principal=getattr(self.object, "principal", None),
            **kwargs,
        )


class GrantCreateView(_AccountMixin, FormView):
    permission_required = "accounts.grant_to_account"
    template_name = "accounts/grant_form.html"

    def get_form(self, form_class=None):
        user = self.request.user
        return GrantForm(
            **self.get_form_kwargs(),
            regions=selectors.regions_grantable_by(user),
            programmes=selectors.programmes_grantable_by(user),
            studios=selectors.studios_grantable_by(user),
            cohorts=selectors.cohorts_grantable_by(user),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.object, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.grant_role(
                actor=Actor.from_request(self.request),
                user=self.object,
                role=data["role"],
                region=data["region"],
                scope_object=data["scope_object"],
                sees_personal_data=data["sees_personal_data"],
            )
        except (services.AccountError, PermissionDenied) as error:
            form.add_error(None, str(error) or _("您不能给此账号这项授权。"))
            return self.form_invalid(form)
        messages.success(self.request, _("已授权"))
        return redirect("accounts:user_detail", pk=self.object.pk)


class _ConfirmView(ObjectPermissionMixin, TemplateView):
    """A page asking to confirm one change (the detail page's buttons post here directly)."""

    template_name = "accounts/confirm.html"

    def account(self):
        return self.get_object()

    def post(self, request, *args, **kwargs):
        account = self.account()
        try:
            self.perform(Actor.from_request(request))
        except (services.AccountError, PermissionDenied) as error:
            messages.error(request, str(error))
        return redirect("accounts:user_detail", pk=account.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account(), **self.question(), **kwargs)


class _GrantConfirmView(_ConfirmView):
    def get_queryset(self):
        visible = selectors.users_visible_to(self.request.user).exclude(pk=self.request.user.pk)
        return RoleGrant.objects.filter(user__in=visible).select_related("user", "region")

    def account(self):
        return self.get_object().user


class GrantRevokeView(_GrantConfirmView):
    permission_required = "accounts.change_grant"

    def question(self):
        return {
            "heading": _("撤销授权"),
            "text": _("撤销 %(grant)s？") % {"grant": self.object},
            "button": _("撤销"),
        }

    def perform(self, actor):
        services.revoke_grant(actor=actor, grant=self.object)
        messages.success(self.request, _("已撤销授权"))


class GrantPersonalDataView(_GrantConfirmView):
    """Give the right when the grant lacks it, take it when it has it."""

    @property
    def permission_required(self):
        grant = self.get_object()
        return (
            "accounts.change_grant" if grant.sees_personal_data else "accounts.give_personal_data"
        )

    def question(self):
        if self.object.sees_personal_data:
            text, button = _("收回 %(grant)s 查看完整身份证号与手机号的权限？"), _("收回")
        else:
            text, button = _("授予 %(grant)s 查看完整身份证号与手机号的权限？"), _("授予")
        return {
            "heading": _("查看完整身份证号与手机号"),
            "text": text % {"grant": self.object},
            "button": button,
            "fields": {"allowed": "0" if self.object.sees_personal_data else "1"},
        }

    def perform(self, actor):
        allowed = self.request.POST.get("allowed") == "1"
        services.set_personal_data(actor=actor, grant=self.object, allowed=allowed)
        messages.success(self.request, _("已保存"))


class UserActiveView(_AccountMixin, _ConfirmView):
    permission_required = "accounts.change_account"

    def question(self):
        if self.object.is_active:
            text, button = _("停用账号 %(name)s？停用后无法登录，已登录的会话立即失效。"), _("停用")
        else:
            text, button = _("重新启用账号 %(name)s？"), _("启用")
        return {
            "heading": _("停用或启用账号"),
            "text": text % {"name": self.object.username},
            "button": button,
            "fields": {"active": "0" if self.object.is_active else "1"},
        }

    def perform(self, actor):
        active = self.request.POST.get("active") == "1"
        services.set_active(actor=actor, user=self.object, active=active)
        messages.success(self.request, _("账号已启用") if active else _("账号已停用"))


class UserPasswordResetView(_AccountMixin, _ConfirmView):
    permission_required = "accounts.change_account"

    def question(self):
        return {
            "heading": _("发送密码重置邮件"),
            "text": _("向 %(email)s 发送设置新密码的链接？") % {"email": self.object.email or "—"},
            "button": _("发送"),
        }

    def perform(self, actor):
        services.send_password_reset(
            actor=actor, user=self.object, link=LinkBase.from_request(self.request)
        )
        messages.success(self.request, _("已发送密码重置邮件"))
