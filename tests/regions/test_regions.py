import pytest

from touyan.regions import codes
from touyan.regions.loader import sync_regions
from touyan.regions.models import Level, Region


@pytest.mark.django_db
def test_divisions_of_hainan_and_hangzhou_are_loaded_with_their_tree():
    assert Region.objects.filter(level=Level.PROVINCE).count() == 34
    assert Region.objects.get(code="330106").name == "西湖区"
    assert Region.objects.get(code="330106").parent_id == "330100"
    assert Region.objects.filter(parent_id="330100").count() == 13
    wuzhishan = Region.objects.get(code="469001")
    assert wuzhishan.name == "五指山市"
    assert wuzhishan.parent_id == "469000"
    assert Region.objects.filter(code__startswith="46", level=Level.COUNTY).count() == 25


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    assert sync_regions(Region) == 0


@pytest.mark.parametrize(
    ("code", "city"),
    [
        ("330106", "330100"),  # 西湖区 counts under 杭州市
        ("460105", "460100"),  # 秀英区 under 海口市
        ("469001", "469001"),  # 五指山市, directly under the province: its own city
        ("469030", "469030"),
        ("460400", "460400"),  # 儋州市 has no counties
        ("460000", "460000"),
    ],
)
def test_city_of_a_code(code, city):
    assert codes.city_of(code) == city


def test_scope_prefixes_and_containment():
    assert codes.scope_prefix("460000") == "46"
    assert codes.scope_prefix("330100") == "3301"
    assert codes.scope_prefix("330106") == "330106"
    assert codes.contains("330100", "330106")
    assert not codes.contains("330106", "330108")
    assert codes.contains("460000", "469001")
    assert not codes.is_valid_code("33010")
    assert not codes.is_valid_code("000000")
