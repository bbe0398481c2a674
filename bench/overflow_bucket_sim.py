#!/usr/bin/env python3
"""Simulates a band table of 15-slot buckets with an overflow count per bucket (as in F14):
an insert takes the first bucket with a free slot from its home and counts itself in every
full bucket it passes; an erase empties its slot and uncounts those buckets; a lookup walks
from its home while the count is non-zero. Prints the mean buckets per lookup after a fresh
fill and after FIFO churn at the same load (bench/README.md, "Next"). Usage:
  python3 bench/overflow_bucket_sim.py"""
import collections
import random

SLOTS = 15


def buckets_per_lookup(load, buckets, churn, rng):
    count = [0] * buckets
    fill = [0] * buckets
    items = collections.deque()  # (home, bucket), oldest first

    def insert(home):
        b = home
        while fill[b] == SLOTS:
            count[b] += 1
            b = (b + 1) % buckets
        fill[b] += 1
        items.append((home, b))

    def erase_oldest():
        home, b = items.popleft()
        fill[b] -= 1
        while home != b:
            count[home] -= 1
            home = (home + 1) % buckets

    for _ in range(int(load * buckets * SLOTS)):
        insert(rng.randrange(buckets))
    for _ in range(churn):
        erase_oldest()
        insert(rng.randrange(buckets))
    visited, lookups = 0, 20000
    for _ in range(lookups):
        b = rng.randrange(buckets)
        visited += 1
        while count[b] > 0:
            b = (b + 1) % buckets
            visited += 1
    return visited / lookups


def main():
    rng = random.Random(1)
    print("load  fresh fill (20,000 buckets)  after FIFO churn (5,000 buckets, 100,000 replacements)")
    for load in (0.65, 0.75, 0.80, 0.85, 0.90):
        fresh = buckets_per_lookup(load, 20000, 0, rng)
        churned = buckets_per_lookup(load, 5000, 100000, rng)
        print(f"{load:.2f}  {fresh:.2f}  {churned:.2f}")


if __name__ == "__main__":
    main()
