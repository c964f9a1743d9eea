"""The wizard in Simplified Chinese: every step at 80x24 and 120x40 (double-width text that
neither overflows nor cuts words), no English sentence left on a Chinese screen, and the switch
of language at runtime, which keeps the step, the plan and what was typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from english_finder import english_sentences
from test_progress_step_snapshot import PLAN as ENABLED_PLAN
from test_wizard_snapshots import steps
from textual.pilot import Pilot
from textual.widgets import Input
from wizard_helpers import (
    DEMO_PLAN,
    demo_app,
    goto,
    next_,
    settle,
    step,
    wait_for_cloud,
    wait_until,
)

from srrtui import language
from srrtui.localcloud import LocalCloud
from srrtui.screens.widgets.region_picker import RegionPicker

STATES = steps()
# One state per step (and the two dialogs the walk meets), each at both sizes.
SHOWN = [
    "credentials_demo",
    "source_list",
    "destination_list",
    "objects_prefixes",
    "tags_filled",
    "deletes_put",
    "historical",
    "kms_missing_key",
    "role_new",
    "review",
    "enable_confirmation",
    "quit_confirmation",
]
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def frozen_cloud(demo_seed_copy) -> Iterator[LocalCloud]:  # noqa: ANN001
    """A fresh demo cloud (enabling writes) whose new rules stay ``starting`` for a day."""
    with LocalCloud(demo_seed_copy("cloud"), seed="demo", start_delay=86_400.0) as cloud:
        yield cloud


async def rule_enabled(pilot: Pilot) -> None:
    """Review -> y in the confirmation -> the enable step with the rule created."""
    app = pilot.app
    await goto(pilot, "review", ENABLED_PLAN)
    await wait_until(pilot, lambda: app.wizard.current.report is not None, "the preflight")  # type: ignore[attr-defined]
    await next_(pilot)
    assert type(app.screen).__name__ == "ConfirmModal"
    await pilot.press("y")
    await settle(pilot)
    await wait_until(pilot, lambda: app.ctx.rule_created, "the rule to be created")  # type: ignore[attr-defined]
    await settle(pilot)


async def progress_polled(pilot: Pilot) -> None:
    await rule_enabled(pilot)
    await next_(pilot)
    assert step(pilot) == "progress"
    panel = pilot.app.wizard.current  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: panel.polls.checked_at is not None, "the first poll")
    await pilot.pause()


AFTER_ENABLE = {"enable_done": rule_enabled, "progress_polled": progress_polled}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("state", SHOWN)
def test_chinese_step_snapshot(
    state: str, size: tuple[int, int], chinese: None, snap_compare, shared_demo_cloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=STATES[state])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("state", list(AFTER_ENABLE))
def test_chinese_after_enable_snapshot(
    state: str, size: tuple[int, int], chinese: None, snap_compare, frozen_cloud, tmp_path
) -> None:
    app = demo_app(frozen_cloud, tmp_path / "app")
    assert snap_compare(app, terminal_size=size, run_before=AFTER_ENABLE[state])


# -- no English sentence on a Chinese screen -----------------------------------------------------
def screen_text(pilot: Pilot) -> str:
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def test_the_sentence_finder_finds_english() -> None:
    assert english_sentences("源 Bucket：demo-photos\nWhich bucket should be copied from?") == [
        "Which bucket should be copied from"
    ]
    assert english_sentences("AccessKey ID  cn-hangzhou  AliyunOSSRole  PutBucketReplication") == []


@pytest.mark.parametrize("state", [*SHOWN, *AFTER_ENABLE])
async def test_no_english_sentence_on_a_chinese_screen(
    state: str, chinese: None, shared_demo_cloud, frozen_cloud, tmp_path
) -> None:
    after_enable = state in AFTER_ENABLE
    app = demo_app(frozen_cloud if after_enable else shared_demo_cloud, tmp_path)
    run = AFTER_ENABLE[state] if after_enable else STATES[state]
    async with app.run_test(size=(120, 40)) as pilot:
        await run(pilot)  # type: ignore[operator]
        await settle(pilot)
        text = screen_text(pilot)
        assert english_sentences(text) == [], text


# -- switching at runtime -------------------------------------------------------------------------
async def palette_switch(pilot: Pilot) -> None:
    """What choosing the palette's language command does (on any step)."""
    app = pilot.app
    (command,) = (c for c in app.get_system_commands(app.screen) if "English" in c.title)
    await command.callback()  # type: ignore[misc]
    await settle(pilot)


async def test_switching_language_keeps_the_step_the_plan_and_what_was_typed(
    shared_demo_cloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            plan = DEMO_PLAN.with_changes(prefixes=("photos/",))
            await goto(pilot, "objects", plan)
            typed = app.screen.query_one("#new-prefix", Input)
            typed.value = "docs/half-typ"  # typed, not yet added
            await settle(pilot)
            assert "Which objects should be replicated?" in screen_text(pilot)

            await palette_switch(pilot)
            assert language.current() == "zh-CN"
            assert step(pilot) == "objects"
            assert app.wizard.plan == plan  # type: ignore[union-attr]
            assert app.screen.query_one("#new-prefix", Input).value == "docs/half-typ"
            text = screen_text(pilot)
            assert "同步哪些文件" in text and "Which objects" not in text
            assert "第 4/12 步：同步对象" in app.screen.sub_title

            await palette_switch(pilot)
            assert language.current() == "en"
            assert "Which objects should be replicated?" in screen_text(pilot)
            assert step(pilot) == "objects"
    finally:
        language.activate(language.ENGLISH)


async def test_f3_on_the_first_step_and_the_palette_command(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_cloud(pilot)
            assert "中文" in screen_text(pilot)  # the footer names the other language
            await pilot.press("f3")
            await settle(pilot)
            assert language.current() == "zh-CN"
            assert "English" in screen_text(pilot)
            assert "访问凭证" in screen_text(pilot)
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert "语言：中文 / English" in titles
            await pilot.press("enter")  # the step's own Next still works after the switch
            await settle(pilot)
            assert step(pilot) == "source"
            assert "中文" not in screen_text(pilot).split("\n")[-1]  # F3 only on the first step
    finally:
        language.activate(language.ENGLISH)


async def test_the_command_palette_speaks_chinese(
    chinese: None, shared_demo_cloud, tmp_path
) -> None:
    """Textual's own words in the palette (its placeholder, its "no matches" line) too."""
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        await pilot.press("ctrl+p")
        await wait_until(
            pilot, lambda: "搜索命令" in screen_text(pilot), "the palette's placeholder"
        )
        await pilot.press(*"zzqx")
        await wait_until(pilot, lambda: "没有匹配的命令" in screen_text(pilot), "no matches")
        assert english_sentences(screen_text(pilot)) == []
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"engl")
        await wait_until(pilot, lambda: "语言：中文 / English" in screen_text(pilot), "a match")
        assert "没有匹配的命令" not in screen_text(pilot)


async def test_the_theme_search_and_the_screenshot_toast_speak_chinese(
    chinese: None, shared_demo_cloud, tmp_path
) -> None:
    """What the palette's Theme and Screenshot commands show: Textual's words, translated."""
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_for_cloud(pilot)
        app.search_themes()
        await wait_until(pilot, lambda: "搜索主题" in screen_text(pilot), "the theme search")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.wizard, "the palette to close")
        app.deliver_screenshot(path=str(tmp_path))
        toasts = lambda: [str(toast.render()) for toast in app.screen.query("Toast")]  # noqa: E731
        await wait_until(pilot, lambda: any("截图已保存到" in t for t in toasts()), "the toast")
        assert list(tmp_path.glob("*.svg"))


async def test_the_keys_panel_speaks_chinese(chinese: None, shared_demo_cloud, tmp_path) -> None:
    """The palette's "Keys" panel: our bindings' descriptions and Textual's, translated."""
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, "review", DEMO_PLAN)
        app.action_show_help_panel()
        await wait_until(pilot, lambda: "导出" in screen_text(pilot).split("│")[-1], "the panel")
        panel = screen_text(pilot)
        assert "向上滚动" in panel and "保存" in panel
        assert english_sentences(panel) == [] and "Scroll Up" not in panel


# -- line breaks -----------------------------------------------------------------------------------
def _lines(text: str, width: int) -> list[str]:
    from rich._wrap import divide_line

    cuts = [0, *divide_line(text, width), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def test_chinese_breaks_between_characters_and_english_as_before() -> None:
    import rich._wrap

    from srrtui.screens.widgets import cjk_wrap

    english = "Only objects written after the rule starts are replicated; what is in the source"
    try:
        rich._wrap.re_word = re.compile(r"\s*\S+\s*")
        before = _lines(english, 23)
        cjk_wrap.install()
        assert _lines(english, 23) == before
        chinese = "源 Bucket 中已有的文件（在所选前缀和标签范围内）都会被复制，并按复制流量计费。"
        lines = _lines(chinese, 20)
        assert lines[0].startswith("源 Bucket 中")  # not "源 Bucket" alone, the rest below
        assert all(len(line) > 3 for line in lines[:-1])
        assert not any(line[0] in "，。）、；：" for line in lines)  # never at a line's start
    finally:
        cjk_wrap.install()  # what the app installs (the test ends as the app runs)


def test_a_closing_mark_after_a_folded_word_does_not_start_a_line() -> None:
    """A role name wider than the line is folded; the "：" after it never starts a line (seen
    at 80 columns on the enable step, before the fold kept it with the name's last letter)."""
    role = "oss-replication-0f8c2a7e-5d41-4b6e-9a3c-2e7f1b9d4c60"
    text = f"创建 RAM 角色 {role}：完成"
    lines = _lines(text, len(role))
    assert len(lines) == 3 and lines[2].startswith("0：")  # the name's last character came along
    assert not any(line[0] in "，。）、；：" for line in lines)
    assert "".join(lines) == text


async def test_f3_on_the_credentials_form_keeps_what_was_typed(memory_keyring, tmp_path) -> None:
    """Outside the demo the first step is a form: F3 (a key, not typed into a field once the
    focus is on the list) redraws it in Chinese with every field as it was, the secret too."""
    from test_credentials_step import fill, loaded, plain_app

    typed = {
        "#cred-name": "work",
        "#cred-id": "LTAI5tTestKey0001",
        "#cred-secret": "typed-secret-1",
    }
    app = plain_app(tmp_path)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await loaded(pilot)
            await fill(pilot, typed)
            # The region: filtered by typing, then a row below the first one marked.
            region = app.screen.query_one("#cred-region", Input)
            region.focus()
            await pilot.press(*"shang", "down")
            await settle(pilot)
            picked = app.screen.query_one(RegionPicker).value
            assert picked.startswith("cn-shanghai") and picked != "cn-shanghai"
            app.screen.query_one("#profiles").focus()
            await pilot.press("f3")
            await settle(pilot)
            await loaded(pilot)  # the chooser is built again and reads the profiles again
            assert language.current() == "zh-CN"
            assert step(pilot) == "credentials"
            for selector, value in typed.items():
                assert app.screen.query_one(selector, Input).value == value
            assert app.screen.query_one(RegionPicker).value == picked
            text = screen_text(pilot)
            assert "配置名称" in text and "Profile name" not in text
            assert "typed-secret-1" not in text  # still masked
    finally:
        language.activate(language.ENGLISH)
