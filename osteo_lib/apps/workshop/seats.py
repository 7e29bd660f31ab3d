"""The cap: who holds a seat in the room, and how many pages to keep ready so that the machine never runs
more kernels than the cap. Pure: no server imports."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["QUIET_SECONDS", "RESERVE", "Seats", "pool_goal", "pool_target"]

#: The pool grows back only once no visitor has arrived for this many seconds (the burst is over) ...
QUIET_SECONDS = 5.0
#: ... unless fewer pages than this are left in it (started or ready): a few keep coming regardless.
RESERVE = 2


class Seats:
    """Who holds a seat in the room.

    A page request is *admitted* (a ticket) before Voila gives it a kernel; once the kernel is known the
    ticket is *bound* to the kernel id, and the seat stays taken until that kernel is gone (page closed,
    culled, or shut down). Tickets whose request ended without a kernel are *settled* (freed).

    Usage::

        seats = Seats(cap=2)
        t = seats.admit(live=[])          # a ticket, or None when the room is full
        seats.bind(t, "kernel-1")
        seats.settle(t)                   # the page request is over; the kernel keeps the seat
        seats.in_use(live=["kernel-1"])   # 1
    """

    def __init__(self, cap: int) -> None:
        if cap < 1:
            raise ValueError("cap must be at least 1")
        self.cap = cap
        self.turned_away = 0
        self.admitted = 0
        #: Visitors whose kernel is gone (page closed, culled, freed from the room page, session ended).
        self.left = 0
        self._pending: set[int] = set()
        self._kernels: set[str] = set()
        self._next = 0

    def _prune(self, live: Iterable[str] | None) -> None:
        if live is not None:
            kept = self._kernels & set(live)
            self.left += len(self._kernels) - len(kept)
            self._kernels = kept

    def in_use(self, live: Iterable[str] | None = None) -> int:
        """Seats taken: requests still waiting for a kernel plus visitor kernels that are alive."""
        self._prune(live)
        return len(self._pending) + len(self._kernels)

    def admit(self, live: Iterable[str] | None = None) -> int | None:
        """A ticket for one more visitor, or None (and one more ``turned_away``) when the room is full."""
        if self.in_use(live) >= self.cap:
            self.turned_away += 1
            return None
        self._next += 1
        self._pending.add(self._next)
        self.admitted += 1
        return self._next

    def bind(self, ticket: int, kernel_id: str) -> None:
        """The admitted request got kernel ``kernel_id``: the seat now follows that kernel."""
        self._pending.discard(ticket)
        self._kernels.add(kernel_id)

    def settle(self, ticket: int) -> None:
        """The request is over; free its seat if it never got a kernel."""
        self._pending.discard(ticket)

    def release(self, kernel_id: str) -> None:
        if kernel_id in self._kernels:
            self._kernels.discard(kernel_id)
            self.left += 1

    def visitor_kernels(self) -> frozenset[str]:
        return frozenset(self._kernels)

    def snapshot(self, live: Iterable[str] | None = None) -> dict[str, int]:
        used = self.in_use(live)
        return {
            "cap": self.cap,
            "in_use": used,
            "free": max(0, self.cap - used),
            "admitted": self.admitted,
            "turned_away": self.turned_away,
            "left": self.left,
        }


def pool_target(pool: int, cap: int, in_use: int) -> int:
    """How many ready pages to keep now: the planned ``pool``, but never so many that seats in use plus
    ready pages exceed ``cap``. So the machine never runs more than ``cap`` kernels, and as the room
    fills up no kernel is started that nobody could take."""
    return max(0, min(pool, cap - in_use))


def pool_goal(target: int, pooled: int, *, quiet: bool, reserve: int = RESERVE) -> int:
    """How many pages the pool should hold right now, given its ``target`` (:func:`pool_target`) and the
    ``pooled`` pages it holds (started or ready).

    While visitors keep arriving, every kernel started for the pool runs the whole dashboard on the
    same CPU as the pages being opened and clicked, and slows them all: the pool is not refilled then,
    except to keep ``reserve`` pages coming. Once the room is ``quiet`` it grows back to ``target``."""
    if quiet:
        return target
    return min(target, max(pooled, reserve))
