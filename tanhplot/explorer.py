"""``tanhplot.explore``: sliders over an activation's parameters and z range.

Needs ipywidgets (``pip install "tanhplot[notebook]"``), imported only when
`explore` is called. Each change redraws the figure with `tanhplot.figure`
and shows it as a PNG in an ``ipywidgets.Image``; the current figure is
`Explorer.figure`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import TanhplotError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Explorer", "explore", "slider_range"]

#: Steps of a parameter's slider between its ends.
STEPS = 100


def slider_range(name: str, parameter: str, default: float) -> tuple[float, float]:
    """The ends of *parameter*'s slider: from 0 (or a small positive number
    where 0 is not valid, or twice a negative default) to at least 1 and
    three times the default."""
    from .activations import get

    high = max(1.0, 3 * abs(default))
    low = 2 * default if default < 0 else 0.0
    try:
        get(name, **{parameter: low})
    except TanhplotError:
        low = (high - low) / STEPS
    return low, high


class Explorer:
    """The widgets of `explore` and the figure they show.

    Attributes
    ----------
    sliders : dict of str to ipywidgets.FloatSlider
        One per parameter of the activation.
    z_range : ipywidgets.FloatRangeSlider
        The z range drawn.
    image : ipywidgets.Image
        The current figure, as PNG.
    message : ipywidgets.HTML
        Why the last change could not be drawn (empty when it could).
    widget : ipywidgets.VBox
        All of the above; what a notebook displays.
    figure : matplotlib.figure.Figure
        The figure now shown.
    """

    def __init__(self, name: str, options: dict[str, Any]) -> None:
        import ipywidgets as widgets

        from .activations import defaults, get

        get(name)  # an unknown name fails here, with the valid ones
        self.name = name
        self.options = options
        self.sliders: dict[str, Any] = {}
        for parameter, default in defaults(name).items():
            low, high = slider_range(name, parameter, float(default))
            self.sliders[parameter] = widgets.FloatSlider(
                value=float(default),
                min=low,
                max=high,
                step=(high - low) / STEPS,
                description=parameter,
                continuous_update=False,
                readout_format=".3g",
            )
        xlim = options.pop("xlim", (-4.0, 4.0))
        self.z_range = widgets.FloatRangeSlider(
            value=tuple(float(v) for v in xlim),
            min=min(-10.0, float(xlim[0])),
            max=max(10.0, float(xlim[1])),
            step=0.1,
            description="z range",
            continuous_update=False,
        )
        self.image = widgets.Image(format="png")
        self.message = widgets.HTML("")
        self.figure: Figure = self._draw()
        for slider in (*self.sliders.values(), self.z_range):
            slider.observe(self._changed, names="value")
        self.widget = widgets.VBox(
            [*self.sliders.values(), self.z_range, self.message, self.image]
        )

    def _draw(self) -> Figure:
        from .activations import get
        from .export import figure_bytes
        from .figures import figure

        params = {k: float(s.value) for k, s in self.sliders.items()}
        act = get(self.name, **params)
        if params:
            args = ", ".join(f"{k}={v:.3g}" for k, v in params.items())
            act = act.replace(label=f"{self.name}({args})")
        fig = figure(act, xlim=tuple(self.z_range.value), **self.options)
        self.image.value = figure_bytes(fig, "explore.png")
        return fig

    def _changed(self, change: Any = None) -> None:
        from html import escape

        try:
            self.figure = self._draw()
        except TanhplotError as exc:
            self.message.value = f"<b>cannot draw:</b> {escape(str(exc))}"
        else:
            self.message.value = ""

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def explore(activation: str = "leaky_relu", **options: Any) -> Explorer:
    """Sliders over an activation's parameters and the z range, with its
    figure following them (in Jupyter; needs ``tanhplot[notebook]``).

    Parameters
    ----------
    activation : str, default "leaky_relu"
        A registered activation's name.
    **options
        Other `FigureSpec` options of the figure (``xlim`` starts the z
        range slider).

    Returns
    -------
    Explorer
        Displays as its widgets; ``.figure`` is the figure now shown.
    """
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        raise TanhplotError(
            'tanhplot.explore needs ipywidgets: pip install "tanhplot[notebook]"'
        ) from None
    return Explorer(activation, dict(options))
