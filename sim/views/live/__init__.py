"""The live page (``salesculture live``): one or two running models, for a room to watch.

What a browser session runs (:mod:`~sim.views.live.session`: one or two models on one seed,
switched mid-run from the week on screen); the sidebar (:mod:`~sim.views.live.sidebar`: Mesa's
player, the speed, and controls generated from the parameter metadata in
:mod:`~sim.views.live.controls`); the charts drawn as SVG text (:mod:`~sim.views.live.charts`,
:mod:`~sim.views.live.svg`); guided sessions, a facilitator's script in YAML played step by step
(:mod:`~sim.views.live.guide`, its card :mod:`~sim.views.live.guidecard`, the shipped scripts in
``sessions/``); the page (:mod:`~sim.views.live.app`, with the switch button
``switch_button.vue``) and its local server (:mod:`~sim.views.live.server`).
"""
