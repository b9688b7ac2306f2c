"""``touyan allocate``: the JSON contract, exit statuses, determinism."""

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .instances import medium_instance

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.clause("HN-3.6", "HN-3.8")

PROBLEM = {
    "studios": [
        {"id": "S1", "stages": ["junior", "senior"], "region": "460105", "min": 1, "max": 2},
        {"id": 2, "stages": ["primary"], "region": "469001", "min": 0, "max": 1},
    ],
    "applicants": [
        {"id": "a", "stages": ["junior"], "region": "460105", "choices": ["S1"]},
        {"id": 7, "stages": ["primary"], "region": "469002", "choices": [2, "S1"]},
        {
            "id": "c",
            "stages": ["senior"],
            "region": "460106",
            "choices": ["nope", "S1"],
            "locked": "S1",
        },
        {"id": "d", "stages": ["primary"], "region": "330106", "choices": []},
    ],
    "weights": {"same_city": 25},
}


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "problem.json"
    path.write_text(
        data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    return path


def allocate(tmp_path: Path, data) -> dict:
    output = tmp_path / "result.json"
    call_command(
        "allocate", input=str(write(tmp_path, data)), output=str(output), stdout=io.StringIO()
    )
    return json.loads(output.read_text(encoding="utf-8"))


def run_touyan(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "touyan", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_result_document_keeps_ids_as_given(tmp_path):
    result = allocate(tmp_path, PROBLEM)
    assert list(result) == [
        "assignments",
        "objective",
        "rank_profile",
        "studio_sizes",
        "explanations",
    ]
    assert result["assignments"] == {"a": "S1", "7": 2, "c": "S1", "d": None}
    # a: 1st choice, same county (0); 7: 1st choice, 469002 → 469001 same province (50);
    # d: no primary studio with room left → unassigned (100000)
    assert result["objective"] == 0 + 50 + 100000
    assert result["rank_profile"] == [2, 1, 0, 1]  # c (locked) counts at "S1", their 2nd choice
    assert result["studio_sizes"] == {"S1": 2, "2": 1}
    assert set(result["explanations"]) == {"a", "7", "c", "d"}
    assert result["explanations"]["c"] == "已锁定在工作室“S1”（不参与优化，不计成本）"
    assert result["explanations"]["d"] == "未填报志愿；未分配：与本人学段匹配的1个工作室均已满员"


def test_the_console_script_writes_the_same_result(tmp_path):
    expected = allocate(tmp_path, PROBLEM)
    output = tmp_path / "cli.json"
    completed = run_touyan(
        "allocate", "--input", str(tmp_path / "problem.json"), "--output", str(output)
    )
    assert completed.returncode == 0, completed.stderr
    assert "目标值 100050" in completed.stdout
    assert json.loads(output.read_text(encoding="utf-8")) == expected


def combined_instances(count: int, rng: random.Random) -> dict:
    """Several medium instances side by side in one problem (ids prefixed to stay apart)."""
    data: dict = {"studios": [], "applicants": []}
    for part_number in range(count):
        part = medium_instance(rng)
        rename = {studio["id"]: f"{part_number}-{studio['id']}" for studio in part["studios"]}
        data["studios"] += [{**studio, "id": rename[studio["id"]]} for studio in part["studios"]]
        for person in part["applicants"]:
            moved = {**person, "id": f"{part_number}-{person['id']}"}
            moved["choices"] = [rename.get(choice, choice) for choice in person["choices"]]
            if "locked" in person:
                moved["locked"] = rename[person["locked"]]
            data["applicants"].append(moved)
    return data


def test_same_input_gives_byte_identical_output_across_processes(tmp_path):
    data = combined_instances(6, random.Random(99))
    # Distance weighs nothing: many optima tie, and the tie must break the same way every time.
    data["weights"] = {"same_county": 0, "same_city": 0, "same_province": 0, "elsewhere": 0}
    problem_file = write(tmp_path, data)
    outputs = []
    for seed in ("1", "2", "3"):
        output = tmp_path / f"out{seed}.json"
        completed = run_touyan(
            "allocate",
            "--input",
            str(problem_file),
            "--output",
            str(output),
            env={"PYTHONHASHSEED": seed},
        )
        assert completed.returncode == 0, completed.stderr
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_invalid_input_exits_with_2_and_writes_nothing_through_the_console_script(tmp_path):
    output = tmp_path / "result.json"
    completed = run_touyan(
        "allocate", "--input", str(write(tmp_path, "{not json")), "--output", str(output)
    )
    assert completed.returncode == 2
    assert "JSON 格式错误：第 1 行第 2 列" in completed.stderr
    assert not output.exists()


def studio(**fields):
    return {"id": "S", "stages": ["junior"], "region": "460105", "min": 0, "max": 2, **fields}


def applicant(**fields):
    return {"id": "A", "stages": ["junior"], "region": "460105", "choices": ["S"], **fields}


def problem(studios=None, applicants=None, **extra):
    return {"studios": studios or [studio()], "applicants": applicants or [applicant()], **extra}


INVALID = {
    "malformed JSON": ('{"studios": [', "JSON 格式错误"),
    "not an object": ("[]", "输入必须是一个 JSON 对象"),
    "missing studios": ({"applicants": []}, "缺少 studios"),
    "unknown top-level field": (problem(weight={}), '未知的顶层字段 "weight"'),
    "duplicate studio id": (
        problem([studio(), studio()]),
        "工作室 “S”（studios[1]）：id 与 studios[0] 重复",
    ),
    "duplicate applicant id": (
        problem(applicants=[applicant(), applicant()]),
        "申请人 “A”（applicants[1]）：id 与 applicants[0] 重复",
    ),
    'ids 1 and "1" collide in the output': (
        problem(applicants=[applicant(id=1), applicant(id="1")]),
        "申请人 “1”（applicants[1]）：id 与 applicants[0] 重复",
    ),
    "missing id": (problem([studio(id=None)]), "studios[0]：id 必须是非空字符串或整数"),
    "unknown stage": (
        problem([studio(stages=["kindergarten"])]),
        '工作室 “S”（studios[0]）：未知学段 "kindergarten"',
    ),
    "empty stages": (
        problem(applicants=[applicant(stages=[])]),
        "申请人 “A”（applicants[0]）：stages 必须是非空列表",
    ),
    "five-digit region": (
        problem([studio(region="46010")]),
        '工作室 “S”（studios[0]）：region 必须是六位行政区划代码字符串，而不是 "46010"',
    ),
    "region as a number": (
        problem(applicants=[applicant(region=460105)]),
        "申请人 “A”（applicants[0]）：region 必须是六位",
    ),
    "region 00xxxx": (problem([studio(region="000105")]), "region 必须是六位行政区划代码"),
    "min above max": (
        problem([studio(min=3, max=2)]),
        "工作室 “S”（studios[0]）：min（3）大于 max（2）",
    ),
    "negative max": (
        problem([studio(max=-1)]),
        "工作室 “S”（studios[0]）：max 必须是非负整数，而不是 -1",
    ),
    "negative weight": (
        problem(weights={"unlisted": -5}),
        "weights.unlisted：必须是 0 到 1000000000 之间的整数，而不是 -5",
    ),
    "unknown weight": (problem(weights={"distance": 5}), 'weights：未知的权重 "distance"'),
    "choices not a list of ids": (
        problem(applicants=[applicant(choices=[["S"]])]),
        "申请人 “A”（applicants[0]）：choices 必须是",
    ),
    "locked on an unknown studio": (
        problem(applicants=[applicant(locked="T")]),
        '申请人 “A”（applicants[0]）：锁定的工作室 "T" 不存在',
    ),
    "locked with the wrong type of id": (
        problem(studios=[studio(id=5)], applicants=[applicant(locked="5")]),
        '锁定的工作室 "5" 不存在',
    ),
    "locked on an incompatible studio": (
        problem(applicants=[applicant(stages=["senior"], locked="S")]),
        '申请人 “A”（applicants[0]）：锁定的工作室 "S" 学段不匹配',
    ),
    "more locked than the maximum": (
        problem([studio(max=1)], [applicant(id=n, locked="S") for n in range(2)]),
        "工作室 “S”：锁定的申请人 2 人，超过 max（1）",
    ),
}


@pytest.mark.clause("HN-3.7")
@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_invalid_input_is_refused_with_exit_status_2_naming_the_field(tmp_path, case):
    data, message = INVALID[case]
    output = tmp_path / "result.json"
    with pytest.raises(CommandError) as refused:
        call_command("allocate", input=str(write(tmp_path, data)), output=str(output))
    assert refused.value.returncode == 2
    assert message in str(refused.value)
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "problem.json"]


def test_a_missing_input_file_exits_with_2(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command(
            "allocate", input=str(tmp_path / "absent.json"), output=str(tmp_path / "out.json")
        )
    assert refused.value.returncode == 2
    assert not (tmp_path / "out.json").exists()


def test_every_error_is_reported_at_once(tmp_path):
    data = problem([studio(min=5), studio(id="T", region="1")], [applicant(stages=["x"])])
    with pytest.raises(CommandError) as refused:
        call_command(
            "allocate", input=str(write(tmp_path, data)), output=str(tmp_path / "out.json")
        )
    text = str(refused.value)
    assert "min（5）大于 max（2）" in text and "“T”" in text and '未知学段 "x"' in text
