"""Timing helpers: wall clocks, percentiles, child processes with their peak memory."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """``function()`` and the seconds it took."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def timed_cpu(function: Callable[[], T]) -> tuple[T, float, float]:
    """``function()``, the wall seconds and the CPU seconds (all threads) it took."""
    cpu = time.process_time()
    result, wall = timed(function)
    return result, wall, time.process_time() - cpu


@dataclass(frozen=True)
class Rounds:
    """Repeated timings of one function, and what its last call returned."""

    walls: list[float]  # seconds, one per round
    cpus: list[float]  # CPU seconds of this process (all threads), one per round
    result: object


def round_robin(functions: dict[str, Callable[[], object]], rounds: int) -> dict[str, Rounds]:
    """Each of ``functions`` timed ``rounds`` times, taking turns (one call of each per
    round), so that a change in machine load hits them all alike."""
    walls: dict[str, list[float]] = {name: [] for name in functions}
    cpus: dict[str, list[float]] = {name: [] for name in functions}
    results: dict[str, object] = {}
    for _ in range(rounds):
        for name, function in functions.items():
            results[name], wall, cpu = timed_cpu(function)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {name: Rounds(walls[name], cpus[name], results[name]) for name in functions}


def percentile(samples: list[float], q: float) -> float:
    return float(np.percentile(samples, q))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


def ratio(value: float) -> str:
    return f"{value:.2f}×"


@dataclass(frozen=True)
class ChildRun:
    command: list[str]
    wall: float  # seconds, from start to exit
    max_rss_mb: float  # peak resident memory of the command's process
    returncode: int
    stdout: str
    stderr: str

    def check(self) -> ChildRun:
        if self.returncode != 0:
            raise RuntimeError(
                f"{' '.join(self.command)} exited with {self.returncode}:\n{self.stderr}"
            )
        return self


# Runs a command and reports its wall time and peak RSS. A child forked from this (large)
# process would report *our* peak RSS, which Linux carries over fork and exec into
# ru_maxrss; forked from this small wrapper, it starts from the wrapper's few MB.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as out:
    json.dump({"wall": wall, "max_rss_kib": peak, "returncode": code}, out)
"""


def run_child(command: list[str], cwd: Path | None = None) -> ChildRun:
    """Run ``command`` to completion (through the wrapper) and measure it."""
    with tempfile.TemporaryDirectory() as temp:
        report = Path(temp) / "usage.json"
        done = subprocess.run(
            [sys.executable, "-I", "-c", _WRAPPER, str(report), *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        if not report.exists():
            raise RuntimeError(f"the measuring wrapper failed:\n{done.stderr}")
        usage = json.loads(report.read_text())
    return ChildRun(
        command,
        usage["wall"],
        usage["max_rss_kib"] / 1024,
        usage["returncode"],
        done.stdout,
        done.stderr,
    )


def run_interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[ChildRun]]:
    """Each of ``commands`` run ``runs`` times (checked to succeed), taking turns, so that a
    burst of machine load hits every command."""
    done: dict[str, list[ChildRun]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            done[name].append(run_child(command).check())
    return done


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_notes() -> dict[str, str]:
    import torch

    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("torch", "sentence-transformers", "faiss-cpu", "bm25s", "pysbd")
    )
    return {
        "nproc": nproc,
        "CPU": _cpu_model(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "OS": platform.platform(),
        "torch threads": str(torch.get_num_threads()),
        "libraries": versions,
        "load average at start (1/5/15 min)": load_average(),
    }
