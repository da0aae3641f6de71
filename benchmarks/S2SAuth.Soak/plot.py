#!/usr/bin/env python3
"""Plots a soak run: req/s (and failures) and the server's memory over time, events marked.

usage: python3 plot.py <out dir>   (reads samples.csv and events.csv there, writes soak.png)
Needs matplotlib (Debian: apt-get install -y python3-matplotlib).
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "samples.csv"))))
events = list(csv.DictReader(open(os.path.join(out, "events.csv"))))
t = [int(r["second"]) for r in rows]


def col(name):
    return [float(r[name]) if r[name] not in ("", "NaN") else float("nan") for r in rows]


fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 7), sharex=True)
top.plot(t, col("requests"), label="requests/s", color="tab:blue", linewidth=1)
top.plot(t, col("failures"), label="failures/s", color="tab:red", linewidth=1)
top.plot(t, col("tolerated"), label="tolerated/s (revocation window)", color="tab:orange", linewidth=1)
top.set_ylabel("per second")
top.set_ylim(bottom=0)
top.legend(loc="lower left", fontsize=8)
bottom.plot(t, col("rss_anon_mb"), label="server RssAnon (MB)", color="tab:green")
bottom.plot(t, col("rss_mb"), label="server VmRSS (MB)", color="tab:olive", linewidth=0.6)
bottom.plot(t, col("heap_mb"), label="managed heap at last GC (MB)", color="tab:purple")
bottom.plot(t, col("total_memory_mb"), label="GC.GetTotalMemory (MB)", color="tab:gray", linewidth=0.6)
bottom.set_ylabel("MB")
bottom.set_xlabel("seconds")
bottom.set_ylim(bottom=0)
bottom.legend(loc="lower left", fontsize=8)

colors = {"rotation": "#bbbbbb", "issuer": "tab:red", "redis": "tab:brown"}
for e in events:
    text = e["event"]
    kind = "rotation" if text.startswith("rotation") else "issuer" if text.startswith("issuer stopped") or text.startswith("issuer restarted") else "redis" if text.startswith("redis") else None
    if kind is None:
        continue
    x = float(e["second"])
    for ax in (top, bottom):
        ax.axvline(x, color=colors[kind], linestyle="--" if kind == "rotation" else "-", linewidth=0.8)
    if kind != "rotation":
        top.annotate(text.split(" at ")[0].split(" on port")[0], (x, top.get_ylim()[1]), rotation=90, fontsize=7, va="top", ha="right")

top.set_title("S2SAuth soak: req/s and server memory (dashed: key rotations)")
fig.tight_layout()
fig.savefig(os.path.join(out, "soak.png"), dpi=100)
