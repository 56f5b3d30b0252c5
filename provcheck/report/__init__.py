"""Report -> terminal (rich), JSON, HTML, Markdown or CSV.

>>> sorted(FORMATS)
['csv', 'html', 'json', 'markdown', 'terminal']
"""

from __future__ import annotations

from provcheck.report.render import FORMATS, render, render_terminal

__all__ = ["FORMATS", "render", "render_terminal"]
