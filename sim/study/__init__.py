"""Studies made of many runs: experiments, sensitivity and robustness.

The reproducible experiments (:mod:`~sim.study.experiments`) run by ``reproduce``
(:mod:`~sim.study.reproduce`) and checked against their expected numbers
(:mod:`~sim.study.expected`) through their analysis scripts' headline numbers and tables
(:mod:`~sim.study.findings`); global sensitivity of a metric or of a paired difference
(:mod:`~sim.study.screening` chooses the parameters and ranges; :mod:`~sim.study.sensdesign`,
:mod:`~sim.study.sensitivity`, :mod:`~sim.study.sensrecord`, :mod:`~sim.study.sensplot`); and
robustness across sampled parameter points (:mod:`~sim.study.robustpoints`, which the
configuration reaches only through the ``salesculture.resolvers`` entry point, and
:mod:`~sim.study.robuststats`).

May import :mod:`sim.views`, :mod:`sim.runs`, :mod:`sim.world` and :mod:`sim.config`.
"""
