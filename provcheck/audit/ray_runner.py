"""Run an audit's jobs on Ray: one actor per worker loads the models once and checks briefing after briefing.

``address="auto"`` starts a local cluster of ``workers`` CPUs (``ray.init(num_cpus=N)``) and shuts it
down after; any other address joins that cluster (``ray.init(address=...)``), checked first with a
plain connection so an address that cannot be reached is one clear error, not a minute of retries.
When Ray is already started in this process, its cluster is used as it is and left running.
An actor that dies marks its briefing ``failed`` and is replaced; the run goes on.

>>> RayRunner("auto", workers=2).address
'auto'
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from provcheck.audit.records import Checked, Job, Status
from provcheck.audit.worker import MakeChecker, Worker, limit_threads
from provcheck.config import Settings
from provcheck.errors import ConfigError, InputError
from provcheck.pipeline import Checker

__all__ = ["RayRunner", "probe"]

_PROBE_S = 5.0


class _Actor:
    """The body of a Ray actor: one Worker, so the models load once per actor."""

    def __init__(self, settings: Settings, db: str, make_checker: MakeChecker, workers: int) -> None:
        limit_threads(workers)
        self.worker = Worker(settings, db, make_checker)

    def check(self, job: Job) -> Checked:
        return self.worker.check(job)


class RayRunner:
    """Checks jobs on Ray actors, one briefing in hand per actor, yielding each result as it comes."""

    def __init__(self, address: str = "auto", workers: int | None = None, *,
                 make_checker: MakeChecker = Checker) -> None:
        self.address = address
        self.workers = workers
        self.make_checker = make_checker

    def run(self, jobs: list[Job], settings: Settings, db: Path) -> Iterator[Checked]:
        """Check every job; each comes back once, in the order they finish."""
        ray = _import_ray()
        started = self._connect(ray)
        try:
            yield from self._dispatch(ray, jobs, settings, db)
        finally:
            if started:
                ray.shutdown()

    def _connect(self, ray: Any) -> bool:
        """Start or join the cluster; True when this run started it (and so shuts it down)."""
        if ray.is_initialized():
            return False
        options: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING,
                                   "log_to_driver": False}
        if self.address == "auto":
            ray.init(num_cpus=self.workers or os.cpu_count() or 1, **options)
            return True
        probe(self.address)
        try:
            ray.init(address=self.address, **options)
        except (ConnectionError, RuntimeError, ValueError) as err:
            raise InputError(f"Ray cluster at {self.address} refused the connection ({err}); "
                             "check the address that `ray start --head` printed") from err
        return True

    def _dispatch(self, ray: Any, jobs: list[Job], settings: Settings, db: Path) -> Iterator[Checked]:
        count = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_class = ray.remote(num_cpus=1)(_Actor)

        def new_actor() -> Any:
            return actor_class.remote(settings, str(Path(db).resolve()), self.make_checker, count)

        queue = list(reversed(jobs))
        idle = [new_actor() for _ in range(min(count, len(jobs)))]
        running: dict[Any, tuple[Job, Any]] = {}
        while queue or running:
            while queue and idle:
                actor, job = idle.pop(), queue.pop()
                running[actor.check.remote(job)] = (job, actor)
            ready, _ = ray.wait(list(running), num_returns=1)
            job, actor = running.pop(ready[0])
            try:
                yield ray.get(ready[0])
                idle.append(actor)
            except ray.exceptions.RayActorError:
                ray.kill(actor)
                idle.append(new_actor())
                yield Checked(name=job.name, status=Status.FAILED,
                              error="the Ray worker checking it died (killed, out of memory or a crash)")
            except ray.exceptions.RayError as err:
                idle.append(actor)
                yield Checked(name=job.name, status=Status.FAILED, error=f"{type(err).__name__}: {err}")


def probe(address: str, *, timeout_s: float = _PROBE_S) -> None:
    """Refuse, in one line, a Ray address whose host and port take no connection within ``timeout_s``.

    >>> probe("127.0.0.1:1", timeout_s=1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provcheck.errors.InputError: Ray cluster at 127.0.0.1:1 cannot be reached (Connection refused); ...
    """
    host, port = _host_port(address)
    try:
        socket.create_connection((host, port), timeout=timeout_s).close()
    except OSError as err:
        why = err.strerror or type(err).__name__
        raise InputError(f"Ray cluster at {address} cannot be reached ({why}); start one with `ray start --head` "
                         "and pass the address it prints, or use --ray auto for a local one") from err


def _host_port(address: str) -> tuple[str, int]:
    """``host`` and ``port`` of ``HOST:PORT`` or ``ray://HOST:PORT`` (port 10001 for ray://, else 6379)."""
    client = address.startswith("ray://")
    rest = address.removeprefix("ray://")
    host, _, port = rest.rpartition(":") if ":" in rest else (rest, "", "")
    try:
        return host.strip("[]") or "127.0.0.1", int(port) if port else (10001 if client else 6379)
    except ValueError as err:
        raise InputError(f"--ray {address}: not an address; write HOST:PORT, ray://HOST:PORT or auto") from err


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as err:
        raise ConfigError('Ray is not installed; install it with: pip install "ray==2.60.0" '
                          '(or pip install -e ".[dev]"), or leave out --ray to use the local process pool') from err
    return ray
