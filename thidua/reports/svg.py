"""Server-side SVG bar charts (no JavaScript, no CDN): one group of horizontal bars per label,
one bar per series, scaled 0–100 %. Every text is escaped."""

from django.utils.html import format_html, format_html_join

COLOURS = ("#2e6da4", "#f0a500", "#2e8b57", "#b03a2e")
LABEL_WIDTH = 170
BAR_WIDTH = 300
BAR_HEIGHT = 12


def bar_chart(series: list[str], groups: list[tuple[str, list]], title: str) -> str:
    if not groups:
        return ""
    group_height = BAR_HEIGHT * len(series) + 10
    legend_height = 20
    height = legend_height + group_height * len(groups) + 6
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = []
    for index, name in enumerate(series):
        x = LABEL_WIDTH + index * 90
        parts.append(
            format_html(
                '<rect x="{}" y="4" width="10" height="10" fill="{}"></rect>'
                '<text x="{}" y="13" font-size="11">{}</text>',
                x,
                COLOURS[index % len(COLOURS)],
                x + 14,
                name,
            )
        )
    for row, (label, values) in enumerate(groups):
        top = legend_height + row * group_height
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="11">{}</text>',
                top + group_height // 2 + 2,
                str(label)[:28],
            )
        )
        for index, value in enumerate(values):
            y = top + index * BAR_HEIGHT
            length = round(float(value) * BAR_WIDTH / 100, 1)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" font-size="10">{}%</text>',
                    LABEL_WIDTH,
                    y,
                    length,
                    BAR_HEIGHT - 2,
                    COLOURS[index % len(COLOURS)],
                    LABEL_WIDTH + length + 4,
                    y + BAR_HEIGHT - 3,
                    str(value).replace(".", ","),
                )
            )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"></line>',
            LABEL_WIDTH,
            legend_height,
            LABEL_WIDTH,
            height,
        )
    )
    return format_html(
        '<svg class="report-chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width,
        height,
        title,
        title,
        format_html_join("", "{}", ((p,) for p in parts)),
    )
