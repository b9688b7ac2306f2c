"""The people of the programme pages' tests: the shared cast plus a host, a member, a trainee
and district officers of real Hainan and Hangzhou programmes (tests/programmes.py)."""

from tests.access import LOGIN
from tests.factories import UserFactory, grant
from tests.programmes import Hainan, Hangzhou, hainan, hangzhou
from touyan.accounts.roles import Role

# Who sees a programme as a whole, who only a part of it, and who nothing.
HAINAN_NAMES = ("host", "member", "other_host", "longhua", "hn_centre")
HANGZHOU_NAMES = ("trainee", "other_trainee")


def account_for(principal, username: str):
    user = UserFactory(username=username, full_name=principal.name)
    principal.user = user
    principal.save(update_fields=["user"])
    return user


def with_hainan(cast, **options) -> Hainan:
    """Studio 0 in 海口市龙华区 (host, member), studio 1 in 三亚市吉阳区 (other_host); a
    district officer of 龙华区 and a centre staff member of the province."""
    programme = hainan(**options)
    first, second = programme.studios
    cast.host = account_for(first.host, "hn-host")
    cast.member = account_for(programme.members[first.pk][0], "hn-member")
    cast.other_host = account_for(second.host, "hn-other-host")
    cast.longhua = UserFactory(username="hn-longhua")
    grant(cast.longhua, Role.DISTRICT_OFFICER, "460106")
    cast.hn_centre = UserFactory(username="hn-centre")
    grant(cast.hn_centre, Role.CENTRE_STAFF, "460000")
    return programme


def with_hangzhou(cast, **options) -> Hangzhou:
    """Trainee 0 heads a school in 西湖区, trainee 1 one in 滨江区."""
    programme = hangzhou(**options)
    cast.trainee = account_for(programme.trainees[0].principal, "hz-trainee")
    cast.other_trainee = account_for(programme.trainees[1].principal, "hz-other-trainee")
    return programme


def matrix(cast, default: str, **outcomes) -> dict[str, str]:
    """An access table over every member of the cast present in this test (the Hainan and
    Hangzhou people only when their programme was built), ``default`` unless named."""
    names = (
        "superuser",
        "hz_admin",
        "hz_centre",
        "xihu",
        "binjiang",
        "hn_admin",
        "expert",
        "nobody",
        "own",
        *HAINAN_NAMES,
        *HANGZHOU_NAMES,
    )
    present = [name for name in names if hasattr(cast, name)]
    unknown = set(outcomes) - set(present) - {"anonymous"}
    assert not unknown, f"not in this cast: {unknown}"
    return {"anonymous": LOGIN} | dict.fromkeys(present, default) | outcomes
