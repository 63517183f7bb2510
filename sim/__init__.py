"""salesculture's engine, in layers; a module imports only from its own layer and those below.

- :mod:`sim.cli` and :mod:`sim.commands` — the command line, one module per subcommand;
- :mod:`sim.docgen` — the writers of the generated sections of the docs;
- :mod:`sim.study` — experiments and reproduce, expected numbers, sensitivity, robustness;
- :mod:`sim.views` — the plotting vocabulary, figures, text tables, the live page;
- :mod:`sim.runs` — the runner, compare, sweeps and launchers, aggregate, run files and caches;
- :mod:`sim.world` — the Mesa model, its weekly stages and state, metrics, random streams
  (with the employees in ``agents/`` and the regimes in ``scenarios/``);
- :mod:`sim.config` — the structured configuration, composition and validation.

The rule is stated as import-linter contracts in ``pyproject.toml`` and checked by
``tests/test_import_layers.py``. Importing this package loads nothing.

Installed, this folder is the package ``salesculture.sim`` (and ``agents/``, ``scenarios/`` are
``salesculture.agents``, ``salesculture.scenarios``; ``pyproject.toml``'s package-dir); imports
spell the full name. Docstrings name modules by their folder: ``sim.world.model`` is
``sim/world/model.py``, imported as ``salesculture.sim.world.model``.
"""
