"""Bad and odd input to every subcommand: one line, no traceback, exit 2, nothing written.

Each case runs a command in a working directory that holds a file, a directory named like a
plot and an empty directory (the installed console script for a third of them, the same entry
point in this process for the rest, which is quicker), and checks that it stops before any
simulation with exactly one ``salesculture: error:`` line naming what was wrong, and leaves the
directory as it was. File systems that refuse writes, concurrent sweeps and presets of one's own
are in ``test_adversarial_fs.py`` and ``test_adversarial_presets.py``.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from salesculture.sim.cli import main
from salesculture.sim.runs.paths import safe_name
from tests.conftest import SMALL_WORLD

Cli = Callable[..., subprocess.CompletedProcess]

#: The small world of tests/conftest.py, for the cases that compose.
TINY = list(SMALL_WORLD)
PRESETS = "amazing_culture, baseline, cross_functional"


def tree(root: Path) -> dict[str, int | None]:
    """Every path under ``root`` (hidden ones too) with its size; None for a directory."""
    return {
        str(p.relative_to(root)): (None if p.is_dir() else p.stat().st_size)
        for p in sorted(root.rglob("*"))
    }


def one_error_line(done: subprocess.CompletedProcess, code: int = 2) -> str:
    """The one line of a command that stopped on bad input, after checking it is only that."""
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("salesculture: error: "), lines[0]
    return lines[0]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A working directory with a file, a directory named like a plot and an empty directory."""
    (tmp_path / "afile").write_text("not a directory\n")
    (tmp_path / "plots.png").mkdir()
    (tmp_path / "empty").mkdir()
    return tmp_path


def case(name: str, args: list[str], *expected: str, code: int = 2, through: str = "main"):
    """A bad input: its arguments, the parts its error line must hold, and its exit code.

    Most run in this process (:func:`sim.cli.main`, quick); those given by :func:`script`
    through the installed console script, as a user runs it.
    """
    return pytest.param(args, expected, code, through, id=f"{name}-{through}")


def script(name: str, args: list[str], *expected: str, code: int = 2):
    return case(name, args, *expected, code=code, through="script")


CASES = [
    # --- run: where it writes ---------------------------------------------------------------
    script("run-dir-under-a-file", ["run", "hydra.run.dir=afile/x"], "afile is a file, not a dir"),
    script("run-dir-in-proc", ["run", "hydra.run.dir=/proc/x"], "/proc/x", "proc file system"),
    case("run-dir-in-sys", ["run", "hydra.run.dir=/sys/x/y"], "/sys/x/y", "sysfs file system"),
    case("run-dir-empty", ["run", "hydra.run.dir=''"], "hydra.run.dir=", "empty path"),
    case(
        "run-dir-name-too-long",
        ["run", f"hydra.run.dir=out/{'x' * 300}"],
        "hydra.run.dir=out/xxx",
        "file name too long",
    ),
    script(
        "run-dir-interpolated-under-a-file",
        ["run", "hydra.run.dir=afile/${now:%H-%M}"],
        "afile is a file",
    ),
    # --- run: Hydra's grammar -----------------------------------------------------------------
    script("unicode-preset", ["run", "scenario=bäseline"], "'scenario=bäseline'", "'ä'", PRESETS),
    case(
        "quoted-unicode-preset",
        ["run", "scenario='bäseline'"],
        "scenario='bäseline'",
        "unknown option",
        PRESETS,
    ),
    case("unicode-key", ["run", "mä.x=1"], "'mä.x=1'", "'ä' cannot be part of a key"),
    case("unicode-digits", ["run", "years=１"], "'years=１'", "quote it"),
    case("space-in-key", ["run", "a b=1"], "'a b=1'", "' ' cannot be part of a key"),
    case("empty-value", ["run", "seed="], "seed=''", "must be an integer"),
    script("no-key", ["run", "=3"], "'=3'", "no key before '='"),
    script("double-equals", ["run", "a==b"], "'a==b'", "unexpected '='", "a='...'"),
    script("unclosed-list", ["run", "years=[1,2"], "'years=[1,2'", "'[' is not closed by ']'"),
    case("unclosed-quote", ["run", 'x="abc'], "'x=\"abc'", 'the quote " is not closed'),
    case("stray-parenthesis", ["run", "seed=1)"], "'seed=1)'", "')' closes nothing"),
    script("preset-without-key", ["run", "baseline"], "'baseline'", "write scenario=baseline"),
    script("empty-argument", ["run", ""], "''", "KEY=VALUE"),
    case("sweep-in-run", ["run", "seed=1,2"], "seed", "salesculture sweep"),
    # --- run: keys and values -----------------------------------------------------------------
    script("unknown-hydra-key", ["run", "hydra.run.dirr=x"], "'hydra.run.dirr'", "no such key"),
    case(
        "unknown-launcher",
        ["run", "hydra/launcher=nope"],
        "hydra/launcher=nope",
        "basic, joblib",
    ),
    case("unknown-section", ["run", "markt.customers=5"], "markt.customers", "unknown key"),
    script("zero-years", ["run", "years=0"], "years=0", "[1, 50]"),
    case("negative-size", ["run", "market.customers=-5"], "market.customers=-5", "[1, "),
    case("zero-staff", ["run", "workforce.salespeople=0"], "workforce.salespeople=0"),
    case("huge-number", ["run", "market.customers=99999999999999999999"], "market.customers"),
    case("null-seed", ["run", "seed=null"], "seed=None", "must be an integer"),
    case("delete-key", ["run", "~seed"], "~seed", "cannot be deleted"),
    case("append-existing", ["run", "+seed=3"], "seed"),
    # --- sweep ----------------------------------------------------------------------------------
    script(
        "sweep-of-100000-seeds",
        ["sweep", "seed=range(0,100000)"],
        "100,000 runs",
        "--max-runs=10,000",
    ),
    case("sweep-over-nothing", ["sweep", "seed=range(5,0)"], "seed=range(5,0)", "no runs"),
    case("sweep-step-zero", ["sweep", "seed=range(0,5,0)"], "seed=range(0,5,0)", "no runs"),
    case("sweep-over-max-runs", ["sweep", "seed=0,1,2", "--max-runs", "2"], "3 runs"),
    case("sweep-key-twice", ["sweep", "seed=0,1", "seed=2"], "seed: set twice"),
    script("sweep-unicode", ["sweep", "scenario=bäseline,sales_led"], "'ä'", PRESETS),
    case("sweep-unclosed-range", ["sweep", "seed=range(0,3"], "'(' is not closed"),
    script("sweep-dir-is-a-file", ["sweep", "hydra.sweep.dir=afile"], "afile is a file"),
    case("sweep-dir-in-proc", ["sweep", "hydra.sweep.dir=/proc/s"], "proc file system"),
    case("sweep-dir-empty", ["sweep", "hydra.sweep.dir=''"], "hydra.sweep.dir=", "empty path"),
    # --- compare --------------------------------------------------------------------------------
    script("compare-seeds-zero", ["compare", "baseline", "--seeds", "0"], "--seeds=0"),
    case("compare-seeds-text", ["compare", "baseline", "--seeds", "ten"], "--seeds", "'ten'"),
    case("compare-years-negative", ["compare", "baseline", "--years", "-1"], "--years=-1"),
    script("compare-jobs-zero", ["compare", "baseline", "--jobs", "0"], "--jobs=0"),
    script("compare-unknown-metric", ["compare", "baseline", "--metrics", "nope"], "'nope'"),
    case(
        "compare-empty-metric",
        ["compare", "baseline", "--metrics", "revenue,,profit"],
        "metric ''",
    ),
    script("compare-plot-suffix", ["compare", "baseline", "--plot", "out.pdf"], ".png"),
    script("compare-plot-is-a-dir", ["compare", "baseline", "--plot", "plots.png"], "a directory"),
    script("compare-plot-under-a-file", ["compare", "baseline", "--plot", "afile/p.png"], "afile"),
    case("compare-plot-in-proc", ["compare", "baseline", "--plot", "/proc/p.png"], "proc file"),
    case("compare-unknown-preset", ["compare", "baseline", "bäseline"], "'bäseline'", PRESETS),
    case("compare-preset-twice", ["compare", "baseline", "baseline"], "each preset once"),
    script("compare-format", ["compare", "baseline", "--format", "xml"], "--format", "'xml'"),
    case("compare-set-unknown-option", ["compare", "baseline", "--set", "process=x"], "siloed"),
    case("compare-set-grammar", ["compare", "baseline", "--set", "costs.x=[1"], "'[' is not"),
    # --- show -----------------------------------------------------------------------------------
    script("show-unknown-preset", ["show", "nope"], "'nope'", PRESETS),
    script("show-bad-value", ["show", "baseline", "market.customers=-1"], "market.customers=-1"),
    case("show-grammar", ["show", "baseline", "years=[1"], "'years=[1'", "not closed"),
    case("show-without-preset", ["show"], "PRESET", "salesculture show --help"),
    # --- aggregate ------------------------------------------------------------------------------
    script("aggregate-a-file", ["aggregate", "afile"], "afile: is a file, not a directory"),
    script("aggregate-missing", ["aggregate", "nowhere"], "nowhere: no such directory"),
    script("aggregate-empty-dir", ["aggregate", "empty"], "empty: no finished runs"),
    case("aggregate-empty-name", ["aggregate", ""], "DIR is empty"),
    case("aggregate-proc", ["aggregate", "/proc"], "/proc", "proc file system"),
    # --- the command line itself ----------------------------------------------------------------
    script("unknown-subcommand", ["nope"], "invalid choice: 'nope'", "'run'"),
    script("no-subcommand", [], "COMMAND"),
    script("unknown-option", ["run", "--nope"], "--nope"),
    case("scenarios-with-argument", ["scenarios", "extra"], "extra"),
]


def in_process(
    args: list[str], cwd: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> subprocess.CompletedProcess:
    """Run :func:`sim.cli.main` in ``cwd`` as the console script would, capturing its output."""
    monkeypatch.chdir(cwd)
    try:
        code = main(args)
    except SystemExit as stop:  # argparse's errors
        code = stop.code
    out, err = capfd.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)


@pytest.mark.parametrize(("args", "expected", "code", "through"), CASES)
def test_bad_input_is_one_line_and_writes_nothing(
    args: list[str],
    expected: tuple[str, ...],
    code: int,
    through: str,
    workdir: Path,
    cli: Cli,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = tree(workdir)
    world = TINY if args[:1] in (["run"], ["sweep"]) else []
    full = [*args[:1], *world, *args[1:]]
    if through == "script":
        done = cli(full, workdir)
    else:
        done = in_process(full, workdir, capfd, monkeypatch)
    line = one_error_line(done, code)
    for part in expected:
        assert part in line, f"{part!r} not in {line!r}"
    assert tree(workdir) == before


def test_a_huge_sweep_is_refused_at_once(workdir: Path, cli: Cli) -> None:
    """Counting the runs does not list them: a sweep of a trillion seeds is refused as fast."""
    before = tree(workdir)
    start = time.monotonic()
    line = one_error_line(cli(["sweep", "seed=range(0,1000000000000)", *TINY], workdir))
    assert "1,000,000,000,000 runs" in line
    assert time.monotonic() - start < 20
    assert tree(workdir) == before


def test_a_label_with_a_quote_names_its_run_directory(workdir: Path, cli: Cli) -> None:
    """A quoted override value is part of the label; the directory is named without quotes."""
    done = cli(["run", *TINY, "incentives.staff_reward_basis='process'"], workdir)
    assert done.returncode == 0, done.stderr
    label = "baseline+incentives.staff_reward_basis='process'"
    assert f"scenario {label}, seed 0" in done.stdout
    (run,) = (workdir / "outputs" / "runs").glob("*/seed0_*")
    assert run.parent.name == "baseline+incentives.staff_reward_basis=process"
    assert (run / "summary.json").is_file()


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("sales_led+leadership=sales_driven", "sales_led+leadership=sales_driven"),
        ("baseline+x='it''s'", "baseline+x=its"),
        ('a+b="c d"', "a+b=c_d"),
        ("a+b=x/../y", "a+b=x_.._y"),
        ("a+b=${now:%H}", "a+b=__now__H_"),
        ("..", "__"),
        ("bäseline+x=1,2", "bäseline+x=1,2"),
    ],
)
def test_a_label_becomes_one_safe_directory_name(label: str, name: str) -> None:
    assert safe_name(label) == name


def test_a_reader_that_stops_early_gets_no_error_line(tmp_path: Path) -> None:
    """``salesculture show sales_led | true``: the reader is gone before the command writes."""
    from tests.conftest import CLI

    done = subprocess.run(
        f"'{CLI}' show sales_led | true; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stderr == ""
    assert done.returncode == 141
