from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def personal_data_key_is_set(app_configs, **kwargs):
    if settings.PERSONAL_DATA_KEYS:
        return []
    return [
        Warning(
            "PERSONAL_DATA_KEYS (or PERSONAL_DATA_KEY) is not set: ID and mobile numbers are "
            "encrypted with a key derived from SECRET_KEY, so rotating SECRET_KEY would make them "
            "unreadable.",
            hint="Set PERSONAL_DATA_KEY to a long random value and keep it with your backups.",
            id="touyan.W001",
        )
    ]


@register(Tags.security)
def personal_data_keys_are_distinct(app_configs, **kwargs):
    keys = settings.PERSONAL_DATA_KEYS
    if len(set(keys)) == len(keys):
        return []
    return [
        Warning(
            "PERSONAL_DATA_KEYS names the same key twice.",
            hint="List each key once, newest first: PERSONAL_DATA_KEYS=new,old.",
            id="touyan.W002",
        )
    ]


@register(Tags.security, deploy=True)
def proxy_count_is_set_behind_a_tls_proxy(app_configs, **kwargs):
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or settings.PROXY_COUNT > 0:
        return []
    return [
        Warning(
            "HTTPS is terminated by a proxy (BEHIND_TLS_PROXY) but PROXY_COUNT is 0: every "
            "request seems to come from the proxy, so the audit trail records the proxy's address "
            "and login throttling treats all users as one address.",
            hint="Set PROXY_COUNT to the number of reverse proxies in front of Touyan.",
            id="touyan.W010",
        )
    ]
