"""The runner: serves the reporting cycle's deployments, the daily tick on its schedule.

Run as `python -m flows.serve` (by `empact run` and `empact worker`). Serving registers each
deployment by name, replacing its schedules, so a restart never adds a second schedule.
Flow runs are processes of their own that import the flows by module path. With `--pool`,
it registers the same deployments on a work pool instead, for Prefect workers to run.
"""

import argparse
import asyncio
import os
import threading
from collections.abc import Sequence
from typing import Any

from prefect import deploy
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.exceptions import TerminationSignal
from prefect.runner import Runner
from prefect.schedules import Cron

from backend.orchestration import ON_REQUEST, TICK_DEPLOYMENT, prefect_api_url, talking_to
from backend.reporting.models import CycleFlow
from backend.settings import Settings, get_settings
from flows.cycles import CYCLE_FLOWS, cycle_tick


def deployments(settings: Settings) -> list[RunnerDeployment]:
    """The daily tick on its cron (UTC), and the four cycle flows, started on request."""
    tick = cycle_tick.to_deployment(
        name=TICK_DEPLOYMENT,
        schedule=Cron(settings.cycle_tick_cron, timezone="UTC", slug="daily-tick"),
        description="Opens, reminds, closes and consolidates the cycles that are due today.",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    on_request = [
        CYCLE_FLOWS[cycle_flow].to_deployment(
            name=ON_REQUEST,
            description=f"{cycle_flow} of one reporting cycle, started by Europol.",
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        for cycle_flow in CycleFlow
    ]
    return [tick, *on_request]


# A clean stop pauses five schedules in well under a second; past this, the server is gone
# and Prefect's client would retry for half a minute.
STOP_SECONDS = 5


class PromptRunner(Runner):
    """Prefect's runner, ended by SIGTERM within STOP_SECONDS even when the server it would
    tell is gone: what it leaves (a flow run in its process group) its supervisor ends."""

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        deadline = threading.Timer(STOP_SECONDS, os._exit, args=(1,))
        deadline.daemon = True
        deadline.start()
        super().handle_sigterm(*args, **kwargs)


def run_served(*served: RunnerDeployment, pause_on_shutdown: bool) -> None:
    """What prefect.serve does, with the PromptRunner."""
    runner = PromptRunner(pause_on_shutdown=pause_on_shutdown)
    for deployment in served:
        runner.add_deployment(deployment)
    try:
        asyncio.run(runner.start())
    except (KeyboardInterrupt, TerminationSignal):
        pass


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.serve", description=__doc__)
    parser.add_argument(
        "--keep-schedules",
        action="store_true",
        help="Leave the schedules active on stopping (several runners serve the same "
        "deployments); by default they are paused until the runner serves again.",
    )
    parser.add_argument(
        "--pool",
        metavar="NAME",
        help="Register the deployments on this (process) work pool and exit, instead of "
        "serving them: `prefect worker start --pool NAME` then runs their flow runs.",
    )
    options = parser.parse_args(argv)
    settings = get_settings()
    with talking_to(prefect_api_url(settings)):
        if options.pool:
            # The flows are imported by module path, from the installed package: nothing to
            # build or push.
            deploy(
                *deployments(settings),
                work_pool_name=options.pool,
                build=False,
                push=False,
                print_next_steps_message=False,
                ignore_warnings=True,
            )
            return
        run_served(*deployments(settings), pause_on_shutdown=not options.keep_schedules)


if __name__ == "__main__":
    main()
