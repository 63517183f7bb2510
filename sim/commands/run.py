"""``salesculture run``: one configuration, named by its label, run with Hydra."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path


def cmd_run(args: argparse.Namespace) -> int:
    """Check the overrides and the run's directory, name the run, and run it with Hydra."""
    from salesculture.sim.commands.common import fail
    from salesculture.sim.config.compose import output_dirs
    from salesculture.sim.config.labels import axes, labelled
    from salesculture.sim.config.overrides import is_hydra_override, override_key
    from salesculture.sim.runs.paths import (
        check_output_dir,
        first_missing,
        lock_directory,
        remove_made,
        safe_name,
    )
    from salesculture.sim.runs.runfiles import SUMMARY_FILE
    from salesculture.sim.runs.sweepdir import check_launcher

    overrides = list(args.overrides)
    check_launcher(overrides)  # a launcher whose extra is missing: one line saying which
    task = [o for o in overrides if not is_hydra_override(o)]
    own = [o for o in overrides if is_hydra_override(o)]
    config, choices, name = labelled(None, task)
    if any(override_key(o) == "hydra.run.dir" for o in own):
        directory = output_dirs(own)["run"]
    else:
        started = datetime.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        directory = f"outputs/runs/{safe_name(name)}/seed{config.seed}_{started}"
        if own:
            output_dirs(own)  # one line for an override of Hydra's own it cannot apply
        overrides.append(f"hydra.run.dir='{directory}'")
    check_output_dir(directory, "hydra.run.dir")
    from salesculture.sim.runs.hydra_app import RUN, run_hydra

    RUN.update(label=name, overrides=task, axes=axes(choices), profile=args.profile)
    made = first_missing(Path(directory)) if "$" not in directory else None
    held = None
    try:
        if "$" not in directory:  # else resolved by Hydra: not known before it writes
            Path(directory).mkdir(parents=True, exist_ok=True)
            try:
                held = lock_directory(Path(directory))
            except BlockingIOError:  # the other run's directory: left as it is
                made = None
                return fail(
                    f"hydra.run.dir={directory}: another run is writing into it; wait for it to "
                    "end, or use another directory"
                )
        run_hydra(overrides)
    except BaseException as error:  # e.g. Hydra's own records could not be written
        if made is not None and not (Path(directory) / SUMMARY_FILE).exists():
            remove_made(Path(directory), made)
        if isinstance(error, OSError) and error.filename is None:
            raise OSError(error.errno, error.strerror, directory) from error
        raise
    finally:
        if held is not None:
            os.close(held)
    return 0
