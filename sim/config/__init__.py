"""Configuration: what a run is, before anything runs.

The structured configuration (:mod:`~sim.config.schema`, one dataclass per section) and the
parameter metadata every mechanism parameter carries (:mod:`~sim.config.params`: unit, range,
source); composing a run from ``conf/`` and overrides with Hydra (:mod:`~sim.config.compose`)
or, for option-only overrides, straight from the YAML files (:mod:`~sim.config.yamlcompose`,
checked against Hydra's result on every preset); validation into one clear line
(:mod:`~sim.config.validation`, :mod:`~sim.config.overridesyntax`,
:mod:`~sim.config.hydraerrors`); config directories of one's own
(:mod:`~sim.config.configdirs`); what a run is called (:mod:`~sim.config.labels`); the
arithmetic of time units and head-count plans that the model and validation share
(:mod:`~sim.config.weeks`, :mod:`~sim.config.rates`, :mod:`~sim.config.headcount`); and a
company of one's own: its profile (:mod:`~sim.config.company`: known facts,
:mod:`~sim.config.companyfacts`; observed figures, :mod:`~sim.config.observations`,
:mod:`~sim.config.figures`; a CRM export, :mod:`~sim.config.crm`) and its fit, read back
(:mod:`~sim.config.posterior`).

The bottom layer: it imports nothing else of the project. Within it, modules import one another
in one direction, from ``errors`` and ``schema`` up to ``compose``, ``yamlcompose`` and
``labels``.
"""
