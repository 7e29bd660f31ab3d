"""Joining a room without typing a long link: the room code, the short address and the join link, and the
guard that refuses wrong codes (constant-time comparison, a limit on wrong tries per address). Pure: no
server imports.

Visitors never need the token: the QR code carries the join link (``http://HOST:PORT/join?code=KDPMT``),
and anyone can open the short address (``http://HOST:PORT``), which shows "Type the room code". The token
stays the instructor's: it opens the room page (``/room?token=...``), whose buttons free seats and end
the session.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "CODE_ALPHABET",
    "CODE_ENV",
    "CODE_LENGTH",
    "TRIES_PER_WINDOW",
    "TRY_WINDOW_SECONDS",
    "CodeGuard",
    "check_code",
    "choose_code",
    "code_matches",
    "join_url",
    "new_code",
    "normalise_code",
    "short_address",
    "was_a_link",
]

#: Capital letters that cannot be taken for a digit or for one another when read off a projector or a
#: phone screen: no I/L (1), O/Q (0), S (5), Z (2), B (8), G (6), U/V.
CODE_ALPHABET = "ACDEFHJKMNPRTWXY"
#: 5 letters: 16**5, about a million codes; with :data:`TRIES_PER_WINDOW` wrong tries per address per
#: :data:`TRY_WINDOW_SECONDS` (120 an hour), one address has about a 1 in 8700 chance of guessing the
#: code in an hour.
CODE_LENGTH = 5
CODE_ENV = "OSTEO_WORKSHOP_CODE"
TRIES_PER_WINDOW = 10
TRY_WINDOW_SECONDS = 300.0

_GIVEN_CODE = re.compile(r"^[A-Z0-9]{4,12}$")


def new_code(length: int = CODE_LENGTH) -> str:
    """A random room code, e.g. ``KDPMT``: capital letters only, none that look alike."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(typed: str) -> str:
    """What a person typed, as a code: capitals, without spaces, dashes or dots (``" kd-pmt "`` -> ``KDPMT``)."""
    return re.sub(r"[\s\-.]", "", typed).upper()


def check_code(code: str) -> str:
    """A room code an instructor chose (``--code``, ``CODE=``), normalised; ValueError if unusable."""
    normal = normalise_code(code)
    if not _GIVEN_CODE.match(normal):
        raise ValueError("CODE must be 4 to 12 letters or digits")
    return normal


def choose_code(given: str | None) -> str:
    """The room code for this run: ``given`` (checked) when not empty, else a new random one."""
    return check_code(given) if given else new_code()


def code_matches(typed: str, code: str) -> bool:
    """Whether ``typed`` is the room's ``code`` (after :func:`normalise_code`), compared in constant time."""
    return hmac.compare_digest(normalise_code(typed).encode("utf-8"), code.encode("utf-8"))


def short_address(host: str, port: int) -> str:
    """The address people type: ``http://192.168.1.20:8866``."""
    return f"http://{host}:{port}"


def join_url(host: str, port: int, code: str) -> str:
    """The link in the QR code: the short address, ``/join`` and the code (no token)."""
    return f"{short_address(host, port)}/join?code={code}"


def was_a_link(next_url: str) -> bool:
    """Whether a visitor sent to the join page came with a link that carried a token (a wrong or old one),
    read from the ``next`` address the server passes along."""
    return "token" in parse_qs(urlsplit(next_url).query, keep_blank_values=True)


@dataclass
class CodeGuard:
    """Counts wrong codes per address: after ``limit`` wrong tries within ``window`` seconds, that address
    must wait until the oldest of them is ``window`` seconds old. A right code clears the address's count.
    ``clock`` (seconds, monotonic) can be replaced in tests."""

    limit: int = TRIES_PER_WINDOW
    window: float = TRY_WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _wrong: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, address: str) -> deque[float]:
        tries = self._wrong.setdefault(address, deque())
        now = self.clock()
        while tries and now - tries[0] >= self.window:
            tries.popleft()
        if not tries:
            del self._wrong[address]
        return tries

    def blocked(self, address: str) -> bool:
        """Whether ``address`` has used up its wrong tries for now."""
        return len(self._recent(address)) >= self.limit

    def wait_seconds(self, address: str) -> int:
        """How long ``address`` must wait before its next try (0 when it may try now)."""
        tries = self._recent(address)
        if len(tries) < self.limit:
            return 0
        return max(1, round(self.window - (self.clock() - tries[0])))

    def check(self, address: str, typed: str, code: str) -> bool:
        """Whether ``typed`` is the code; a wrong code counts against ``address``. A blocked address is
        refused without comparing."""
        if self.blocked(address):
            return False
        if code_matches(typed, code):
            self._wrong.pop(address, None)
            return True
        self._wrong.setdefault(address, deque()).append(self.clock())
        return False
