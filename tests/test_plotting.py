"""course_lib.plotting.show: a figure goes into the notebook with its alternative text."""

import base64
import re

import matplotlib.pyplot as plt
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from course_lib.plotting import show


def _displayed(fig, alt):
    """What show(fig, alt) sends to the front end, captured the documented way."""
    InteractiveShell.instance()  # capture_output records displays of a running IPython shell
    with capture_output() as captured:
        show(fig, alt)
    return [output.data for output in captured.outputs]


def test_show_sends_a_png_with_its_alt_text_and_closes_the_figure():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    [data] = _displayed(fig, 'A rising line: "up" & <right>.')
    html = data["text/html"]
    assert 'alt="A rising line: &quot;up&quot; &amp; &lt;right&gt;."' in html
    png = base64.b64decode(re.search(r'base64,([A-Za-z0-9+/=]+)"', html).group(1))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert data["text/plain"] == '[figure: A rising line: "up" & <right>.]'
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_show_needs_a_description(alt):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt must be a sentence"):
        show(fig, alt)
    plt.close(fig)


def test_show_needs_a_figure():
    with pytest.raises(TypeError, match="must be a matplotlib Figure"):
        show("not a figure", "text")
