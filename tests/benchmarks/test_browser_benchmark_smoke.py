"""The browser benchmark's whole path on a small world, so that it cannot rot. No timing is judged."""

from __future__ import annotations

import pytest

from benchmarks import browser
from tui.sim.config import SimConfig

pytestmark = pytest.mark.slow

TASKS = 300
KEYS = 4


def test_a_small_run_measures_every_figure_and_reports_each_target() -> None:
    # 200 ms per call keeps each listing on screen long enough to press keys while it streams.
    config = SimConfig(world="scale", scale_services=3, scale_tasks=TASKS, latency_ms=200, throttle=True)

    results = browser.run(config, keys=KEYS, launches=2)

    assert len(results.ours_first_rows) == len(results.cli_list) == 2
    assert all(seconds > 0 for seconds in results.ours_first_rows + results.cli_list)
    main = results.main
    assert 0 < main.a_to_first_task_rows <= main.a_to_all_loaded < main.launch_to_all_loaded
    assert 1 <= len(main.while_loading) <= KEYS and 1 <= main.reloads
    assert {sample.state for sample in main.while_loading} == {"loading"}
    states = [sample.state for sample in main.after_loading]
    assert states.count("done") + states.count("refreshing") == len(states) >= KEYS
    timed = [s.seconds for s in main.while_loading + main.after_loading if s.seconds is not None]
    assert timed and all(seconds > 0 for seconds in timed)
    assert main.app_peak_rss and results.simulator_peak_rss

    text = "\n".join(browser.report(config, results))
    assert f"all {TASKS} tasks of cluster 'scale'" in text
    assert "baseline: aws ecs list-clusters" in text
    targets = text.split("targets\n", 1)[1].splitlines()
    assert len([line for line in targets if " PASS " in line or " FAIL " in line]) == 3


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--tasks", "2"], "--tasks must be at least 3"),
        (["--keys", "0"], "must be at least 1"),
        (["--latency-ms", "-1"], "--latency-ms must not be negative"),
    ],
)
def test_bad_options_get_one_line_and_no_run(argv: list[str], problem: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        browser.main(argv)
    assert exit_.value.code == 2
    assert problem in capsys.readouterr().err
