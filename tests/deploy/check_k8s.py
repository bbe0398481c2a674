#!/usr/bin/env python3
"""Structural checks of the kustomize base in deploy/k8s (no cluster or kustomize needed):
files referenced exist, probes hit /healthz and /readyz on the metrics port, the pod runs as
non-root on a read-only root file system with resources set, selectors line up, the config is
mounted as a directory (ConfigMap updates reach the pod) and validates with `newsdedup validate`.

usage: check_k8s.py K8S_DIR [NEWSDEDUP_BINARY]
"""
import os
import subprocess
import sys

import yaml

errors = []


def check(cond, message):
    if not cond:
        errors.append(message)


def load_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    root = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else None
    kust = load_all(os.path.join(root, "kustomization.yaml"))[0]
    docs = []
    for res in kust.get("resources", []):
        path = os.path.join(root, res)
        check(os.path.isfile(path), f"kustomization: resource {res} missing")
        if os.path.isfile(path):
            docs += load_all(path)
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    for kind in ("Deployment", "Service", "PodDisruptionBudget", "ServiceMonitor"):
        check(len(by_kind.get(kind, [])) == 1, f"expected one {kind}")
    if errors:
        return report()

    gen = kust["configMapGenerator"][0]
    check(kust.get("generatorOptions", {}).get("disableNameSuffixHash") is True,
          "configMapGenerator must keep a stable name so that edits reload live")
    key, _, src = gen["files"][0].partition("=")
    config_file = os.path.join(root, src)
    check(os.path.isfile(config_file), f"config file {src} missing")

    dep = by_kind["Deployment"][0]
    spec = dep["spec"]
    pod = spec["template"]["spec"]
    pod_labels = spec["template"]["metadata"].get("labels", {})
    check(matches(spec["selector"]["matchLabels"], pod_labels),
          "Deployment selector does not match the pod labels")
    check(pod.get("securityContext", {}).get("runAsNonRoot") is True, "pod must runAsNonRoot")
    check(pod.get("securityContext", {}).get("seccompProfile", {}).get("type") == "RuntimeDefault",
          "pod must use the RuntimeDefault seccomp profile")
    c = pod["containers"][0]
    sc = c.get("securityContext", {})
    check(sc.get("readOnlyRootFilesystem") is True, "container root fs must be read-only")
    check(sc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation must be false")
    check(sc.get("capabilities", {}).get("drop") == ["ALL"], "capabilities must drop ALL")
    res = c.get("resources", {})
    check(res.get("requests", {}).get("cpu") and res.get("requests", {}).get("memory"),
          "resource requests missing")
    check(res.get("limits", {}).get("memory"), "memory limit missing")
    ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = c.get(probe, {}).get("httpGet", {})
        check(get.get("path") == path, f"{probe} must GET {path}")
        check(get.get("port") in ports, f"{probe} port {get.get('port')} is not a container port")

    # The config: a directory mount of the generated ConfigMap, the file the args name.
    vols = {v["name"]: v for v in pod.get("volumes", [])}
    mounts = [m for m in c.get("volumeMounts", [])
              if vols.get(m["name"], {}).get("configMap", {}).get("name") == gen["name"]]
    check(len(mounts) == 1, "the ConfigMap must be mounted once")
    if mounts:
        check("subPath" not in mounts[0], "a subPath mount never sees ConfigMap updates")
        path = os.path.join(mounts[0]["mountPath"], key)
        args = c.get("args", [])
        check("--config" in args and args[args.index("--config") + 1] == path,
              f"args must pass --config {path}")
    with open(config_file, encoding="utf-8") as f:
        cfg = yaml.safe_load(f) or {}
    listen = cfg.get("metrics", {}).get("listen", "127.0.0.1:9464")
    host, _, port = listen.rpartition(":")
    check(host == "0.0.0.0", f"metrics.listen {listen} is not reachable by probes")
    check(int(port) == ports.get("metrics"), "metrics.listen port differs from containerPort")
    tmp_mounts = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
    check(len(tmp_mounts) == 1, "a writable /tmp is needed with a read-only root fs")

    svc = by_kind["Service"][0]
    check(matches(svc["spec"]["selector"], pod_labels), "Service selector misses the pod")
    svc_ports = {p["name"]: p for p in svc["spec"]["ports"]}
    check("metrics" in svc_ports, "Service needs a port named metrics")
    pdb = by_kind["PodDisruptionBudget"][0]
    check(matches(pdb["spec"]["selector"]["matchLabels"], pod_labels), "PDB selector misses the pod")
    sm = by_kind["ServiceMonitor"][0]
    check(matches(sm["spec"]["selector"]["matchLabels"], svc["metadata"].get("labels", {})),
          "ServiceMonitor selector misses the Service")
    for ep in sm["spec"]["endpoints"]:
        check(ep.get("port") in svc_ports, f"ServiceMonitor port {ep.get('port')} not in Service")
        check(ep.get("path", "/metrics") == "/metrics", "ServiceMonitor must scrape /metrics")

    if binary:
        r = subprocess.run([binary, "validate", "--config", config_file], capture_output=True,
                           text=True)
        check(r.returncode == 0, f"newsdedup validate {src}: {r.stderr.strip()}")
    return report()


def report():
    for e in errors:
        print(e, file=sys.stderr)
    if not errors:
        print("k8s base OK", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
