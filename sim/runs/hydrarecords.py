"""A sweep run's ``.hydra/`` records, written without composing or rendering each run afresh.

Hydra records every job of a multirun in its directory: ``config.yaml`` (the job's
configuration), ``hydra.yaml`` (Hydra's own node) and ``overrides.yaml`` (the job's overrides),
each rendered from the job's composed configuration. Runs of a sweep that differ only in their
seed share everything else, so :class:`Records` renders one composed job of a configuration
once, with placeholders where the jobs differ (the seed, the overrides, the job's number, name
and directory), and fills them in for each run: the same text Hydra writes, at the cost of a few
string replacements.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from omegaconf import DictConfig, OmegaConf, open_dict, read_write
from omegaconf._utils import get_omega_conf_dumper

#: The files of a run's ``.hydra/`` directory.
CONFIG_FILE, HYDRA_FILE, OVERRIDES_FILE = "config.yaml", "hydra.yaml", "overrides.yaml"

#: Placeholders put in the rendered text where the runs differ (none is a value of a config).
_DIRNAME = "SALESCULTURE_RECORD_OVERRIDE_DIRNAME"
_JOB_ID = "SALESCULTURE_RECORD_JOB_ID"
_OUTPUT_DIR = "SALESCULTURE_RECORD_OUTPUT_DIR"
_TASK = "SALESCULTURE_RECORD_TASK"
_NUM = 918273645


def dump(value: Any) -> str:
    """``value`` as YAML, rendered as OmegaConf renders a configuration."""
    return yaml.dump(
        value,
        default_flow_style=False,
        allow_unicode=True,
        sort_keys=False,
        Dumper=get_omega_conf_dumper(),
    )


def _scalar(value: str) -> str:
    """A string as it appears after ``key: `` in OmegaConf's YAML."""
    return dump({"k": value})[len("k: ") :].rstrip("\n")


@dataclass
class Records:
    """The ``.hydra/`` texts of the runs of one configuration, rendered once.

    Attributes:
        config: ``config.yaml`` of the composed job, its seed line to be replaced.
        hydra: ``hydra.yaml`` of the composed job, with placeholders.
        seed_line: The line of ``config`` that holds the composed job's seed (None: no seed).
    """

    config: str
    hydra: str
    seed_line: str | None

    @classmethod
    def of(cls, job: DictConfig) -> Records:
        """Render a composed job (Hydra's node included) with placeholders.

        ``job`` is changed: its per-run fields hold the placeholders afterwards.
        """
        task = OmegaConf.masked_copy(job, [k for k in job if k != "hydra"])
        config = OmegaConf.to_yaml(task)
        seed = re.search(r"^seed: .*$", config, flags=re.MULTILINE)
        with writable(job):
            job.hydra.overrides.task = [_TASK]
            job.hydra.job.override_dirname = _DIRNAME
            job.hydra.job.id = _JOB_ID
            job.hydra.job.num = _NUM
            job.hydra.runtime.output_dir = _OUTPUT_DIR
        hydra = OmegaConf.to_yaml(OmegaConf.masked_copy(job, ["hydra"]))
        return cls(config=config, hydra=hydra, seed_line=seed.group(0) if seed else None)

    def render(
        self,
        seed: int | None,
        overrides: list[str],
        dirname: str,
        job_id: str,
        num: int,
        output_dir: str,
    ) -> dict[str, str]:
        """The texts of one run's ``.hydra/`` files, by file name.

        Args:
            seed: The run's seed (None: the composed job's).
            overrides: The run's task overrides (``hydra.overrides.task``).
            dirname: Its ``hydra.job.override_dirname``.
            job_id: Its ``hydra.job.id``.
            num: Its ``hydra.job.num``.
            output_dir: Its ``hydra.runtime.output_dir`` (absolute).
        """
        config = self.config
        if seed is not None and self.seed_line is not None:
            config = config.replace(self.seed_line, f"seed: {seed}", 1)
        hydra = _replace_list(self.hydra, _TASK, "task", overrides)
        hydra = hydra.replace(f"override_dirname: {_DIRNAME}\n", _line("override_dirname", dirname))
        hydra = hydra.replace(f"id: {_JOB_ID}\n", _line("id", job_id))
        hydra = hydra.replace(f"num: {_NUM}\n", f"num: {num}\n")
        hydra = hydra.replace(f"output_dir: {_OUTPUT_DIR}\n", _line("output_dir", output_dir))
        return {CONFIG_FILE: config, HYDRA_FILE: hydra, OVERRIDES_FILE: dump(list(overrides))}


@contextlib.contextmanager
def writable(job: DictConfig) -> Iterator[None]:
    """Meanwhile, the per-run fields of a composed job (Hydra makes some read-only) may be set."""
    hydra = job.hydra
    with contextlib.ExitStack() as stack:
        for node in (job, hydra, hydra.overrides, hydra.job, hydra.runtime):
            stack.enter_context(read_write(node))
            stack.enter_context(open_dict(node))
        yield


def _line(key: str, value: str) -> str:
    return f"{key}: {_scalar(value)}\n"


def _replace_list(text: str, placeholder: str, key: str, items: list[str]) -> str:
    """Replace ``key``'s one-item list ``[placeholder]`` by ``key`` holding ``items``."""
    found = re.search(rf"^( *){key}:\n *- {placeholder}\n", text, flags=re.MULTILINE)
    if found is None:
        raise ValueError(f"no {key} list to fill in")
    indent = found.group(1)
    block = "".join(f"{indent}{line}\n" for line in dump({key: list(items)}).splitlines())
    return text[: found.start()] + block + text[found.end() :]
