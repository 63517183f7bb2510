"""What one browser session of the live page runs: a configuration, and optionally a second one.

A :class:`LiveSession` is a Mesa model, so Mesa's SolaraViz controller can step, play and reset
it. It holds one :class:`sim.world.model.SalesCultureModel` (``left``) and, for a side-by-side view,
a second one (``right``) built on the same seed: both draw the same customers and the same luck
from their named random streams (common random numbers), so the difference between their
curves is the regime's, not noise. Each browser session builds its own session, so two people
on the page never share a model. With ``salesculture live --company NAME`` every model the page
builds runs in the company's fitted world at its posterior mean (:data:`COMPANY`).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

import mesa
from mesa.time import EventGenerator, Priority, Schedule

from salesculture.sim.config.compose import compose_with_choices
from salesculture.sim.config.configdirs import PRESET_GROUP
from salesculture.sim.config.labels import label
from salesculture.sim.config.params import iter_params
from salesculture.sim.config.schema import REGIME_AXES, SimConfig
from salesculture.sim.world.model import SalesCultureModel
from salesculture.sim.world.stages.switching import current_option

#: The value of a regime picker that keeps what the preset chooses.
AS_PRESET = "as preset"
#: The value of the second-configuration picker that shows one configuration alone.
ALONE = "none"
#: Overrides under every configuration of the page (``salesculture live --set KEY=VALUE``),
#: e.g. a smaller market for a slow laptop; set once when the page is served.
WORLD: list[str] = []
#: The preset the sliders start from (under the page's company and world).
START_PRESET = "baseline"


@dataclass(frozen=True)
class Company:
    """The company whose fitted world the page runs in (``salesculture live --company NAME``)."""

    name: str
    #: Its world and posterior mean as overrides (:func:`sim.runs.companyworld.centre`).
    overrides: tuple[str, ...]


#: The page's company, if any; set once when the page is served.
COMPANY: Company | None = None


def company_ground(preset: str) -> list[str]:
    """The company's overrides under ``preset`` (none without a company).

    Its world and posterior mean, less a regime axis the preset chooses itself and a key the
    page's ``--set`` sets (:func:`sim.runs.companyworld.ground`).
    """
    if COMPANY is None:
        return []
    from salesculture.sim.config.overrides import override_key
    from salesculture.sim.runs.companyworld import ground

    keys = [override_key(o) for o in WORLD]
    return ground(list(COMPANY.overrides), [f"{PRESET_GROUP}={preset}"], keys)


def page_defaults() -> SimConfig:
    """The configuration the sliders start from: the first preset under the page's world.

    The company's world and posterior mean, then ``--set``: a slider reads what runs until it
    is moved, and a slider left there keeps each preset's own value.
    """
    from salesculture.sim.config.configdirs import extra_dirs

    overrides = (f"{PRESET_GROUP}={START_PRESET}", *company_ground(START_PRESET), *WORLD)
    return _composed(overrides, tuple(map(str, extra_dirs())))


@functools.lru_cache(maxsize=8)
def _composed(overrides: tuple[str, ...], dirs: tuple[str, ...]) -> SimConfig:
    return compose_with_choices(list(overrides))[0]


def company_note() -> str:
    """What the page says of its company (empty without one)."""
    if COMPANY is None:
        return ""
    return f"company {COMPANY.name}: its fitted world at the posterior mean"


@dataclass(frozen=True)
class Choice:
    """A configuration chosen on the page: a preset, the axes changed from it, parameters."""

    preset: str
    axes: tuple[tuple[str, str], ...] = ()  #: (axis, option) pairs that differ from the preset
    parameters: tuple[tuple[str, object], ...] = ()  #: (dotted name, value) pairs

    def overrides(self) -> list[str]:
        """The Hydra overrides of this choice (the preset excluded)."""
        return [f"{axis}={option}" for axis, option in self.axes] + [
            f"{name}={value}" for name, value in self.parameters
        ]

    def compose(self, seed: int, years: int) -> tuple[SimConfig, str]:
        """The validated configuration and its label (:func:`sim.config.labels.label`).

        The page's company (:func:`company_ground`) and :data:`WORLD` overrides come first; the
        choice's own come after them. The label names every axis and parameter the choice
        changes from the preset under the page's world (the world itself is the same for every
        configuration of the page).
        """
        overrides = self.overrides()
        world = [*company_ground(self.preset), *WORLD]
        config, choices = compose_with_choices(
            [f"{PRESET_GROUP}={self.preset}", f"seed={seed}", f"years={years}", *world, *overrides]
        )
        reference = compose_with_choices([f"{PRESET_GROUP}={self.preset}", *world])
        return config, label(self.preset, overrides, config, choices, reference, world=True)


class LiveSession(mesa.Model):
    """One configuration, or two side by side on the same seed, stepped together.

    Args:
        preset: The preset of the left configuration.
        versus: The preset of the right configuration, or :data:`ALONE`.
        seed: The seed of both configurations.
        years: The horizon in years.
        settings: Regime axes (``leadership="sales_led"``, :data:`AS_PRESET` to keep the
            preset's) and parameters by dotted name (``"workforce.salespeople": 40``), applied
            to both configurations. A parameter at its start value (:func:`page_defaults`)
            leaves the preset's own value (a slider starts there).
        rng: The seed, as Mesa's batch runner passes it (overrides ``seed``).
        scenario: Mesa's scenario object, which Mesa's controller passes on reset; unused, as
            a configuration is composed from a preset and overrides.
    """

    def __init__(
        self,
        preset: str = "baseline",
        versus: str = ALONE,
        seed: int = 0,
        years: int = 5,
        rng: int | None = None,
        scenario: object | None = None,
        **settings: object,
    ) -> None:
        seed = int(seed if rng is None else rng)
        super().__init__(rng=seed)
        self.seed = seed
        self.years = int(years)
        axes = tuple(
            (axis, str(value))
            for axis, value in settings.items()
            if axis in REGIME_AXES and value != AS_PRESET
        )
        baseline = {name: value for name, value, _, _ in iter_params(page_defaults())}
        parameters = tuple(
            (name, value)
            for name, value in settings.items()
            if name not in REGIME_AXES and value != baseline.get(name)
        )
        #: What was asked for, by control name (what the page's controls compare with).
        self.requested: dict[str, object] = {
            "preset": preset,
            "versus": versus,
            "seed": seed,
            "years": self.years,
            **settings,
        }
        self.choices = [Choice(preset, axes, parameters)]
        if versus != ALONE:
            self.choices.append(Choice(versus, axes, parameters))
        built = [choice.compose(seed, self.years) for choice in self.choices]
        self.labels = [name for _, name in built]
        self.configs = [config for config, _ in built]
        self.models = [SalesCultureModel(config) for config in self.configs]
        self.running = True
        #: Held while a week is stepped or the session is rewound: Mesa's play loop steps in
        #: its own thread while a switch arrives from the browser.
        self.lock = threading.Lock()

    @property
    def left(self) -> SalesCultureModel:
        """The first configuration's model."""
        return self.models[0]

    @property
    def right(self) -> SalesCultureModel | None:
        """The second configuration's model, if the page shows two."""
        return self.models[1] if len(self.models) > 1 else None

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return self.left.week

    @staticmethod
    def regime(model: SalesCultureModel) -> dict[str, str]:
        """The option of every regime axis a model runs now."""
        return {axis: getattr(model.cfg, axis).regime for axis in REGIME_AXES}

    def step(self) -> None:
        """Advance every configuration by one week."""
        with self.lock:
            for model in self.models:
                if model.running:
                    model.step()
            self.running = any(model.running for model in self.models)

    def switch(self, axis: str, option: str, shown: int | None = None) -> bool:
        """Switch a regime axis of every configuration from the week after ``shown`` on.

        Mesa's play loop runs ahead of what the browser draws, so a switch pressed while
        playing arrives weeks after the week on screen. Given the week the page showed
        (``shown``), the session first goes back to it (:meth:`rewind`) and switches there: the
        switch applies from week ``shown + 1``, as when paused. Each model continues under the
        new option (:meth:`sim.world.model.SalesCultureModel.switch_regime`).

        Returns:
            Whether any configuration changed (a switch to the option in force changes none).
        """
        with self.lock:
            if shown is not None and 0 <= shown < self.week:
                self._rewind(shown)
            changed = [model.switch_regime(axis, option) for model in self.models]
            return any(changed)

    def rewind(self, week: int) -> None:
        """Go back to the end of ``week``, keeping the switches made up to it.

        The models are deterministic on their seed: they are built again and replayed, with
        the switches that applied from week ``week`` or earlier; later ones are dropped.
        """
        with self.lock:
            self._rewind(week)

    def _rewind(self, week: int) -> None:
        kept = [(at, axis, new) for at, axis, _old, new in self.left.switches if at <= week]
        self.models = [SalesCultureModel(config) for config in self.configs]
        for done in range(week):
            for at, axis, new in kept:
                if at == done + 1:
                    for model in self.models:
                        model.switch_regime(axis, new)
            for model in self.models:
                if model.running:
                    model.step()
        self.running = any(model.running for model in self.models)
        self._restart_clock(week)

    def _restart_clock(self, week: int) -> None:
        """Set Mesa's clock (its Information card's ``Time``) back to ``week``.

        Mesa steps a model through an event generator scheduled once a time unit; going back
        in time needs a new one from the next week on (Mesa 3.5's ``Model.__init__`` builds it).
        """
        self._default_schedule.stop()
        self.time, self.steps = float(week), week
        self._default_schedule = EventGenerator(
            self, self._do_step, Schedule(interval=1.0, start=week + 1.0), priority=Priority.HIGH
        ).start()

    def in_force(self, axis: str) -> str:
        """The option of regime ``axis`` the (left) configuration runs now."""
        return current_option(self.left, axis)

    def switch_marks(self) -> list[tuple[int, str]]:
        """The switches made so far: (week, ``axis: option``), for marking the charts."""
        return [(week, f"{axis}: {new}") for week, axis, _old, new in self.left.switches]
