"""The reference for benchmarks/compare.py: the seed blog post's figure as its
author wrote it, with plain matplotlib and pyplot.

tanh and its derivative 1 - tanh^2 on spines through the origin, saved as a
PNG (the file named on the command line, else reference.png). This is what
tanhplot's speed is measured against; it is not part of tanhplot.
"""

import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np


def tanh(z):
    ez = np.exp(z)
    enz = np.exp(-z)
    return (ez - enz) / (ez + enz)


# The curves
z = np.arange(-4.0, 4.0, 0.01)
a = tanh(z)
dz = 1 - a**2

# Spines through the origin
fig, ax = plt.subplots(figsize=(9, 5))
ax.spines["left"].set_position("center")
ax.spines["bottom"].set_position("center")
ax.spines["right"].set_color("none")
ax.spines["top"].set_color("none")
ax.xaxis.set_ticks_position("bottom")
ax.yaxis.set_ticks_position("left")

ax.plot(z, a, color="#307EC7", linewidth=3, label="tanh")
ax.plot(z, dz, color="#9621E2", linewidth=3, label="derivative")
ax.legend(loc="upper right", frameon=False)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "reference.png")
