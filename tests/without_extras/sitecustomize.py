"""Make the optional extras' modules unimportable, as in a base install (``pip install -e .``).

Put this directory first on ``PYTHONPATH`` of a subprocess: Python imports this module at
start-up, and every module below then fails to import (``ModuleNotFoundError``) and is not
found by ``importlib.util.find_spec``, as when its package is not installed. The extras are
those of pyproject.toml: ``live``, ``test``, ``ray`` and ``slurm``.
"""

import sys

#: Top-level modules (and the launcher plugins) that only the extras install.
BLOCKED = (
    # live: the page, its server and Mesa's visualization's own needs
    "solara",
    "reacton",
    "ipyvue",
    "ipyvuetify",
    "altair",
    "starlette",
    "uvicorn",
    # test
    "pytest",
    "xdist",
    "duckdb",
    "importlinter",
    "playwright",
    # ray, slurm
    "ray",
    "submitit",
    "hydra_plugins.hydra_ray_launcher",
    "hydra_plugins.hydra_submitit_launcher",
)

for name in BLOCKED:
    sys.modules[name] = None  # type: ignore[assignment]  # "import halted": not installed
