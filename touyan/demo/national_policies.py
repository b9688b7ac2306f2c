"""The policies of the national benchmark programmes: the shipped presets under another slug,
name and jurisdiction.

The division table has no row for the whole country, and a made-up one would be read as a 32nd
province by everything that walks the provinces (the synthetic registry included). The
benchmark programmes are therefore filed under 北京市 (110000), where the ministry sits; only
access scoping reads a programme's jurisdiction, and the benchmark reads as the command line.
"""

import re

from touyan.policies.presets import preset_text

JURISDICTION = "110000"
STUDIO_SLUG = "national-studios"
STUDIO_NAME = "全国卓越校长工作室（基准）"
TRAINING_SLUG = "national-training"
TRAINING_NAME = "全国中小学名校长培养工程（基准）"
NOTE = "# 基准测试用的全国项目：由预设复制而来，只改了标识、名称、管辖区划和规模。\n"


def _replace(text: str, old: str, new: str) -> str:
    """Replace the one line that starts with ``old`` (``project_name = …`` is not ``name``)."""
    pattern = re.compile(rf"^{re.escape(old)}", re.MULTILINE)
    if len(pattern.findall(text)) != 1:
        raise ValueError(f"the preset no longer has exactly one {old!r}")
    return pattern.sub(lambda _m: new, text)


def _set_number(text: str, key: str, value: int) -> str:
    pattern = re.compile(rf"^{key} = \d+", re.MULTILINE)
    if len(pattern.findall(text)) != 1:
        raise ValueError(f"the preset no longer has exactly one {key}")
    return pattern.sub(f"{key} = {value}", text)


def studio_policy_text() -> str:
    text = preset_text("hainan-studios")
    text = _replace(text, 'slug = "hainan-studios"', f'slug = "{STUDIO_SLUG}"')
    text = _replace(text, 'name = "海南省中学卓越校长工作室"', f'name = "{STUDIO_NAME}"')
    text = _replace(text, 'jurisdiction = "460000"', f'jurisdiction = "{JURISDICTION}"')
    text = _replace(
        text,
        'base_school = "海南省中学卓越校长培养实践基地"',
        'base_school = "中学卓越校长培养实践基地"',
    )
    return NOTE + text


def training_policy_text(*, cohorts: int, cohort_size: int) -> str:
    text = preset_text("hangzhou-training")
    text = _replace(text, 'slug = "hangzhou-training"', f'slug = "{TRAINING_SLUG}"')
    text = _replace(text, 'name = "杭州市中小学名校长培养工程"', f'name = "{TRAINING_NAME}"')
    text = _replace(text, 'jurisdiction = "330100"', f'jurisdiction = "{JURISDICTION}"')
    text = _replace(text, 'certificate_prefix = "HZMXZ"', 'certificate_prefix = "QGMXZ"')
    text = _set_number(text, "cohorts", cohorts)
    text = _set_number(text, "cohort_size", cohort_size)
    return NOTE + text
