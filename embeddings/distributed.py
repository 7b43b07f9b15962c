"""Bulk embedding on Ray: the same ``Encoder``, its model run in a pool of Ray actors.

``newsdesk index --ray [ADDRESS]`` builds with a ``RayEncoder``: the texts become a Ray
Data dataset, ``map_batches`` sends them through a fixed pool of actors that each load the
model once, and the vectors come back in the order of the texts. The build, the manifest
and the vectors are those of a single-process build (on GPUs, up to float rounding: other
kernels). Queries embed locally (one short text does not pay for a round trip).

Ray is an optional extra (``pip install 'newsdesk[ray]'``): it is imported only here,
only when a ``RayEncoder`` embeds.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import socket
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from .encoders import Runtime, make_encoder
from .errors import ModelError

#: What a user without the extra is told to run.
INSTALL_HINT = "pip install 'newsdesk[ray]'"
#: Actors of a local Ray: this machine's cores, one model each (torch then runs one
#: thread per actor, as Ray sets OMP_NUM_THREADS to an actor's CPUs).
LOCAL_CPUS = os.cpu_count() or 1


class EmbedActor:
    """One Ray Data worker: loads the model once, then embeds batch after batch.

    A row of the dataset is one batch of the model (see ``RayEncoder.encode``); a row of
    the output is one text's vector, with the text's row in the input.
    """

    def __init__(
        self, model: str, batch_size: int, device: str, runtime: Runtime, cache: Path | None
    ):
        self._encoder = make_encoder(model, batch_size, device, runtime, cache)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        rows = np.concatenate(list(batch["rows"]))
        texts = [str(text) for texts in batch["texts"] for text in texts]
        return {"row": rows, "vector": self._encoder.encode(texts)}


class RayEncoder:
    """An ``Encoder`` whose ``encode`` runs model ``name`` on Ray actors.

    ``address`` is a running Ray cluster's head (``HOST:6379``, or ``auto`` on one of its
    nodes); without one, a local Ray is started on first use with ``LOCAL_CPUS``
    CPUs, on 127.0.0.1 and without its dashboard, and stopped by ``close()``. A Ray
    already started in this process (``ray.init`` by the caller) is used as it is.
    ``workers`` is the size of the actor pool (default: one actor per GPU of the
    cluster, each running the model on its GPU, or per CPU when there is no GPU).
    ``runtime`` and ``cache`` are ``make_encoder``'s: an ONNX runtime's export is made here
    before the actors start, so that actors on this machine find it made (an actor on
    another machine exports into the same path there).
    """

    def __init__(
        self,
        name: str,
        batch_size: int = 32,
        address: str | None = None,
        workers: int | None = None,
        runtime: Runtime = "torch",
        cache: Path | None = None,
    ):
        if importlib.util.find_spec("ray") is None:
            raise ModelError(f"--ray needs Ray, which is not installed: {INSTALL_HINT}")
        if address is not None:
            _check_form(address)
        self.name = name
        self.batch_size = batch_size
        self.address = address
        self.workers = workers
        self.runtime: Runtime = runtime
        self.cache = cache
        self._dimension: int | None = None
        self._started_ray = False

    @property
    def dimension(self) -> int:
        if self._dimension is None:  # nothing embedded yet: the actors tell it
            self._dimension = int(self.encode(["dimension"]).shape[1])
        return self._dimension

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        import ray.data

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self._connect()
        if self.runtime != "torch" and self._dimension is None:  # exports, if not done yet
            self._dimension = make_encoder(self.name, 1, "cpu", self.runtime, self.cache).dimension
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = progress
        # The model's batches are those a single process makes: sentence-transformers
        # sorts the texts longest first and cuts them into batches of batch_size. A vector
        # depends on the batch it was padded in (by ~1e-7), so the same batches give
        # vectors identical to a single-process build, and sorted batches pad little.
        order = np.argsort([-len(text) for text in texts])
        batches = [
            {"rows": rows, "texts": [texts[row] for row in rows]}
            for rows in (
                order[i : i + self.batch_size] for i in range(0, len(texts), self.batch_size)
            )
        ]
        # A block per batch: the actors take them as they finish the last.
        dataset = ray.data.from_items(batches, override_num_blocks=len(batches))
        # An actor per GPU of the cluster if it has any, else an actor per CPU.
        gpus = int(ray.cluster_resources().get("GPU", 0))
        workers = self.workers or gpus or int(ray.cluster_resources().get("CPU", 1))
        vectors = dataset.map_batches(
            EmbedActor,
            fn_constructor_args=(
                self.name,
                self.batch_size,
                "cuda" if gpus else "cpu",
                self.runtime,
                self.cache,
            ),
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=max(1, min(workers, len(batches)))),
            num_cpus=1,
            num_gpus=1 if gpus else 0,
        )
        # Ray Data may finish blocks out of order: each vector carries its text's row.
        matrix = np.zeros((0, 0), dtype=np.float32)
        for batch in vectors.iter_batches(batch_size=None, batch_format="numpy"):
            if matrix.size == 0:
                matrix = np.zeros((len(texts), batch["vector"].shape[1]), dtype=np.float32)
            matrix[batch["row"]] = batch["vector"]
        self._dimension = matrix.shape[1]
        return matrix

    def _connect(self) -> None:
        import ray

        if ray.is_initialized():
            return
        # Ray reports usage statistics to its makers unless told not to.
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if not logging.getLogger().isEnabledFor(logging.DEBUG):  # -v shows Ray's chatter
            for name in ("ray", "ray.data"):
                logging.getLogger(name).setLevel(logging.ERROR)
            # Ray Data's own actors log an error line from C++ for their restart policy.
            os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
        options: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
        if self.address is not None:
            _check_listening(self.address)
            options["address"] = self.address
        else:  # "local" starts one of our own, even beside a cluster this machine is in
            options |= {
                "address": "local",
                "num_cpus": LOCAL_CPUS,
                "include_dashboard": False,
                "_node_ip_address": "127.0.0.1",
            }
        try:
            ray.init(**options)
        except (ConnectionError, ValueError, RuntimeError) as exc:
            where = f"the Ray cluster at {self.address!r}" if self.address else "a local Ray"
            raise ModelError(f"cannot start or reach {where}: {exc}") from exc
        self._started_ray = True

    def close(self) -> None:
        """Stops the local Ray this encoder started (a cluster keeps running)."""
        if self._started_ray:
            import ray

            ray.shutdown()
            self._started_ray = False

    def __enter__(self) -> RayEncoder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


ADDRESS_FORMS = "give a running cluster's address as HOST:6379 (its head node) or auto"


def _check_form(address: str) -> None:
    """Refuses what is not the address of a cluster's head, before the corpus is read."""
    if address.startswith("ray://"):
        # Ray Data plans its work in the driver, which Ray Client keeps off the cluster.
        raise ModelError(
            f"{address!r} is a Ray Client address, which Ray Data does not run over: run "
            "newsdesk on a node of the cluster with --ray auto or --ray HEAD:6379"
        )
    if address == "auto":  # the cluster this machine belongs to: Ray says at once if none
        return
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ModelError(f"{address!r} is not a Ray address: {ADDRESS_FORMS}")


def _check_listening(address: str) -> None:
    """Refuses at once an address nothing listens at: Ray would retry it for minutes."""
    if address == "auto":
        return
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=5):
            pass
    except OSError as exc:
        raise ModelError(
            f"no Ray cluster answers at {address!r} ({exc}): {ADDRESS_FORMS} "
            "(see `ray start --head`)"
        ) from exc
