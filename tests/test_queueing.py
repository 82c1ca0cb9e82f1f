"""The queue kernels against a plain loop and against queueing theory (fixed seeds, < 1 s each)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from desktop.core.sim.queueing import (busy_time, erlang_b, erlang_c, fifo_queue, fifo_single,
                                   lindley_waits, lindley_waits_loop, mm1_mean_wait, mmc_mean_wait)


def poisson(rng: np.random.Generator, lam: float, n: int) -> np.ndarray:
    return np.cumsum(rng.exponential(1.0 / lam, n))


@pytest.mark.parametrize("seed, rho", [(1, 0.3), (2, 0.9), (3, 1.2)])
def test_vectorised_lindley_equals_the_loop(seed: int, rho: float) -> None:
    rng = np.random.default_rng(seed)
    t = poisson(rng, 1.0, 20_000)
    s = rng.exponential(rho, t.size)
    fast, slow = lindley_waits(t, s), lindley_waits_loop(t, s)
    assert fast[0] == 0.0
    assert np.all(fast >= 0)
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-9 * t[-1])


def test_lindley_by_hand() -> None:
    # arrivals 0, 1, 2, 10; services 3, 3, 1, 1: waits 0, 2, 4, 0
    w = lindley_waits(np.array([0.0, 1.0, 2.0, 10.0]), np.array([3.0, 3.0, 1.0, 1.0]))
    np.testing.assert_allclose(w, [0.0, 2.0, 4.0, 0.0])
    run = fifo_single(np.array([0.0, 1.0]), np.array([1.0, 1.0]), free_at=5.0)
    np.testing.assert_allclose(run.start, [5.0, 6.0])


def test_loop_and_vectorised_queue_agree_with_servers() -> None:
    rng = np.random.default_rng(4)
    t = poisson(rng, 3.0, 5_000)
    s = rng.exponential(1.0, t.size)
    one = fifo_queue(t, s, 1)
    loop = fifo_queue(t, s, 1, vectorised=False)
    np.testing.assert_allclose(one.start, loop.start, atol=1e-9)
    many = fifo_queue(t, s, 4)
    assert np.all(many.start >= t) and np.all(np.diff(many.start) >= 0)  # FIFO: starts in order
    # never more than 4 in service at once
    events = np.concatenate([np.stack([many.start, np.ones(t.size)], 1),
                             np.stack([many.depart, -np.ones(t.size)], 1)])
    events = events[np.lexsort((events[:, 1], events[:, 0]))]
    assert np.cumsum(events[:, 1]).max() <= 4


@pytest.mark.parametrize("rho", [0.5, 0.8])
def test_mm1_mean_wait_matches_theory(rho: float) -> None:
    rng = np.random.default_rng(2025)
    lam, mu = rho, 1.0
    t = poisson(rng, lam, 4_000_000)
    s = rng.exponential(1.0 / mu, t.size)
    simulated = lindley_waits(t, s).mean()
    theory = mm1_mean_wait(lam, mu)            # Wq = ρ/(μ-λ)
    assert theory == pytest.approx(rho / (mu - lam))
    assert simulated == pytest.approx(theory, rel=0.05)


@pytest.mark.parametrize("rho", [0.5, 0.8])
def test_mmc_mean_wait_matches_erlang_c(rho: float) -> None:
    c, mu = 4, 1.0
    lam = rho * c * mu
    rng = np.random.default_rng(7)
    t = poisson(rng, lam, 2_000_000)
    s = rng.exponential(1.0 / mu, t.size)
    run = fifo_queue(t, s, c)
    simulated = float((run.start - t).mean())
    theory = mmc_mean_wait(c, lam, mu)          # Wq = C(c, a)/(cμ-λ)
    assert simulated == pytest.approx(theory, rel=0.05)
    # the share of arrivals that wait at all is Erlang C itself
    assert float(np.mean(run.start > t)) == pytest.approx(erlang_c(c, lam, mu), rel=0.05)


def test_erlang_formulas_known_values() -> None:
    assert erlang_c(1, 0.5, 1.0) == pytest.approx(0.5)            # M/M/1: P(wait) = ρ
    assert mmc_mean_wait(1, 0.8, 1.0) == pytest.approx(mm1_mean_wait(0.8, 1.0))
    assert erlang_b(1, 1.0) == pytest.approx(0.5)
    assert erlang_c(2, 1.0, 1.0) == pytest.approx(1 / 3)           # textbook M/M/2 at a = 1
    assert mm1_mean_wait(1.0, 1.0) == math.inf and mmc_mean_wait(2, 3.0, 1.0) == math.inf
    assert 0 < erlang_c(200, 180.0, 1.0) < 1                       # stable for big c


def test_zero_waiting_room_is_erlang_b() -> None:
    c, mu, lam = 3, 1.0, 2.5
    rng = np.random.default_rng(11)
    t = poisson(rng, lam, 300_000)
    s = rng.exponential(1.0 / mu, t.size)
    run = fifo_queue(t, s, c, queue_cap=0)
    assert np.all(run.start == t[run.admitted])                    # nobody ever waits
    assert run.dropped / t.size == pytest.approx(erlang_b(c, lam / mu), rel=0.05)


def test_bounded_queue_drops_like_mm1k() -> None:
    rho, cap = 0.9, 4                 # room for 4 waiting + 1 in service: K = 5
    rng = np.random.default_rng(12)
    t = poisson(rng, rho, 400_000)
    s = rng.exponential(1.0, t.size)
    run = fifo_queue(t, s, 1, queue_cap=cap)
    k = cap + 1
    theory = (1 - rho) * rho ** k / (1 - rho ** (k + 1))
    assert run.dropped / t.size == pytest.approx(theory, rel=0.05)
    assert run.start.size == t.size - run.dropped


def test_max_wait_sheds_requests_that_would_wait_too_long() -> None:
    rng = np.random.default_rng(13)
    t = poisson(rng, 1.0, 50_000)
    s = rng.exponential(1.1, t.size)          # overloaded
    run = fifo_queue(t, s, 2, max_wait=3.0)
    assert run.dropped > 0
    assert float((run.start - t[run.admitted]).max()) <= 3.0 + 1e-9


def test_busy_time_single_and_generic_agree() -> None:
    rng = np.random.default_rng(5)
    t = poisson(rng, 1.0, 10_000)
    s = rng.exponential(0.9, t.size)
    run = fifo_single(t, s)
    edges = np.linspace(0, t[-1] + 50, 40)
    fast = busy_time(run, edges)
    run.work_before = None
    generic = busy_time(run, edges)
    np.testing.assert_allclose(fast, generic, atol=1e-6)
    assert fast[-1] == pytest.approx(s.sum())
    assert np.all(np.diff(fast) <= np.diff(edges) + 1e-9)         # one server: ≤ 1 s per s
