#!/usr/bin/env python3
"""Runs `newsdedup dedup` on the labelled dev stream and fails when accuracy slides below the
issue-2 targets. The data is read in place (research-use licence: never copied)."""
import argparse
import json
import os
import subprocess
import sys

TARGETS = {  # metric: (minimum or maximum, bound)
    "precision": ("min", 0.995),
    "recall": ("min", 0.95),
    "lost_per_10k_records": ("max", 10.0),
}
TRUNCATED_MIN = 0.90


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--newsdedup", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    dev = os.path.join(a.shared, "data", "eval", "dev")
    scorer = os.path.join(a.shared, "tools", "dedup-score")
    stream, labels = os.path.join(dev, "stream.jsonl"), os.path.join(dev, "labels.jsonl")
    if not (os.path.exists(stream) and os.path.exists(labels) and os.path.exists(scorer)):
        print(f"skipped: no eval data under {dev}")
        return 77
    decisions = os.path.join(a.workdir, "dev_decisions.jsonl")
    run = subprocess.run([a.newsdedup, "dedup", "--config", a.config, "--input", stream,
                          "--output", os.devnull, "--decisions", decisions],
                         stderr=subprocess.PIPE, text=True)
    sys.stderr.write(run.stderr)
    if run.returncode != 0:
        print(f"newsdedup dedup exited {run.returncode}")
        return 1
    human = subprocess.run([sys.executable, scorer, "--labels", labels, "--decisions", decisions],
                           capture_output=True, text=True)
    print("\n".join(human.stdout.splitlines()[:32]))
    scored = subprocess.run([sys.executable, scorer, "--labels", labels, "--decisions", decisions,
                             "--json"], capture_output=True, text=True, check=True)
    score = json.loads(scored.stdout)
    failures = []
    for metric, (kind, bound) in TARGETS.items():
        value = score[metric]
        if (kind == "min" and value < bound) or (kind == "max" and value > bound):
            failures.append(f"{metric} = {value:.4f}, target {'>=' if kind == 'min' else '<='} {bound}")
    truncated = find_truncated_recall(score)
    if truncated is None:
        failures.append("no recall figure for 'truncated' in the scorer's output")
    elif truncated < TRUNCATED_MIN:
        failures.append(f"truncated recall = {truncated:.4f}, target >= {TRUNCATED_MIN}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


def find_truncated_recall(score):
    """The scorer reports recall per transformation part; find the 'truncated' entry."""
    entry = score.get("recall_by_transformation", {}).get("truncated")
    return entry.get("recall") if isinstance(entry, dict) else None


if __name__ == "__main__":
    sys.exit(main())
