"""The exec benchmark's whole path, one short run, so that it cannot rot. No timing is judged."""

from __future__ import annotations

import pytest

from benchmarks import exec as exec_benchmark

pytestmark = pytest.mark.slow

KEYS = 3


def test_one_run_measures_every_chain_every_step_and_reports_each_target() -> None:
    results = exec_benchmark.run("/bin/sh", keys=KEYS, runs=1)

    for chain in results.chains:
        assert len(chain.runs) == 1
        assert chain.runs[0].prompt > 0 and len(chain.runs[0].echoes) == KEYS
        assert all(seconds > 0 for seconds in chain.runs[0].echoes)
    screen, painted, terminal = (chain.runs[0] for chain in (results.app.screen, results.app.painted, results.app.terminal))
    # Each key's echo reaches the session's screen, then is painted, then shows on the terminal.
    assert screen.prompt <= painted.prompt <= terminal.prompt
    assert all(a <= b <= c for a, b, c in zip(screen.echoes, painted.echoes, terminal.echoes))
    # Every probe fired: a renamed method in the app or the simulator shows up here.
    (steps,) = results.app.steps
    assert list(steps) == [name for name, _ in exec_benchmark.PROMPT_STEPS]
    assert sum(steps.values()) == pytest.approx(terminal.prompt)

    text = "\n".join(exec_benchmark.report(results))
    for label in ("app: on the terminal", "ecs-tui-session alone", "baseline: bare pty", "ExecuteCommand"):
        assert label in text
    targets = text.split("targets", 1)[1].splitlines()[1:]
    assert len(targets) == 2 and all(line.endswith(("PASS", "MISSED")) for line in targets)


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--runs", "0"], "must be at least 1"),
        (["--shell", "/no/such/shell"], "no program '/no/such/shell' here"),
        (["--shell", "'"], "does not split into words"),
    ],
)
def test_bad_options_get_one_line_and_no_run(argv: list[str], problem: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        exec_benchmark.main(argv)
    assert exit_.value.code == 2
    assert problem in capsys.readouterr().err
