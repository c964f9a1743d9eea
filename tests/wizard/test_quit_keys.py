"""The keys that leave: Ctrl+C (or Ctrl+Q) asks first, and pressed again while the question is
open it quits, as in most terminal programs; q inside the question does not quit."""

from __future__ import annotations

from textual.pilot import Pilot
from wizard_helpers import demo_app, settle, wait_for_cloud, wait_until

from srrtui.app import QUIT_BODY
from srrtui.localcloud import LocalCloud


def asking(pilot: Pilot) -> bool:
    return type(pilot.app.screen).__name__ == "ConfirmModal"


async def test_a_second_ctrl_c_quits(demo_cloud: LocalCloud, tmp_path) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: asking(pilot), "the quit question")
        assert app.screen.body == QUIT_BODY  # type: ignore[attr-defined]  # nothing changed
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: app.return_code is not None, "the app to quit")
    assert app.return_code == 0


async def test_q_in_the_question_stays_and_ctrl_q_then_quits(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await pilot.press("q")
        await wait_until(pilot, lambda: asking(pilot), "the quit question")
        await pilot.press("q")  # the question has no q: it stays, waiting for y or n
        await settle(pilot)
        assert asking(pilot) and app.return_code is None
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None, "the app to quit")
    assert app.return_code == 0
