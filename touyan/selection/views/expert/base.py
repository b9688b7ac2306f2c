"""What the expert pages share: who counts as an expert."""

from __future__ import annotations

from django.http import Http404

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.permissions import PermissionMixin

from ...models import Review


class ExpertMixin(PermissionMixin):
    """Experts only: those in the pool, or anyone who has reviews."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and not scope_of(user).has(Role.EXPERT)
            and not Review.objects.filter(expert=user).exists()
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)
