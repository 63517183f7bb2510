"""What a person sees: figures, text tables and the live page.

The shared plotting vocabulary of colours, line styles, names and units
(:mod:`~sim.views.vocabulary`), the panels figures are made of (:mod:`~sim.views.panels`), the
figure of a comparison or sweep (:mod:`~sim.views.plots`), an explanation as text, Markdown or
CSV (:mod:`~sim.views.explaintext`), a preset shown against the baseline (:mod:`~sim.views.show`),
and the live page for workshops (:mod:`sim.views.live`).

May import :mod:`sim.runs`, :mod:`sim.world` and :mod:`sim.config`; never the study layer.
"""
