"""Running and keeping runs: one way to run the model, for every entry point.

The runner (:mod:`~sim.runs.runner`) runs one configuration; a comparison runs presets on paired
seeds in a pool of reused workers (:mod:`~sim.runs.compare`, :mod:`~sim.runs.comparetable`,
:mod:`~sim.runs.stats`) and explains a paired difference channel by channel
(:mod:`~sim.runs.explain`), or runs them in a fitted company's world over its posterior draws
(:mod:`~sim.runs.companycompare`, :mod:`~sim.runs.companytable`); a sweep is a Hydra multirun
(:mod:`~sim.runs.hydra_app`, :mod:`~sim.runs.sweep`, :mod:`~sim.runs.sweepdir`,
:mod:`~sim.runs.launch`, :mod:`~sim.runs.sweepbatch`, :mod:`~sim.runs.jobhooks`,
:mod:`~sim.runs.hydrarecords`, :mod:`~sim.runs.progress`) aggregated into a table and report
(:mod:`~sim.runs.aggregate`; which runs it compares: :mod:`~sim.runs.comparable`). Around them: run
files written atomically and a cache of finished runs (:mod:`~sim.runs.runfiles`,
:mod:`~sim.runs.runcache`), generated doc sections (:mod:`~sim.runs.docblocks`), output paths
checked before anything runs (:mod:`~sim.runs.paths`), Ctrl-C within seconds
(:mod:`~sim.runs.interrupts`), provenance (:mod:`~sim.runs.provenance`), repeating a recorded run
(:mod:`~sim.runs.rerun`) and the command line's defaults (:mod:`~sim.runs.defaults`).

May import :mod:`sim.world`, ``agents``, ``scenarios`` and :mod:`sim.config`; never the study,
views, docs or command-line layers (a sweep's figure is drawn by what the command line passes).
"""
