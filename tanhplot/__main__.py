"""``python -m tanhplot``: the same as the ``tanhplot`` command."""

from .cli import run

run()
