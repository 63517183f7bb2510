"""The world: the Mesa model of a company and its market, week by week.

:class:`~sim.world.model.SalesCultureModel` sets up the state and runs the weekly plan, a
declared list of stages (:mod:`sim.world.stages`: pre-sale, sale, delivery, service, resale,
culture, people, staffing, regime switches). The state it runs on: customers as a
struct of arrays (:mod:`~sim.world.customers`), employees' state as arrays over slots and their
influence network (:mod:`~sim.world.workforce`), the ledger of revenue and cost
(:mod:`~sim.world.ledger`), the weekly flows (:mod:`~sim.world.flows`), named random streams for
common random numbers (:mod:`~sim.world.streams`, :mod:`~sim.world.seeding`,
:mod:`~sim.world.quantiles`); what a run reports (:mod:`~sim.world.metrics`, each summary metric
declared once in :mod:`~sim.world.metricdefs`); and where its time goes
(:mod:`~sim.world.profiling`). Employees are Mesa agents in the top-level ``agents`` package;
regimes are policy objects in ``scenarios``.

Imports :mod:`sim.config` only. Inside, the model imports the stages, which use the agents and
regimes, which use the state (``pyproject.toml``'s ``world`` contract); stages, agents and
regimes see the model through the protocol of what they may read and write, not its class.
"""
