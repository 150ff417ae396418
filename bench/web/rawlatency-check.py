# Checks bench/web/rawlatency.lua's arithmetic. Makes up recorded latencies (about 0.8 ms, plus 40
# stalls of 2-15 ms across all 64 connections), applies wrk 4's coordinated-omission correction
# (stats_correct) and rank rule (stats_percentile) to them, then recovers the recorded percentiles
# with rawlatency.lua's bisection. Prints them beside the true ones and wrk's corrected ones.
# Usage: python3 bench/web/rawlatency-check.py
import bisect
import math
import random

random.seed(7)
CONNECTIONS = 64
DURATION_US = 6_000_000
recorded = [int(random.gauss(800, 150)) for _ in range(200_000)]
for _ in range(40):
    stall = random.randint(2_000, 15_000)
    recorded += [random.randint(stall // 2, stall) for _ in range(CONNECTIONS)]
recorded = [max(1, x) for x in recorded]
low, high = min(recorded), max(recorded)

data = [0] * (high + 1)
for x in recorded:
    data[x] += 1
count = len(recorded)
e = DURATION_US // (len(recorded) // CONNECTIONS)
for n in range(2 * e, high + 1):          # wrk's stats_correct
    c, m = data[n], n - e
    while c and m > e:
        data[m] += c
        count += c
        m -= e
cumulative = []
total = 0
for c in data:
    total += c
    cumulative.append(total)


def wrk_percentile(p):                     # wrk's stats_percentile
    rank = round(p / 100 * count + 0.5)
    return bisect.bisect_left(cumulative, rank, low)


def fraction_at_most(x):                   # rawlatency.lua from here on
    if low > x:
        return 0
    if high <= x:
        return 1
    lo, hi = 0.0, 100.0
    for _ in range(48):
        mid = (lo + hi) / 2
        if wrk_percentile(mid) <= x:
            lo = mid
        else:
            hi = mid
    return lo / 100


kept = fraction_at_most(2 * e)


def above(x):
    if x < e:
        return 1 - fraction_at_most(x) / kept
    return (fraction_at_most(x + e) - fraction_at_most(x)) / kept


def recovered(p):
    lo, hi = low, high
    while lo < hi:
        mid = (lo + hi) // 2
        if above(mid) <= 1 - p / 100:
            hi = mid
        else:
            lo = mid + 1
    return lo


ordered = sorted(recorded)
print(f"e={e} us; share of samples wrk added: recovered {1 - kept:.6f}, true {1 - len(recorded) / count:.6f}")
for p in (50, 90, 99, 99.9):
    true = ordered[min(math.floor(p / 100 * len(ordered) + 1), len(ordered)) - 1]
    print(f"p{p}: recovered {recovered(p)} us, true {true} us, wrk's {wrk_percentile(p)} us")
