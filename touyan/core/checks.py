from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def personal_data_key_is_set(app_configs, **kwargs):
    if settings.PERSONAL_DATA_KEY:
        return []
    return [
        Warning(
            "PERSONAL_DATA_KEY is not set: ID and mobile numbers are encrypted with a key derived "
            "from SECRET_KEY, so rotating SECRET_KEY would make them unreadable.",
            hint="Set PERSONAL_DATA_KEY to a long random value and keep it with your backups.",
            id="touyan.W001",
        )
    ]
