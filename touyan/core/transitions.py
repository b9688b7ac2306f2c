"""The one way a workflow moves. Each workflow declares a ``Workflow``: for one model's state
field, a table of steps (the states an action may be taken in and, for a move, the state it
leads to). Services lock the row, check the table, set the state, save and audit in their own
transaction; two people taking the same step at once get one change and one ``AlreadyDone``
saying who set the state and when. Rules ask the same table (``allows``) for "may act now"."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.audit.models import Verb
from touyan.audit.services import record

from .actors import Actor

# A refusal's words: one message, or one per state the object is found in.
Refusal = str | Mapping[str, str]


class AlreadyDone(ValidationError):
    """The step was already taken (by this person a moment ago, or by someone else)."""


@dataclass(frozen=True)
class Step:
    """An action: the states it may be taken in and, for a move, the state it leads to.
    Without a target the action is taken in the state and leaves it as it is."""

    sources: frozenset[str]
    target: str | None = None
    refused: Refusal | None = None
    # The refusal's kind when it is not the workflow's: a step within a state that is refused
    # because the work was already handed on is ``AlreadyDone`` news, not an error.
    kind: type[ValidationError] | None = None


def step(
    *sources: str,
    to: str | None = None,
    refused: Refusal | None = None,
    kind: type[ValidationError] | None = None,
) -> Step:
    return Step(frozenset(sources), to, refused, kind)


@dataclass(frozen=True)
class Stamp:
    """The fields that say who set the state (a stored name) and when, in the states that set
    them."""

    who: str
    when: str
    states: frozenset[str]


class Workflow:
    """The steps of one model's state field.

    Refusals: a move refused raises ``refusal`` (``AlreadyDone`` unless the workflow says
    otherwise); an action taken within a state raises ``ValidationError``. The words are the
    step's own ``refused``, else ``already`` when the state carries a stamp, else ``current``.
    Messages are formatted with ``status`` (and the field's own name: ``stage``) as the state's
    label, and ``who`` and ``when`` where the state carries a stamp. A step may name its own
    refusal kind."""

    def __init__(
        self,
        model: type[models.Model],
        *,
        steps: Mapping[str, Step],
        scope: Callable[[models.Model], str],
        field: str = "status",
        stamp: Stamp | None = None,
        already: str = _("已是“%(status)s”（%(who)s，%(when)s），本次操作未重复执行"),
        current: str = _("当前为“%(status)s”，本次操作未执行"),
        refusal: type[ValidationError] = AlreadyDone,
        related: Iterable[str] = (),
        touched: str | None = None,
    ):
        self.model = model
        self.field = field
        self.steps = dict(steps)
        self.scope = scope
        self.stamp = stamp
        self.already = already
        self.current = current
        self.refusal = refusal
        self.related = tuple(related)
        self.touched = touched
        self.labels = dict(model._meta.get_field(field).flatchoices)
        for name, entry in self.steps.items():
            unknown = (entry.sources | {entry.target}) - {None} - set(self.labels)
            if unknown:
                raise ValueError(f"{model.__name__}.{field}: step {name} names {sorted(unknown)}")

    # The table ----------------------------------------------------------------------------

    def sources(self, action: str) -> frozenset[str]:
        return self.steps[action].sources

    def target(self, action: str) -> str:
        target = self.steps[action].target
        if target is None:
            raise ValueError(f"{action} does not move {self.model.__name__}.{self.field}")
        return target

    def allows(self, obj: models.Model, action: str) -> bool:
        """Whether the object's state lets the action be taken now."""
        return getattr(obj, self.field) in self.steps[action].sources

    def actions(self, obj: models.Model) -> list[str]:
        """The actions the object's state allows, in the table's order."""
        return [name for name in self.steps if self.allows(obj, name)]

    # Refusals -----------------------------------------------------------------------------

    def check(self, obj: models.Model, action: str) -> None:
        """Raise the action's refusal unless the object's state allows it."""
        if self.allows(obj, action):
            return
        entry = self.steps[action]
        kind = entry.kind or (self.refusal if entry.target is not None else ValidationError)
        raise kind(self.refusal_message(obj, action))

    def refusal_message(self, obj: models.Model, action: str) -> str:
        state = getattr(obj, self.field)
        words = {"status": self._label(state), self.field: self._label(state)}
        stamp = self.stamp
        when = getattr(obj, stamp.when) if stamp and state in stamp.states else None
        if when is not None:
            words["who"] = getattr(obj, stamp.who)
            words["when"] = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
        refused = self.steps[action].refused
        if isinstance(refused, Mapping):
            refused = refused.get(state)
        if refused is not None:
            return str(refused) % words
        return str(self.already if when is not None else self.current) % words

    def _label(self, state: str) -> str:
        return str(self.labels.get(state, state))

    # Writing ------------------------------------------------------------------------------

    def lock(self, obj: models.Model) -> models.Model:
        """The object's row, locked until the transaction ends, read afresh."""
        locked = (
            self.model._default_manager.select_for_update()
            .select_related(*self.related)
            .get(pk=obj.pk)
        )
        locked._workflow_locked = True
        return locked

    def lock_all(self, queryset: models.QuerySet) -> list[models.Model]:
        """Rows of the queryset locked at once (only this model's rows, not the joined ones)."""
        rows = list(queryset.select_for_update(of=("self",)))
        for row in rows:
            row._workflow_locked = True
        return rows

    def move(
        self,
        *,
        actor: Actor,
        obj: models.Model,
        action: str,
        fields: Mapping | None = None,
        changes: Mapping | None = None,
        note: str = "",
    ) -> models.Model:
        """Take one move under the row lock (taken here unless ``obj`` came from ``lock``),
        or refuse it; save and write its audit entry in the caller's transaction. ``fields``
        are set with the state; ``changes`` are more ``{field: [old, new]}`` for the entry."""
        if not getattr(obj, "_workflow_locked", False):
            obj = self.lock(obj)
        self.check(obj, action)
        before = getattr(obj, self.field)
        setattr(obj, self.field, self.target(action))
        if self.touched:
            setattr(obj, self.touched, timezone.now())
        for name, value in (fields or {}).items():
            setattr(obj, name, value)
        obj.save()
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=obj,
            scope_code=self.scope(obj),
            changes={**(changes or {}), self.field: [before, getattr(obj, self.field)]},
            note=note,
        )
        return obj
