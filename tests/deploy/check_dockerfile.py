#!/usr/bin/env python3
"""Checks deploy/docker/Dockerfile against a built newsdedup binary: the runtime stage is Debian
12 and installs the Debian package of every shared library the binary links directly
(readelf NEEDED -> file -> dpkg -S), so the image starts. Exits 77 (skipped) without dpkg.

usage: check_dockerfile.py DOCKERFILE NEWSDEDUP_BINARY
"""
import os
import re
import shutil
import subprocess
import sys

# In every debian:12-slim image.
BASE = {"libc6", "libstdc++6", "libgcc-s1"}


def runtime_stage(text):
    stages = re.split(r"(?im)^FROM\s+", text)[1:]
    if len(stages) < 2:
        sys.exit("Dockerfile: expected a multi-stage build")
    return stages[-1]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    if not shutil.which("dpkg") or not shutil.which("readelf"):
        print("dpkg or readelf missing; skipped", file=sys.stderr)
        return 77
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read().replace("\\\n", " ")
    stage = runtime_stage(text)
    errors = []
    if not re.match(r"debian:12", stage):
        errors.append("runtime stage must be based on debian:12")
    if not re.search(r"(?m)^USER\s+\d+", stage):
        errors.append("runtime stage must switch to a numeric non-root USER")
    m = re.search(r"apt-get install[^&]*?--no-install-recommends(.*?)(&&|$)", stage, re.S)
    installed = set(m.group(1).split()) if m else set()
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]",
                        subprocess.run(["readelf", "-d", sys.argv[2]], check=True,
                                       capture_output=True, text=True).stdout)
    ldd = subprocess.run(["ldd", sys.argv[2]], check=True, capture_output=True, text=True).stdout
    paths = dict(re.findall(r"^\s*(\S+) => (\S+)", ldd, re.M))
    for lib in needed:
        path = paths.get(lib)
        if not path:
            errors.append(f"{lib}: not resolved by ldd")
            continue
        pkg = ""
        # ldd may print /lib or /usr/lib (merged /usr), dpkg knows one of them.
        for candidate in (path, re.sub(r"^/lib/", "/usr/lib/", path), os.path.realpath(path)):
            owner = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if owner.returncode == 0:
                pkg = owner.stdout.split(":")[0].strip()
                break
        if not pkg:
            errors.append(f"{lib}: no Debian package owns {path}")
        elif pkg not in installed and pkg not in BASE:
            errors.append(f"{lib}: package {pkg} is not installed by the runtime stage")
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(needed)} linked libraries checked", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
