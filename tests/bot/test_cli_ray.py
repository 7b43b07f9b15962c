"""`newsdesk index --ray`: the index of a single-process build, and without Ray or with a
bad address one clear line and exit code 2."""

from __future__ import annotations

import json
import socket
import sys

import numpy as np
import pytest

from bot.cli import main
from embeddings import store as disk


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_without_ray_says_how_to_install_it(capsys, config_file, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    code, out, err = run(capsys, "index", "--ray", "--config", str(config_file))
    assert code == 2 and out == ""
    assert "pip install 'newsdesk[ray]'" in err


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("ray://127.0.0.1:10001", "Ray Client address"),
        ("head-node", "is not a Ray address"),
        (f"127.0.0.1:{_closed_port()}", "no Ray cluster answers"),
    ],
)
def test_a_bad_address_is_one_line(capsys, config_file, address, message):
    pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'newsdesk[ray]'")
    code, _, err = run(capsys, "index", "--ray", address, "--config", str(config_file))
    assert code == 2 and message in err and len(err.splitlines()) == 1


def test_index_on_a_local_ray_equals_the_single_process_index(capsys, config_file, tmp_path):
    pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'newsdesk[ray]'")
    local, on_ray = tmp_path / "local", tmp_path / "on-ray"
    run(capsys, "index", "--config", str(config_file), "--index", str(local))
    code, out, _ = run(
        capsys, "index", "--ray", "--json", "--config", str(config_file), "--index", str(on_ray)
    )
    assert code == 0 and json.loads(out)["passages_embedded"] > 0
    one, two = disk.load(local), disk.load(on_ray)
    assert one.manifest.model == two.manifest.model == "hashing"
    assert np.array_equal(one.ann.vectors(), two.ann.vectors())
    # Nothing changed: nothing is embedded (and Ray is not started).
    code, out, _ = run(
        capsys, "index", "--ray", "--json", "--config", str(config_file), "--index", str(on_ray)
    )
    assert code == 0 and json.loads(out)["passages_embedded"] == 0
