#!/usr/bin/env python3
"""Draws event-to-provider latency over time as a standalone SVG: one dot per notification (x: when its event was
posted, seconds into the run; y: its latency in ms), with the p50 and p99 of each 5-second window as lines.

    bench/chart.py series.txt TITLE > latency.svg

series.txt holds one line per notification, "POSTED_MS LATENCY_MS", as DeliveryBench -Dseries=FILE writes it."""
import html
import math
import sys

W, H, LEFT, BOTTOM, TOP, RIGHT = 900, 360, 64, 40, 36, 16


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0


def main():
    points = []
    with open(sys.argv[1]) as series:
        for line in series:
            parts = line.split()
            if len(parts) == 2:
                points.append((float(parts[0]) / 1000, float(parts[1])))
    title = sys.argv[2] if len(sys.argv) > 2 else "latency over time"
    if not points:
        sys.exit("no points in " + sys.argv[1])
    x_max = max(x for x, _ in points) or 1
    y_max = max(percentile([y for _, y in points], 99.9) * 1.1, 1)
    sx = lambda x: LEFT + x / x_max * (W - LEFT - RIGHT)
    sy = lambda y: H - BOTTOM - min(y, y_max) / y_max * (H - BOTTOM - TOP)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (W, H), '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="13">%s</text>' % (LEFT, html.escape(title))]
    for i in range(6):
        y = y_max * i / 5
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (LEFT, W - RIGHT, sy(y), sy(y)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%.0f ms</text>' % (LEFT - 4, sy(y) + 4, y))
    for i in range(6):
        x = x_max * i / 5
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%.0f s</text>' % (sx(x), H - BOTTOM + 16, x))
    out.extend('<circle cx="%.1f" cy="%.1f" r="1.2" fill="#7aa6d6"/>' % (sx(x), sy(y)) for x, y in points)
    windows = {}
    for x, y in points:
        windows.setdefault(int(x // 5), []).append(y)
    for p, colour in ((50, "#1f5fa8"), (99, "#c0392b")):
        line = " ".join("%.1f,%.1f" % (sx(k * 5 + 2.5), sy(percentile(v, p))) for k, v in sorted(windows.items()))
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (colour, line))
        out.append('<text x="%d" y="%d" fill="%s">p%d per 5 s</text>' % (W - RIGHT - 160 + (p // 99) * 80, 20,
                                                                          colour, p))
    out.append('<text x="%d" y="%d" text-anchor="middle">event posted (s into the run)</text>'
               % ((W + LEFT) // 2, H - 6))
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
