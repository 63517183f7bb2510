"""Calibration of a company: its unknown parameters fitted to its own figures.

:mod:`~sim.study.calibration.figures` computes a company's figures from a simulated run;
:mod:`~sim.study.calibration.choice` chooses the parameters to fit (a Morris screening) and their
priors; :mod:`~sim.study.calibration.abc` runs ABC-SMC (pyabc) with particles planned by index,
so that a fit is repeatable and resumable; :mod:`~sim.study.calibration.store` keeps finished
simulations; :mod:`~sim.study.calibration.fit` puts these together and checks the fit against
the observations; :mod:`~sim.study.calibration.holdout` predicts years held out;
:mod:`~sim.study.calibration.report` writes the posterior, the record, the fitted config and the
report. The fit is read back by :mod:`sim.config.posterior`.
"""
