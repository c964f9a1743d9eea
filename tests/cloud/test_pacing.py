"""The read limit of rule discovery (srrtui/cloud/pacing.py): it opens while answers come back
as fast as the fastest, closes when they queue, stays within its bounds, and holds threads at
the limit. Round-trip times are given through a stepped clock, so nothing here waits on time."""

from __future__ import annotations

import threading

from srrtui.cloud.pacing import VegasLimit


class SteppedClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def answer(limit: VegasLimit, clock: SteppedClock, rtt: float) -> None:
    began = limit.acquire()
    clock.now += rtt
    limit.release(began)


def test_it_opens_while_answers_do_not_queue() -> None:
    clock = SteppedClock()
    limit = VegasLimit(initial=4, least=2, most=32, clock=clock)
    for _ in range(600):  # one more per window of `limit` answers: 4 + 5 + ... + 31 < 600
        answer(limit, clock, 0.020)  # a distant endpoint: every answer as fast as the first
    assert limit.limit == 32


def test_it_closes_when_answers_queue_and_holds_in_between() -> None:
    clock = SteppedClock()
    limit = VegasLimit(initial=16, least=2, most=32, clock=clock)
    answer(limit, clock, 0.001)  # the least round trip seen
    for _ in range(200):
        # Each answer waits behind the others: the round trip grows with the limit.
        answer(limit, clock, 0.001 * limit.limit)
    # 1 - 1/L of L requests queued: the limit settles where that is between 3 and 6.
    assert 4 <= limit.limit <= 7


def test_a_slowed_endpoint_closes_it_within_its_bounds() -> None:
    for least, settled in ((2, 6), (8, 8)):
        clock = SteppedClock()
        limit = VegasLimit(initial=32, least=least, most=32, clock=clock)
        answer(limit, clock, 0.001)
        for _ in range(600):
            answer(limit, clock, 1.0)  # throttled: answers a thousand times slower
        assert limit.limit == settled  # at most 6 queued, never below the least


def test_threads_wait_at_the_limit() -> None:
    limit = VegasLimit(initial=2, least=2, most=2)
    held = [limit.acquire(), limit.acquire()]
    third_in = threading.Event()

    def third() -> None:
        began = limit.acquire()
        third_in.set()
        limit.release(began)

    waiter = threading.Thread(target=third)
    waiter.start()
    assert not third_in.wait(0.2)  # two in flight: the third waits
    limit.release(held.pop())
    assert third_in.wait(5)  # a slot given back lets it in
    waiter.join()
    limit.release(held.pop())
