"""The pure parts of `make workshop` (the osteo_lib/apps/workshop/ package): room plan, token, URL, QR code, the cap,
the "room is full" page and the Voila settings. The served room is tested in
tests/browser/test_workshop_room.py."""

from __future__ import annotations

import ipaddress
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import segno
import textstat

from osteo_lib.apps import workshop as ws

# --- the room plan ---------------------------------------------------------------------------------


def test_default_room_plan_is_a_room_of_30_with_5_spare_seats_and_30_pages_ahead() -> None:
    plan = ws.plan_room()
    assert (plan.room, plan.cap, plan.pool) == (30, 35, 30)
    assert plan.idle_seconds == 600 and plan.cull_interval_seconds == 60
    assert plan.max_kernels == 35
    assert plan.memory_estimate_mb() == ws.SERVER_MB + 35 * ws.KERNEL_MB


@pytest.mark.parametrize("room", [1, 3, 8, 40])
def test_pool_is_the_room_size(room: int) -> None:
    assert ws.plan_room(room).pool == room


def test_pool_shrinks_when_memory_cannot_hold_it() -> None:
    assert ws.plan_room(30, memory_mb=24 * 1024).pool == 30
    tight_mb = int((ws.SERVER_MB + 12 * ws.KERNEL_MB) / 0.8) + 1
    assert ws.affordable_kernels(tight_mb) == 12
    assert ws.plan_room(30, memory_mb=tight_mb).pool == 12
    assert ws.plan_room(30, memory_mb=100).pool == 1  # never below one ready page


def test_explicit_cap_and_pool_win_but_the_pool_never_exceeds_the_cap() -> None:
    assert ws.plan_room(10, cap=3, pool=2).cap == 3
    assert ws.plan_room(10, cap=3, pool=2).pool == 2
    assert ws.plan_room(10, cap=3).pool == 3
    assert ws.plan_room(10, pool=0).pool == 0


def test_short_idle_time_gives_a_short_cull_interval() -> None:
    plan = ws.plan_room(2, idle_minutes=0.1)
    assert plan.idle_seconds == 6 and plan.cull_interval_seconds == 1
    assert ws.plan_room(2, idle_minutes=2).cull_interval_seconds == 30


@pytest.mark.parametrize(
    "kwargs",
    [
        {"room": 0},
        {"room": 5, "cap": 0},
        {"room": 5, "pool": -1},
        {"room": 5, "idle_minutes": 0},
        {"room": 5, "left_seconds": 0},
        {"room": 5, "left_seconds": float("nan")},
    ],
)
def test_impossible_rooms_are_refused_with_a_message(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"ROOM|CAP|POOL|IDLE|LEFT"):
        ws.plan_room(**kwargs)


# --- token, address, URL -----------------------------------------------------------------------


def test_new_tokens_are_random_readable_and_url_safe() -> None:
    tokens = {ws.new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", token)
        assert not set(token) & set("01ilo")
        assert ws.check_token(token) == token


def test_a_given_token_is_kept_and_an_empty_one_replaced() -> None:
    assert ws.choose_token("bones-2026") == "bones-2026"
    assert ws.choose_token(None) != ws.choose_token(None)
    assert ws.choose_token("")


@pytest.mark.parametrize("bad", ["short", "has space in it", "amp&ersand=1", "quote'quote", "x" * 129])
def test_unsafe_or_short_tokens_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="TOKEN"):
        ws.check_token(bad)


def test_room_url_carries_the_token() -> None:
    assert (
        ws.room_url("192.168.1.20", 8866, "k7pm-q2xd-9trw-h4ns")
        == "http://192.168.1.20:8866/?token=k7pm-q2xd-9trw-h4ns"
    )
    assert ws.room_url("10.0.0.5", 9000, "abcdefgh", base_url="/room/") == "http://10.0.0.5:9000/room/?token=abcdefgh"


def test_lan_address_is_a_usable_ipv4_address_or_loopback() -> None:
    address = ipaddress.ip_address(ws.lan_address())
    assert address.version == 4
    assert not address.is_unspecified and not address.is_link_local


# --- QR code -------------------------------------------------------------------------------------

URL = "http://192.168.1.20:8866/?token=k7pm-q2xd-9trw-h4ns"


def _matrix_from_text(text: str) -> list[list[int]]:
    """Read the half-block terminal QR code back into rows of 1 (dark) and 0 (light)."""
    halves = {" ": (1, 1), "\u2580": (0, 1), "\u2584": (1, 0), "\u2588": (0, 0)}
    rows: list[list[int]] = []
    for line in text.splitlines():
        pairs = [halves[ch] for ch in line]
        rows.append([top for top, _ in pairs])
        rows.append([bottom for _, bottom in pairs])
    return rows


def test_terminal_qr_code_holds_exactly_the_segno_code_of_the_url() -> None:
    code = segno.make_qr(URL, error="m")
    border = 4
    size = len(code.matrix) + 2 * border
    rows = _matrix_from_text(ws.qr_text(URL))[:size]
    assert len(rows) == size and all(len(r) == size for r in rows)
    inner = [r[border:-border] for r in rows[border:-border]]
    assert inner == [list(r) for r in code.matrix]
    assert all(v == 0 for v in rows[0])  # quiet zone is light


def test_qr_code_is_a_full_qr_code_and_deterministic() -> None:
    assert not ws.qr_code(URL).is_micro
    assert ws.qr_code(URL).matrix == segno.make_qr(URL, error="m").matrix
    assert ws.qr_text(URL) == ws.qr_text(URL)
    assert ws.qr_text(URL) != ws.qr_text(URL.replace("h4ns", "h4nt"))


def test_write_qr_writes_svg_png_and_a_projector_page(tmp_path: Path) -> None:
    link = "http://192.168.1.20:8866/join?code=KDPMT"
    files = ws.write_qr(link, tmp_path / "workshop", address="http://192.168.1.20:8866", code="KDPMT")
    assert files.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = files.svg.read_text(encoding="utf-8")
    assert "<svg" in svg and "<title>" in svg
    expected = tmp_path / "expected.svg"
    segno.make_qr(link, error="m").save(str(expected), scale=10, border=4, title="QR code: open the pain workbook")
    assert svg == expected.read_text(encoding="utf-8")  # the same URL gives the same picture
    poster = files.poster.read_text(encoding="utf-8")
    assert "<svg" in poster and 'lang="en"' in poster
    parser = _Text()
    parser.feed(poster)
    visible = " ".join(parser.text)
    # Three numbered steps; the short address and the code in large type (their own elements).
    assert poster.count("<li>") == 3 and "<ol" in poster
    assert '<p class="osteo-room-page__url">http://192.168.1.20:8866</p>' in poster
    assert '<p class="osteo-room-page__code">KDPMT</p>' in poster
    assert "Wi-Fi" in visible and "room code" in visible
    assert "token" not in poster  # visitors never see the instructor's token


def test_workshop_folder_is_git_ignored() -> None:
    assert "/workshop/" in (ws.ROOT / ".gitignore").read_text().splitlines()
    assert ws.DEFAULT_QR_DIR == ws.ROOT / "workshop"


# --- the cap ------------------------------------------------------------------------------------


def test_seats_admit_up_to_the_cap_then_turn_visitors_away() -> None:
    seats = ws.Seats(cap=2)
    a = seats.admit(live=[])
    b = seats.admit(live=[])
    assert a is not None and b is not None and a != b
    assert seats.admit(live=[]) is None
    assert seats.turned_away == 1 and seats.admitted == 2


def test_a_seat_follows_its_kernel_until_the_kernel_is_gone() -> None:
    seats = ws.Seats(cap=1)
    ticket = seats.admit(live=[])
    assert ticket is not None
    seats.bind(ticket, "k1")
    seats.settle(ticket)  # the page is served; the kernel keeps the seat
    assert seats.in_use(live=["k1", "pool-kernel"]) == 1
    assert seats.admit(live=["k1"]) is None
    # The kernel was culled or the page closed: the seat is free again.
    assert seats.admit(live=["pool-kernel"]) is not None


def test_a_request_that_never_got_a_kernel_frees_its_seat() -> None:
    seats = ws.Seats(cap=1)
    ticket = seats.admit(live=[])
    assert ticket is not None and seats.in_use() == 1
    seats.settle(ticket)
    assert seats.in_use() == 0


def test_visitors_whose_kernel_went_are_counted_once_as_left() -> None:
    seats = ws.Seats(cap=3)
    for kernel_id in ("k1", "k2"):
        ticket = seats.admit()
        assert ticket is not None
        seats.bind(ticket, kernel_id)
        seats.settle(ticket)
    assert seats.snapshot(live=["k1", "k2"])["left"] == 0
    assert seats.snapshot(live=["k2"])["left"] == 1
    assert seats.snapshot(live=["k2"])["left"] == 1  # the same departure is not counted again
    assert seats.snapshot(live=[])["left"] == 2


def test_pool_kernels_do_not_take_seats() -> None:
    seats = ws.Seats(cap=1)
    assert seats.in_use(live=["ready-1", "ready-2", "ready-3"]) == 0
    assert seats.admit(live=["ready-1", "ready-2", "ready-3"]) is not None


def test_release_and_snapshot() -> None:
    seats = ws.Seats(cap=3)
    t = seats.admit()
    assert t is not None
    seats.bind(t, "k1")
    assert seats.snapshot(live=["k1"]) == {
        "cap": 3,
        "in_use": 1,
        "free": 2,
        "admitted": 1,
        "turned_away": 0,
        "left": 0,
    }
    seats.release("k1")
    assert seats.in_use() == 0 and seats.visitor_kernels() == frozenset()
    assert seats.snapshot()["left"] == 1
    with pytest.raises(ValueError, match="cap must be at least 1"):
        ws.Seats(cap=0)


@pytest.mark.parametrize(
    ("pool", "cap", "in_use", "target"),
    [
        (30, 35, 0, 30),  # empty room: the whole pool
        (30, 35, 5, 30),  # five seated: still room for the pool
        (30, 35, 10, 25),  # seats + ready pages never exceed the cap
        (30, 35, 35, 0),  # full: nothing rendered ahead
        (30, 35, 40, 0),
        (0, 5, 0, 0),
    ],
)
def test_pool_target_keeps_seats_plus_ready_pages_within_the_cap(pool: int, cap: int, in_use: int, target: int) -> None:
    assert ws.pool_target(pool, cap, in_use) == target
    assert in_use + ws.pool_target(pool, cap, in_use) <= max(cap, in_use)


@pytest.mark.parametrize(
    ("target", "pooled", "quiet", "goal"),
    [
        (40, 39, False, 39),  # visitors arriving: the page just taken is not replaced yet
        (40, 10, False, 10),
        (40, 1, False, 2),  # ... but a couple of pages keep coming
        (40, 0, False, 2),
        (1, 0, False, 1),  # never beyond the target
        (40, 10, True, 40),  # quiet again: back to the target
        (25, 30, True, 25),
        (0, 0, True, 0),
    ],
)
def test_the_pool_waits_for_the_burst_to_end_to_grow(target: int, pooled: int, quiet: bool, goal: int) -> None:
    assert ws.pool_goal(target, pooled, quiet=quiet) == goal


# --- the "room is full" page -------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._skip = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.text.append(data.strip())


def test_full_page_says_it_plainly_and_leaks_nothing() -> None:
    page = ws.full_page()
    parser = _Text()
    parser.feed(page)
    visible = " ".join(parser.text)
    assert "The room is full. Please try again in a minute." in visible
    for word in ("kernel", "voila", "voilà", "traceback", "error", "503", "python", "tornado", "seat", "cap"):
        assert word not in visible.lower()
    tags = dict(parser.tags)
    assert tags["html"]["lang"] == "en"
    assert "refresh" not in page.lower()  # no automatic reload (WCAG 2.2.1)
    assert ("a", {"class": "osteo-room-page__again", "href": ""}) in parser.tags
    assert "style=" not in page


def test_patient_strings_are_plain_language() -> None:
    for key, text in ws.TEXT.items():
        assert textstat.flesch_kincaid_grade(text) <= 8, key


def test_workshop_css_is_scoped_so_it_cannot_touch_widgets() -> None:
    css = (ws.ROOT / "osteo_lib" / "views" / "static" / "css" / "workshop.css").read_text()
    selectors = re.findall(r"(?:^|})\s*([^{}@/][^{}]*)\{", css)
    assert selectors
    for group in selectors:
        for selector in group.split(","):
            assert selector.strip().startswith(".osteo-room-page"), selector


# --- Voila settings -----------------------------------------------------------------------------


def test_voila_argv_carries_the_plan_on_all_interfaces() -> None:
    plan = ws.plan_room(12, cap=14, idle_minutes=5, left_seconds=20)
    argv = ws.voila_argv(plan, notebook=ws.DEFAULT_NOTEBOOK, port=9000, ip="0.0.0.0", token="abcdefgh")
    assert argv[0] == str(ws.DEFAULT_NOTEBOOK)
    for item in (
        "--ServingVoila.left_page_timeout=20",
        "--Voila.ip=0.0.0.0",
        "--port=9000",
        "--token=abcdefgh",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.preheat_kernel=True",
        "--VoilaConfiguration.default_pool_size=12",
        "--MappingKernelManager.cull_idle_timeout=300",
        "--MappingKernelManager.cull_interval=60",
    ):
        assert item in argv


def test_kernels_talk_over_unix_sockets_unless_the_temp_path_is_too_long() -> None:
    assert ws.kernel_transport("/tmp") == "ipc"
    assert ws.kernel_transport("/" + "x" * 60) == "tcp"
    plan = ws.plan_room(2)
    argv = ws.voila_argv(plan, notebook=ws.DEFAULT_NOTEBOOK, port=1, ip="0.0.0.0", token="abcdefgh", transport="tcp")
    assert "--KernelManager.transport=tcp" in argv


def test_room_config_layers_over_the_project_voila_json() -> None:
    plan = ws.plan_room(4, cap=5, idle_minutes=3)
    app = ws.build_app(
        plan, ws.voila_argv(plan, notebook=ws.DEFAULT_NOTEBOOK, port=9999, ip="0.0.0.0", token="abcdefgh")
    )
    cfg = app.config
    assert app.config_file_paths[0] == str(ws.WORKSHOP_CONFIG_DIR)
    assert app.ip == "0.0.0.0" and app.port == 9999 and app.token == "abcdefgh"
    assert cfg.MappingKernelManager.cull_connected is True
    assert cfg.VoilaExecutor.iopub_timeout == 60  # outputs are not lost when the room is busy
    assert int(cfg.MappingKernelManager.cull_idle_timeout) == 180
    assert app.voila_configuration.preheat_kernel is True
    assert app.voila_configuration.default_pool_size == 4
    # The project's hardening in voila.json still applies (the room layer does not undo it).
    assert app.voila_configuration.show_tracebacks is False
    assert app.voila_configuration.template == "osteo"
    assert app.room_seats.cap == 5


def test_launcher_refuses_impossible_settings_before_serving(capsys: pytest.CaptureFixture[str]) -> None:
    from osteo_lib.apps import cli

    assert ws.main(["--room", "0"]) == 2
    assert "ROOM must be at least 1" in capsys.readouterr().err
    assert ws.main(["--token", "has space"]) == 2
    assert "TOKEN must be" in capsys.readouterr().err
    assert cli.main(["workshop", "--room", "3", "--cap", "0"]) == 2  # `osteo-workbook workshop` is the same
    assert "CAP must be at least 1" in capsys.readouterr().err
    assert ws.main(["--code", "no!"]) == 2
    assert "CODE must be 4 to 12 letters or digits" in capsys.readouterr().err
    assert ws.main(["--room", "3", "does/not/exist.ipynb"]) == 2
    assert "notebook not found" in capsys.readouterr().err


def test_launcher_says_so_when_the_port_is_taken(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert ws.main(["--room", "2", "--ip", "127.0.0.1", "--port", str(port)]) == 2
    assert f"port {port} is busy" in capsys.readouterr().err


def test_the_launcher_tells_the_kernels_they_serve_a_room(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make workshop` sets OSTEO_WORKSHOP_ROOM=1 in the room server's environment before it serves, and every
    kernel it starts inherits it: each page's diary then starts with "Keep my diary on this device" off, with
    the room note and a prominent "Forget" button (tests/widgets/test_diary_device.py::
    test_the_room_is_told_by_its_environment and ::test_in_a_workshop_room_the_switch_starts_off...).
    The launcher runs as `make workshop` runs it, with the real Voila application; only serving is left out
    (its ``start`` records what the kernels would inherit at that moment)."""
    import os
    import signal

    from osteo_lib.apps.workshop.server import build_app as real_build_app
    from tests.serving import free_port

    monkeypatch.setenv(ws.ROOM_ENV, "0")  # not a room before the launcher runs (monkeypatch restores it)
    assert not ws.in_workshop_room()
    seen: dict[str, Any] = {}

    def build_app(plan: ws.RoomPlan, argv: list[str], **kwargs: Any) -> Any:
        app = real_build_app(plan, argv, **kwargs)

        def start() -> None:
            seen.update(room=os.environ.get(ws.ROOM_ENV), argv=list(argv), pool=app.voila_configuration.preheat_kernel)

        app.start = start
        return app

    monkeypatch.setattr("osteo_lib.apps.workshop.cli.build_app", build_app)
    port = free_port()
    previous = signal.getsignal(signal.SIGTERM)
    try:
        args = ["--room", "2", "--pool", "1", "--ip", "127.0.0.1", "--port", str(port), "--qr-dir", str(tmp_path)]
        assert ws.main(args) == 0, capsys.readouterr().err
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen["room"] == "1", seen  # set before the server (and so any kernel) starts
    assert ws.in_workshop_room()
    assert seen["pool"] is True and f"--port={port}" in seen["argv"]


# --- the room code -------------------------------------------------------------------------------


def test_room_codes_are_short_random_and_have_no_look_alike_characters() -> None:
    codes = {ws.new_code() for _ in range(300)}
    assert len(codes) > 290  # random (about a million codes)
    for code in codes:
        assert len(code) == ws.CODE_LENGTH == 5
        assert set(code) <= set(ws.CODE_ALPHABET)
    assert not set(ws.CODE_ALPHABET) & set("0O1IL5S2Z8B6GQUV")
    assert ws.CODE_ALPHABET.isupper() and ws.CODE_ALPHABET.isalpha()
    assert len(set(ws.CODE_ALPHABET)) ** ws.CODE_LENGTH >= 1_000_000


@pytest.mark.parametrize("typed", ["KDPMT", "kdpmt", " kd pmt ", "KD-PMT", "k.d.p.m.t"])
def test_a_code_typed_in_any_case_or_with_spaces_is_the_code(typed: str) -> None:
    assert ws.code_matches(typed, "KDPMT")


@pytest.mark.parametrize("typed", ["", "KDPM", "KDPMTT", "KDPMX", "KDPMT'--", "ＫＤＰＭＴ"])
def test_a_wrong_code_does_not_match(typed: str) -> None:
    assert not ws.code_matches(typed, "KDPMT")


def test_codes_are_compared_in_constant_time() -> None:
    import inspect

    from osteo_lib.apps.workshop import join

    assert "hmac.compare_digest" in inspect.getsource(join.code_matches)


def test_an_instructors_code_is_kept_normalised_and_a_bad_one_refused() -> None:
    assert ws.choose_code("bones-26") == "BONES26"
    assert ws.choose_code(None) != ws.choose_code(None)
    for bad in ("abc", "x" * 13, "café12", "a&b=c1"):
        with pytest.raises(ValueError, match="CODE must be 4 to 12 letters or digits"):
            ws.check_code(bad)


def test_short_address_and_join_link_carry_no_token() -> None:
    assert ws.short_address("192.168.1.20", 8866) == "http://192.168.1.20:8866"
    link = ws.join_url("192.168.1.20", 8866, "KDPMT")
    assert link == "http://192.168.1.20:8866/join?code=KDPMT"
    assert len(link) < len(ws.room_url("192.168.1.20", 8866, ws.new_token()))


def test_the_join_page_knows_a_visitor_came_with_an_old_link() -> None:
    assert ws.was_a_link("/?token=wrong-token")
    assert ws.was_a_link("/voila/render/x.ipynb?token=")
    assert not ws.was_a_link("/")
    assert not ws.was_a_link("/tree?next=token")


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_too_many_wrong_codes_make_an_address_wait_and_others_are_not_affected() -> None:
    clock = _Clock()
    guard = ws.CodeGuard(limit=3, window=60, clock=clock)
    for _ in range(3):
        assert not guard.check("10.0.0.7", "WRONG", "KDPMT")
    assert guard.blocked("10.0.0.7")
    assert not guard.check("10.0.0.7", "KDPMT", "KDPMT")  # even the right code waits
    assert guard.wait_seconds("10.0.0.7") == 60
    assert guard.check("10.0.0.8", "kdpmt", "KDPMT")  # another phone is let in
    clock.now += 30
    assert guard.wait_seconds("10.0.0.7") == 30
    clock.now += 30  # the window has passed
    assert not guard.blocked("10.0.0.7") and guard.wait_seconds("10.0.0.7") == 0
    assert guard.check("10.0.0.7", "KDPMT", "KDPMT")


def test_a_right_code_clears_the_wrong_tries() -> None:
    guard = ws.CodeGuard(limit=3, window=60, clock=_Clock())
    guard.check("10.0.0.7", "WRONG", "KDPMT")
    guard.check("10.0.0.7", "WRONG", "KDPMT")
    assert guard.check("10.0.0.7", "KDPMT", "KDPMT")
    guard.check("10.0.0.7", "WRONG", "KDPMT")
    guard.check("10.0.0.7", "WRONG", "KDPMT")
    assert not guard.blocked("10.0.0.7")


def test_the_default_limit_makes_guessing_impractical() -> None:
    from osteo_lib.apps.workshop import join

    tries_in_a_3_hour_session = join.TRIES_PER_WINDOW * (3 * 3600 / join.TRY_WINDOW_SECONDS)
    assert tries_in_a_3_hour_session / len(ws.CODE_ALPHABET) ** ws.CODE_LENGTH < 1 / 2000  # one address's chance


# --- the visitors' pages and the room page -------------------------------------------------------


def _visible(page: str) -> tuple[str, _Text]:
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.text), parser


TECHNICAL = ("jupyter", "kernel", "voila", "voilà", "token", "password", "server", "traceback", "login", "error")


def test_join_page_asks_for_the_code_in_plain_words() -> None:
    page = ws.join_page("/join")
    visible, parser = _visible(page)
    assert "Type the room code" in visible
    for word in TECHNICAL:
        assert word not in visible.lower(), word
    attrs = dict(parser.tags)
    assert attrs["form"] == {"class": "osteo-room-page__join", "method": "get", "action": "/join"}
    field = attrs["input"]
    assert field["name"] == "code" and field["id"] == "join-code" and field["autocomplete"] == "off"
    assert field["autocapitalize"] == "characters" and "required" in field
    assert ("label", {"for": "join-code"}) in parser.tags
    assert 'name="viewport"' in page and 'role="alert"' not in page


def test_join_page_with_a_problem_says_so_next_to_the_field_and_keeps_what_was_typed() -> None:
    text = ws.workshop_text()
    page = ws.join_page("/join", text["join_wrong"], '<kd"pmt>')
    visible, parser = _visible(page)
    assert text["join_wrong"] in visible
    field = dict(parser.tags)["input"]
    assert field["aria-invalid"] == "true" and field["aria-describedby"] == "join-problem"
    assert field["value"] == '<kd"pmt>'  # kept, and escaped in the markup
    assert "&lt;kd&#34;pmt&gt;" in page


def test_ended_and_missing_pages_are_plain() -> None:
    visible, _ = _visible(ws.ended_page())
    assert "This meeting has ended. Thank you for coming." in visible
    visible, parser = _visible(ws.missing_page("/"))
    assert "There is no page here." in visible
    assert ("a", {"class": "osteo-room-page__again", "href": "/"}) in parser.tags
    for page in (ws.ended_page(), ws.missing_page("/")):
        for word in TECHNICAL:
            assert word not in _visible(page)[0].lower(), word


STATUS = {
    "cap": 35,
    "in_use": 4,
    "free": 31,
    "admitted": 9,
    "turned_away": 1,
    "left": 5,
    "left_waiting": 2,
    "pool_size": 30,
    "pool_ready": 27,
    "kernels": 31,
    "idle_seconds": 600,
    "left_seconds": 30.0,
    "ended": False,
}
URLS = {"status": "/room/status?token=t%3Cx", "free": "/room/free", "end": "/room/end"}


def _room(**changes: object) -> str:
    kwargs: dict[str, object] = {
        "status": STATUS,
        "address": "http://192.168.1.20:8866",
        "code": "KDPMT",
        "token": 't<x"',
        "xsrf": "2|ab|cd|1",
        "urls": URLS,
        "left_seconds": 30.0,
        **changes,
    }
    return ws.room_page(**kwargs)  # type: ignore[arg-type]


def test_room_page_shows_the_numbers_and_what_to_tell_people() -> None:
    page = _room()
    visible, parser = _visible(page)
    for label, value in (
        ("Seats in use", "4"),
        ("Seats free", "31"),
        ("Pages ready", "27"),
        ("Left, seat not yet free", "2"),
        ("Visitors who have left", "5"),
        ("Turned away (room full)", "1"),
    ):
        assert re.search(rf"{re.escape(label)} {value}\b", visible), (label, visible)
    assert "http://192.168.1.20:8866" in visible and "KDPMT" in visible
    assert ("p", {"class": "osteo-room-page__ended", "data-field": "ended", "hidden": None}) in parser.tags


def test_room_page_buttons_post_the_token_and_xsrf_value_escaped() -> None:
    page = _room()
    _, parser = _visible(page)
    forms = [attrs for tag, attrs in parser.tags if tag == "form"]
    assert forms == [{"method": "post", "action": "/room/free"}, {"method": "post", "action": "/room/end"}]
    hidden = [attrs for tag, attrs in parser.tags if tag == "input" and attrs.get("type") == "hidden"]
    assert hidden.count({"type": "hidden", "name": "token", "value": 't<x"'}) == 2
    assert hidden.count({"type": "hidden", "name": "_xsrf", "value": "2|ab|cd|1"}) == 2
    assert 't<x"' not in page  # escaped in the markup
    confirm = {t: a for t, a in parser.tags if t == "input" and a.get("type") == "checkbox"}["input"]
    assert confirm["name"] == "confirm" and confirm["value"] == "yes" and "required" in confirm
    buttons = [t for t in parser.text if t in ("Free seats of people who left", "End the session")]
    assert buttons.count("Free seats of people who left") == 1 and "End the session" in buttons


def test_room_page_refreshes_its_numbers_in_place_from_the_status_url() -> None:
    page = _room()
    assert 'data-status-url="/room/status?token=t%3Cx"' in page
    assert "http-equiv" not in page.lower()  # no reload: the numbers change in place (no flicker)
    fields = set(re.findall(r'data-field="([a-z_]+)"', page))
    assert fields - {"ended"} <= set(STATUS)
    assert {"in_use", "free", "pool_ready", "left_waiting", "left", "turned_away"} <= fields


def test_room_page_message_and_ended_state() -> None:
    t = ws.room_text()
    page = _room(status={**STATUS, "ended": True}, message=t.format("ended", count=3))
    visible, _ = _visible(page)
    assert "The session has ended. Pages stopped: 3." in visible
    assert 'data-field="ended">Session ended</p>' in page


# --- a quiet terminal ------------------------------------------------------------------------------


def test_a_room_of_30_pages_reads_the_notebook_without_a_trust_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Jupyter logs "Notebook ... is not trusted" each time it reads an unsigned notebook: once per page
    rendered, 30 lines under the room's link and QR code. The room's server signs the notebook it serves."""
    import os
    import signal

    monkeypatch.chdir(ws.ROOT)
    monkeypatch.setenv("JUPYTER_PATH", str(ws.ROOT / "share" / "jupyter"))
    plan = ws.plan_room(30)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        app = ws.build_app(
            plan, ws.voila_argv(plan, notebook=ws.DEFAULT_NOTEBOOK, port=9999, ip="127.0.0.1", token="abcdefgh")
        )
        settings = app.init_settings()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert settings["login_url"] == "/join"  # (where a visitor without access is sent)
    relative = os.path.relpath(ws.DEFAULT_NOTEBOOK, app.root_dir)
    with caplog.at_level("WARNING"):
        for _ in range(30):
            assert app.contents_manager.get(relative)["type"] == "notebook"
    assert not [r for r in caplog.records if "trusted" in r.getMessage()], caplog.text
