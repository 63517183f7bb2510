"""The command line: one module per subcommand, under :mod:`sim.cli`.

The parser (:mod:`~sim.commands.parser`) builds every subcommand's arguments without loading the
model, Hydra or NumPy, so ``salesculture --help`` answers at once; each subcommand's module
checks its input, then hands it to the layer that does the work. Errors reach the top as one
line (:mod:`~sim.commands.common`).

The top layer: may import every other; nothing imports it except :mod:`sim.cli`.
"""
