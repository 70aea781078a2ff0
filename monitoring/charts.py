"""Server-rendered SVG charts: the same markup works in the browser and in WeasyPrint PDFs.
Every chart is shown next to a table with the same figures."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe


def bar_chart(rows: list[tuple[str, int]], *, title: str, width: int = 560) -> SafeString:
    """Horizontal bars, one per (label, value). Labels are escaped; the result is safe HTML."""
    bar_h, gap, label_w, pad = 22, 8, 180, 8
    height = pad * 2 + len(rows) * (bar_h + gap)
    top = max([v for _, v in rows] + [1])
    usable = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = pad + i * (bar_h + gap)
        w = round(usable * value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.0f}" text-anchor="end" font-size="12">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#0b5fa5" rx="3"/>'
            f'<text x="{label_w + w + 6}" y="{y + bar_h * 0.7:.0f}" font-size="12">{value}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
