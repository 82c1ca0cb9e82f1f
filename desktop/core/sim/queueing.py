"""FIFO queues, fast: Lindley's recursion in closed form, c-server queues, and the textbook formulas.

Load mode pushes millions of requests through a chain of queues, so the single-server case —
which is most stations, and what ``benchmarks/load.py`` measures — must not loop in Python.

Single server, vectorised
-------------------------
Requests ``n = 0 … N-1`` arrive at sorted times ``T_n`` and need service ``S_n``. With one server
taken first come first served, request ``n`` waits ``W_n`` in the queue, where (Lindley, 1952)

    W_0 = 0,    W_{n+1} = max(0, W_n + S_n - A_{n+1}),    A_{n+1} = T_{n+1} - T_n.

Let ``U_k = S_{k-1} - A_k`` and the random walk ``X_0 = 0``, ``X_n = U_1 + … + U_n``. Then

    W_n = X_n - min_{0<=k<=n} X_k.

Proof by induction: true for ``n = 0``; if ``W_n = X_n - m_n`` with ``m_n = min_{k<=n} X_k``,
then ``W_{n+1} = max(0, X_n - m_n + U_{n+1}) = X_{n+1} - min(X_{n+1}, m_n) = X_{n+1} - m_{n+1}``.
The sum telescopes: ``X_n = P_n - (T_n - T_0)`` with ``P_n = S_0 + … + S_{n-1}`` the work that
arrived before ``n``. So the whole queue is one cumulative sum and one running minimum:

    P = [0, cumsum(S)[:-1]]
    W = (P - T) - minimum.accumulate(P - T)        (the ``T_0`` cancels)

equivalently ``start_n = P_n + max_{k<=n}(T_k - P_k)`` — the form used below because it gives
start and departure times directly, which the next station in a chain needs as its arrivals.
We work with absolute times rather than summing inter-arrival gaps, so rounding stays at the
size of ``eps × (run length in seconds)`` — around 1e-13 s for an hour-long run.

Departures of a FIFO single server are in arrival order (``D_n >= D_{n-1} + S_n``), so a chain
of single-server stations never needs re-sorting. The prefix sums ``P`` also give the server's
busy time up to any instant for free (see ``busy_time``), which utilisation and power need.

c servers
---------
A FIFO queue with ``c`` identical servers (G/G/c) sends each request, in arrival order, to the
server that frees up first; it starts at ``max(T_n, earliest free time)``. This is the
Kiefer–Wolfowitz workload recursion, and it has no cumulative-sum form, so ``fifo_queue`` runs it
as a tight loop over a heap of ``c`` free times (exact, about 3-5 million requests per second
per station). The same loop handles admission limits: a bounded waiting room (``queue_cap``;
``queue_cap=0`` is Erlang's loss system) or a bound on the wait a request will accept
(``max_wait``). Those make admission depend on history, so they always take the loop.

The textbook results the tests check against are here too: ``mm1_mean_wait`` (ρ/(μ-λ)),
``erlang_c`` and ``mmc_mean_wait`` (C(c, a)/(cμ-λ)) and ``erlang_b``.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np

FloatArray = np.ndarray


# ---------------------------------------------------------------------------------------------
# single server, vectorised
# ---------------------------------------------------------------------------------------------
def lindley_waits(arrivals: FloatArray, services: FloatArray) -> FloatArray:
    """Queue waits of a FIFO single server, vectorised (see the module docstring).

    ``arrivals`` are absolute arrival times, sorted ascending; ``services`` the service time of
    each request. Returns ``W`` with ``W[n]`` the time request ``n`` spends waiting before its
    service starts (0 for the first request: the server starts empty).
    """
    run = fifo_single(arrivals, services)
    return run.start - np.asarray(arrivals, dtype=np.float64)


def lindley_waits_loop(arrivals: FloatArray, services: FloatArray) -> FloatArray:
    """The same waits by the plain recursion, one request at a time (reference and baseline)."""
    t = np.asarray(arrivals, dtype=np.float64).tolist()
    s = np.asarray(services, dtype=np.float64).tolist()
    out = [0.0] * len(t)
    w = 0.0
    for n in range(1, len(t)):
        w = w + s[n - 1] - (t[n] - t[n - 1])
        if w < 0.0:
            w = 0.0
        out[n] = w
    return np.asarray(out, dtype=np.float64)


@dataclass
class QueueRun:
    """One station's schedule for the requests it admitted.

    ``start`` and ``depart`` are aligned with the arrivals that were admitted; ``admitted`` is a
    boolean mask over all arrivals, or ``None`` when every request was admitted. ``work_before``
    (single server only) holds prefix sums of service, length ``len(start) + 1``, which make
    ``busy_time`` exact and cheap.
    """

    start: FloatArray
    depart: FloatArray
    servers: int = 1
    admitted: np.ndarray | None = None
    work_before: FloatArray | None = None

    @property
    def dropped(self) -> int:
        return 0 if self.admitted is None else int(self.admitted.size - np.count_nonzero(self.admitted))

    def busy_time(self, edges: FloatArray) -> FloatArray:
        """Server-seconds of work done in ``[0, e]`` for each ``e`` in ``edges`` (summed over servers)."""
        return busy_time(self, edges)


def fifo_single(arrivals: FloatArray, services: FloatArray, free_at: float = -math.inf) -> QueueRun:
    """Start and departure times at a FIFO single server, vectorised; the server is free from
    ``free_at`` on (use it to chain blocks of one long run). ``arrivals`` must be sorted."""
    t = np.asarray(arrivals, dtype=np.float64)
    s = np.asarray(services, dtype=np.float64)
    n = t.size
    work = np.empty(n + 1, dtype=np.float64)
    work[0] = 0.0
    np.cumsum(s, out=work[1:])
    before = work[:-1]
    start = np.subtract(t, before)                 # T_k - P_k
    np.maximum.accumulate(start, out=start)        # max_{k<=n}(T_k - P_k)
    if free_at > -math.inf and n:
        np.maximum(start, free_at, out=start)      # B_0 >= free_at, and it carries forward
    start += before                                # B_n = P_n + max_{k<=n}(T_k - P_k)
    np.maximum(start, t, out=start)                # exact B_n = T_n when the server is idle
    depart = start + s
    return QueueRun(start=start, depart=depart, servers=1, work_before=work)


# ---------------------------------------------------------------------------------------------
# c servers (and admission limits), exact, one tight loop
# ---------------------------------------------------------------------------------------------
def fifo_queue(arrivals: FloatArray, services: FloatArray, servers: int = 1, *,
               queue_cap: int | None = None, max_wait: float | None = None,
               vectorised: bool = True) -> QueueRun:
    """A FIFO queue with ``servers`` identical servers; the vectorised path when it can.

    ``queue_cap``: at most this many requests wait (not counting those in service); an arrival
    that finds the waiting room full is dropped. ``max_wait``: an arrival that would wait longer
    than this before service starts is dropped at once (deadline shedding). Dropped requests do
    no work. ``arrivals`` must be sorted ascending. ``vectorised=False`` forces the per-request
    loop (the benchmark's baseline, and a cross-check in the tests).
    """
    if servers < 1:
        raise ValueError(f"servers must be at least 1, got {servers}")
    if queue_cap is not None and queue_cap < 0:
        raise ValueError(f"queue_cap must be 0 or more, got {queue_cap}")
    if vectorised and servers == 1 and queue_cap is None and max_wait is None:
        return fifo_single(arrivals, services)
    return _fifo_loop(np.asarray(arrivals, dtype=np.float64), np.asarray(services, dtype=np.float64),
                      servers, queue_cap, max_wait)


def _fifo_loop(t: FloatArray, s: FloatArray, c: int, queue_cap: int | None,
               max_wait: float | None) -> QueueRun:
    n = t.size
    start = np.empty(n, dtype=np.float64)
    depart = np.empty(n, dtype=np.float64)
    limited = queue_cap is not None or max_wait is not None
    admitted = np.ones(n, dtype=bool) if limited else None
    free = [-math.inf] * c                         # a heap of the times each server frees up
    replace = heapq.heapreplace
    tl, sl = t.tolist(), s.tolist()
    if not limited and c == 1:                     # the plain recursion, as short as Python gets
        starts = [0.0] * n
        d = -math.inf
        for i in range(n):
            ti = tl[i]
            b = ti if ti > d else d
            starts[i] = b
            d = b + sl[i]
        start[:] = starts
        np.add(start, s, out=depart)
        return QueueRun(start=start, depart=depart, servers=1)
    if not limited:
        starts = [0.0] * n
        for i in range(n):
            ti = tl[i]
            f = free[0]
            b = ti if ti > f else f
            starts[i] = b
            replace(free, b + sl[i])
        start[:] = starts
        np.add(start, s, out=depart)
        return QueueRun(start=start, depart=depart, servers=c)

    cap = math.inf if queue_cap is None else queue_cap
    wait_cap = math.inf if max_wait is None else max_wait
    admitted_starts: list[float] = []              # non-decreasing under FIFO
    head = 0                                       # first admitted request not yet started
    keep = [True] * n
    starts = [0.0] * n
    for i in range(n):
        ti = tl[i]
        f = free[0]
        if f > ti:                                 # every server busy: this request would wait
            while head < len(admitted_starts) and admitted_starts[head] <= ti:
                head += 1
            if len(admitted_starts) - head >= cap or f - ti > wait_cap:
                keep[i] = False
                continue
            b = f
        else:
            b = ti
        starts[i] = b
        admitted_starts.append(b)
        replace(free, b + sl[i])
    assert admitted is not None
    admitted[:] = keep
    start = np.asarray(starts, dtype=np.float64)[admitted]
    depart = start + s[admitted]
    return QueueRun(start=start, depart=depart, servers=c, admitted=admitted)


# ---------------------------------------------------------------------------------------------
# busy time (utilisation and power come from it)
# ---------------------------------------------------------------------------------------------
def busy_time(run: QueueRun, edges: FloatArray) -> FloatArray:
    """Server-seconds of work done in ``[0, e]`` for each time ``e`` in ``edges``.

    Single server: the requests finished by ``e`` did ``P[i]`` work (``i`` = number departed by
    ``e``), plus the part of the one in service. Otherwise ``sum_k min(e, D_k) - min(e, B_k)``,
    computed for all edges at once with histograms (no sort).
    """
    e = np.asarray(edges, dtype=np.float64)
    if run.work_before is not None:
        work = run.work_before
        done = np.searchsorted(run.depart, e, side="right")
        busy = work[done].copy()
        inside = done < run.start.size
        nxt = done[inside]
        busy[inside] += np.maximum(0.0, e[inside] - run.start[nxt])
        return busy
    return _sum_min(run.depart, e) - _sum_min(run.start, e)


def _sum_min(x: FloatArray, edges: FloatArray) -> FloatArray:
    """``sum_k min(e, x_k)`` for each ``e`` of a sorted ``edges``; exact, O(len(x) + len(edges))."""
    if x.size == 0:
        return np.zeros(edges.size)
    # bucket b holds the x with edges[b-1] <= x < edges[b]; bucket len(edges) holds x >= last edge
    idx = np.searchsorted(edges, x, side="right") if edges.size < 64 else _bucket(x, edges)
    count = np.bincount(idx, minlength=edges.size + 1)
    total = np.bincount(idx, weights=x, minlength=edges.size + 1)
    below_n = np.cumsum(count)[:-1]                # number of x < e_j  (x <= e_j-ish; ties add 0)
    below_s = np.cumsum(total)[:-1]
    return below_s + edges * (x.size - below_n)


def _bucket(x: FloatArray, edges: FloatArray) -> np.ndarray:
    """searchsorted(edges, x, 'right') for evenly spaced edges, without a binary search per x."""
    step = (edges[-1] - edges[0]) / (edges.size - 1) if edges.size > 1 else 1.0
    if edges.size > 1 and np.allclose(np.diff(edges), step):
        idx = np.floor((x - edges[0]) / step).astype(np.int64) + 1
        np.clip(idx, 0, edges.size, out=idx)
        return idx
    return np.searchsorted(edges, x, side="right")


# ---------------------------------------------------------------------------------------------
# textbook formulas
# ---------------------------------------------------------------------------------------------
def mm1_mean_wait(lam: float, mu: float) -> float:
    """Mean wait in queue of M/M/1: Wq = ρ/(μ-λ) with ρ = λ/μ; infinite when ρ >= 1."""
    if lam >= mu:
        return math.inf
    return (lam / mu) / (mu - lam)


def erlang_b(c: int, a: float) -> float:
    """Erlang B: the share of arrivals lost by an M/M/c/c system offered ``a = λ/μ`` erlangs.

    Uses the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).
    """
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, lam: float, mu: float) -> float:
    """Erlang C: the probability an arrival waits in M/M/c (``c`` servers, rate λ, each at μ)."""
    a = lam / mu
    if a >= c:
        return 1.0
    b = erlang_b(c, a)
    return c * b / (c - a * (1.0 - b))


def mmc_mean_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in queue of M/M/c: Wq = C(c, a) / (cμ - λ); infinite when λ >= cμ."""
    if lam >= c * mu:
        return math.inf
    return erlang_c(c, lam, mu) / (c * mu - lam)
