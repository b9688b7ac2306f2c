"""Time ``touyan allocate`` end to end: a fresh process per run, wall time including start-up.

    .venv/bin/python benchmarks/allocation/run.py               # national and province, 3 runs each
    .venv/bin/python benchmarks/allocation/run.py --repeat 5 --scale national

Peak memory is the child's maximum resident set size, from ``/usr/bin/time -v`` when it exists
and from ``getrusage(RUSAGE_CHILDREN)`` otherwise. Exits with 1 when a target of issue 5 is
missed: national under 5 s and 1 GB, province under 1 s.
"""

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = {"national": (5.0, 1024), "province": (1.0, 1024)}  # seconds, MiB


def touyan_command() -> list[str]:
    script = Path(sys.executable).with_name("touyan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "touyan"]


def run_once(problem: Path, result: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one ``touyan allocate``."""
    command = [*touyan_command(), "allocate", "--input", str(problem), "--output", str(result)]
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if timer:
        command = [timer, "-v", *command]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"touyan allocate failed ({completed.returncode}):\n{completed.stderr}")
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", completed.stderr)
    if found:
        return wall, int(found.group(1)) / 1024
    # ru_maxrss is in KiB on Linux and the largest of all children so far: a fair upper bound.
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("national", "province", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    scales = ("national", "province") if arguments.scale == "both" else (arguments.scale,)
    missed = False
    with tempfile.TemporaryDirectory() as folder:
        for scale in scales:
            problem = Path(folder) / f"{scale}.json"
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate.py"),
                    "--scale",
                    scale,
                    "--seed",
                    str(arguments.seed),
                    "--output",
                    str(problem),
                ],
                check=True,
            )
            runs = [
                run_once(problem, Path(folder) / f"{scale}.result.json")
                for _ in range(arguments.repeat)
            ]
            walls, peaks = [wall for wall, _ in runs], [peak for _, peak in runs]
            seconds, mebibytes = TARGETS[scale]
            ok = max(walls) < seconds and max(peaks) < mebibytes
            missed |= not ok
            print(
                f"{scale:9} wall min {min(walls):.2f} s, median {statistics.median(walls):.2f} s, "
                f"max {max(walls):.2f} s; peak RSS {max(peaks):.0f} MiB "
                f"(target < {seconds:g} s, < {mebibytes} MiB: {'ok' if ok else 'MISSED'})"
            )
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
