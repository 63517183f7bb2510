"""The live page (``salesculture live``): Mesa's SolaraViz around one or two running models.

What a browser session runs (:mod:`~sim.views.live.session`), its controls generated from the
parameter metadata (:mod:`~sim.views.live.controls`), its charts drawn as SVG text
(:mod:`~sim.views.live.charts`, :mod:`~sim.views.live.svg`), the page
(:mod:`~sim.views.live.app`) and its local server (:mod:`~sim.views.live.server`).
"""
