"""Pictures of links: a pure braid drawn with matplotlib, its closure indicated by the arcs that
join each strand's top back to its bottom, one colour per component (party)."""

from __future__ import annotations

import numpy as np

_GAP = 0.1  # fraction of a crossing's height left open on the under-strand


def draw_braid(word, strands: int, *, labels=None, ax=None):
    """Draw the closed braid of ``word`` (``i`` is sigma_i, ``-i`` its inverse; 1-based) on
    ``strands`` strands; ``labels[c]`` names the component that starts at position ``c``.

    sigma_i crosses the strand at position ``i - 1`` over the one at position ``i``; for a
    pure braid (as :func:`cones.links.clasp_braid` gives) each strand is one component.

    Examples
    --------
    >>> ax = draw_braid([1, 1], 2, labels=["A", "B"])   # the Hopf link
    >>> len(ax.lines) > 0
    True
    """
    import matplotlib.pyplot as plt

    word = [int(s) for s in word]
    bad = [s for s in word if s == 0 or abs(s) >= strands]
    if bad:
        raise ValueError(f"braid generators must be +-1 .. +-{strands - 1} on {strands} strands, got {bad}")
    if ax is None:
        _, ax = plt.subplots(figsize=(max(3, 0.9 * strands), max(3, 0.12 * len(word) + 1.5)))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    at = list(range(strands))  # at[position] = component
    for y, s in enumerate(word):
        i = abs(s) - 1
        for position in range(strands):
            if position not in (i, i + 1):
                ax.plot([position, position], [y, y + 1], color=colours[at[position] % len(colours)], lw=2)
        over, under = (i, i + 1) if s > 0 else (i + 1, i)
        ax.plot([over, under], [y, y + 1], color=colours[at[over] % len(colours)], lw=2, zorder=3)
        xs, ys = np.array([under, over], float), np.array([y, y + 1], float)
        for part in ((0, 0.5 - _GAP), (0.5 + _GAP, 1)):
            t = np.array(part)
            ax.plot(xs[0] + t * (xs[1] - xs[0]), ys[0] + t * (ys[1] - ys[0]),
                    color=colours[at[under] % len(colours)], lw=2)
        at[i], at[i + 1] = at[i + 1], at[i]
    height = len(word)
    for position in range(strands):  # the closure: each strand's top joins its bottom on the right
        colour = colours[at[position] % len(colours)]
        right = strands + position * 0.6
        ax.plot([position, position, right, right, position, position],
                [height, height + 0.5 + position * 0.4, height + 0.5 + position * 0.4,
                 -0.5 - position * 0.4, -0.5 - position * 0.4, 0], color=colour, lw=1, alpha=0.6)
    names = labels if labels is not None else [str(c) for c in range(strands)]
    for c in range(strands):
        ax.text(c, -1.2 - 0.4 * strands, names[c], ha="center", color=colours[c % len(colours)])
    ax.set_axis_off()
    return ax
