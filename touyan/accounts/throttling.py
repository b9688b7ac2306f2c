"""Failed sign-ins per address across all accounts, against password spraying; and requests
for a password-reset mail, per address and per e-mail address, against flooding a mailbox.

django-axes already slows one account from one address. This bucket counts every failed
sign-in from an address whatever the account, generously (a school office shares one address):
``LOGIN_ADDRESS_BURST`` failures pass, then one more every ``LOGIN_ADDRESS_INTERVAL`` seconds.
A full bucket asks the address to wait that long; it never locks an account, and a successful
sign-in takes its attempt back out of the bucket.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from touyan.core import throttles
from touyan.core.addresses import client_address, throttle_group


def address_rate() -> throttles.Rate:
    return throttles.Rate(
        burst=settings.LOGIN_ADDRESS_BURST, interval=settings.LOGIN_ADDRESS_INTERVAL
    )


class AddressThrottledSignIn:
    """For an authentication form (``self.request`` set): refuses before checking any password
    while the address's bucket is full, so a sprayer learns nothing by trying faster."""

    throttled_message = _(
        "从您所在的网络地址近期登录失败的次数较多，为防止密码被猜测，请在 %(seconds)d 秒后再试。"
        "这只是短暂的等待，账号没有被锁定。"
    )
    retry_after = 0

    def clean(self):
        key = f"login:{throttle_group(client_address(self.request))}"
        rate = address_rate()
        if wait := throttles.take(key, rate):
            self.retry_after = wait
            raise ValidationError(
                self.throttled_message, code="throttled", params={"seconds": wait}
            )
        cleaned = super().clean()  # raises on a failure, which keeps its drop in the bucket
        throttles.give_back(key, rate)
        return cleaned


# A forgotten password is asked for a few times at most: RESET_BURST requests pass, then one
# every RESET_INTERVAL seconds, per address and per e-mail address (whether or not an account
# has it, so the answer still tells nothing about who is registered).
RESET_RATE = throttles.Rate(burst=5, interval=600)


def reset_request_wait(request, email: str) -> int:
    """Seconds to wait before another reset mail may be asked for, 0 when it may go ahead."""
    keys = (
        f"reset:{throttle_group(client_address(request))}",
        f"reset-mail:{email.strip().casefold()}",
    )
    return max(throttles.take(key, RESET_RATE) for key in keys)


RESET_THROTTLED = _(
    "设置密码的邮件已多次申请，为防止邮箱被滥发，请在 %(minutes)d 分钟后再试。"
    "若已收到邮件，请直接使用其中最新的链接。"
)
