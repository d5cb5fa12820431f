#!/usr/bin/env python3
"""Draws a flame graph as a standalone SVG from the CPU samples of a JFR recording, as `jfr print --events
jdk.ExecutionSample` writes them, or from collapsed stacks (one line per stack, frames root first separated by ';',
then a space and a sample count).

    jfr print --stack-depth 512 --events jdk.ExecutionSample rec.jfr > samples.txt
    bench/flame.py samples.txt TITLE > flame.svg

Each box is a frame, its width the share of samples in which it was on the stack; hover for the count. The ten
widest frames of our own code (com.coachway) are printed to stderr, as the place to start reading."""
import html
import sys
from collections import defaultdict

WIDTH, ROW, FONT = 1800, 16, 11


class Node:
    __slots__ = ("name", "count", "children")

    def __init__(self, name):
        self.name, self.count, self.children = name, 0, {}


def jfr_stacks(lines):
    """Collapsed stacks from `jfr print` text: each sample's frames are listed leaf first."""
    stacks = defaultdict(int)
    frames, inside = [], False
    for line in lines:
        text = line.strip()
        if text.startswith("stackTrace = ["):
            frames, inside = [], True
        elif inside and text == "]":
            inside = False
            if frames:
                stacks[";".join(reversed(frames))] += 1
        elif inside and text and text != "...":
            frames.append(text.split(" line:")[0].split("(")[0])
    return ["%s %d" % kv for kv in stacks.items()]


def read(path):
    root = Node("all")
    own = defaultdict(int)
    leaves = defaultdict(int)
    with open(path, encoding="utf-8", errors="replace") as source:
        lines = source.read().splitlines()
    if any("jdk.ExecutionSample" in line for line in lines[:50]):
        lines = jfr_stacks(lines)
    for line in lines:
        if " " not in line:
            continue
        stack, count = line.rsplit(" ", 1)
        count = int(count)
        root.count += count
        leaves[".".join(stack.split(";")[-1].replace("/", ".").split(".")[:3])] += count
        node = root
        seen = set()
        for frame in stack.split(";"):
            node = node.children.setdefault(frame, Node(frame))
            node.count += count
            method = frame.replace("/", ".")
            if method.startswith("com.coachway") and method not in seen:  # a recursive frame counts once
                own[method] += count
                seen.add(method)
    return root, own, leaves


def colour(name):
    name = name.replace("/", ".")
    if "coachway" in name:
        return "#e8733a"
    if name.startswith(("org.postgresql", "com.zaxxer", "org.springframework.jdbc")):
        return "#4c8bd6"
    if name.startswith(("com.rabbitmq", "org.springframework.amqp", "org.apache.camel")):
        return "#5fb36b"
    if name.startswith(("java", "jdk", "sun")) or "[" in name:
        return "#c9c9c9"
    return "#e3c14b"


def draw(root, title):
    boxes = []
    depth = [0]

    def walk(node, x, level):
        width = WIDTH * node.count / root.count
        if width < 2.0:  # two pixels or less: unreadable, and it would only make the file big
            return
        depth[0] = max(depth[0], level)
        boxes.append((x, level, width, node))
        child_x = x
        for child in sorted(node.children.values(), key=lambda c: c.name):
            walk(child, child_x, level + 1)
            child_x += WIDTH * child.count / root.count

    walk(root, 0, 0)
    height = (depth[0] + 1) * ROW + 40
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" font-size="%d">'
           % (WIDTH, height, FONT),
           '<text x="4" y="16" font-size="14">%s (%d samples)</text>' % (html.escape(title), root.count)]
    for x, level, width, node in boxes:
        y = height - (level + 1) * ROW
        share = 100.0 * node.count / root.count
        label = node.name if width > 40 else ""
        keep = int(width / (FONT * 0.62))
        if len(label) > keep:
            label = label[:max(0, keep - 2)] + ".."
        out.append('<g><title>%s (%d samples, %.2f%%)</title><rect x="%.1f" y="%d" width="%.1f" height="%d" '
                   'fill="%s" stroke="#fff" stroke-width="0.5"/><text x="%.1f" y="%d">%s</text></g>'
                   % (html.escape(node.name), node.count, share, x, y, width, ROW - 1, colour(node.name), x + 2,
                      y + ROW - 4, html.escape(label)))
    out.append("</svg>")
    return "\n".join(out)


def main():
    root, own, leaves = read(sys.argv[1])
    print(draw(root, sys.argv[2] if len(sys.argv) > 2 else sys.argv[1]))
    print("on the CPU (self), by package:", file=sys.stderr)
    for package, count in sorted(leaves.items(), key=lambda kv: -kv[1])[:12]:
        print("%6.2f%%  %s" % (100.0 * count / max(1, root.count), package), file=sys.stderr)
    print("our methods, with all they call:", file=sys.stderr)
    for method, count in sorted(own.items(), key=lambda kv: -kv[1])[:15]:
        print("%6.2f%%  %s" % (100.0 * count / max(1, root.count), method), file=sys.stderr)


if __name__ == "__main__":
    main()
