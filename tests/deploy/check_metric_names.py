#!/usr/bin/env python3
"""Checks that every newsdedup_* metric used by the Grafana dashboard and the Prometheus
alerts is one the daemon's Registry really exports.

usage: check_metric_names.py NAMES_PROGRAM FILE...   (FILE: *.json dashboard or *.yml rules)
"""
import json
import re
import subprocess
import sys

import yaml

METRIC = re.compile(r"\bnewsdedup_[a-zA-Z0-9_]+")


def exprs_in_json(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("expr", "query", "definition") and isinstance(value, str):
                yield value
            else:
                yield from exprs_in_json(value)
    elif isinstance(node, list):
        for item in node:
            yield from exprs_in_json(item)


def exprs_in_rules(doc):
    for group in doc.get("groups", []):
        for rule in group.get("rules", []):
            yield rule["expr"]


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    exported = set(subprocess.run([sys.argv[1]], check=True, capture_output=True,
                                  text=True).stdout.split())
    if not exported:
        print("no exported names", file=sys.stderr)
        return 1
    missing = []
    used = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            if path.endswith(".json"):
                exprs = list(exprs_in_json(json.load(f)))
            else:
                exprs = list(exprs_in_rules(yaml.safe_load(f)))
        if not exprs:
            missing.append(f"{path}: no queries found")
        for expr in exprs:
            for name in METRIC.findall(expr):
                used += 1
                if name not in exported:
                    missing.append(f"{path}: {name} is not exported")
    for line in sorted(set(missing)):
        print(line, file=sys.stderr)
    print(f"{used} metric references checked against {len(exported)} exported names",
          file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
