from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted; Python code sees the clear value. Not usable in lookups.

    ``digest_field`` names the field of the same model that holds this value's lookup digest
    (``crypto.digest``), so that a key rotation recomputes it with the value. It describes no
    column, so migrations do not record it.
    """

    def __init__(self, *args, digest_field: str = "", **kwargs):
        self.digest_field = digest_field
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    """The model's own encrypted fields (a child table's, not those it inherits)."""
    return [
        field
        for field in model._meta.local_concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
