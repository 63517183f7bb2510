"""Writers of the generated sections of the docs, each kept current by a test.

``docs/parameters.md`` from the parameter metadata (:mod:`~sim.docgen.paramdoc`), the table of
summary metrics in ``docs/odd.md`` (:mod:`~sim.docgen.metricdoc`), the tables of
``docs/regimes.md`` from the config groups (:mod:`~sim.docgen.regimedoc`) and the index of
experiments in ``docs/experiments.md`` (:mod:`~sim.docgen.experimentdoc`). Each runs as
``python -m sim.docgen.NAME``; ``make published`` runs them all.

May import every layer below the command line.
"""
