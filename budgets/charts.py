"""Server-rendered SVG chart geometry: spending so far against straight-line expected spending."""

from decimal import Decimal

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 50


def _ticks(maximum: Decimal, count: int = 4) -> list[Decimal]:
    if maximum <= 0:
        return [Decimal("0")]
    step = maximum / count
    magnitude = Decimal(10) ** (len(str(int(step))) - 1)
    step = ((step / magnitude).to_integral_value(rounding="ROUND_CEILING")) * magnitude
    return [step * i for i in range(count + 1)]


def spending_chart(points) -> dict:
    """Coordinates for `templates/budgets/includes/spending_chart.html` (no JavaScript needed)."""
    if not points:
        return {}
    top = max([p.expected for p in points] + [p.spent for p in points if p.spent is not None] + [Decimal("1")])
    ticks = _ticks(top)
    scale_top = max(ticks[-1], Decimal("1"))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def y(value):
        return round(TOP + plot_h - float(value / scale_top) * plot_h, 1)

    xs = [round(LEFT + i * step, 1) for i in range(len(points))]
    spent = [(x, y(p.spent)) for x, p in zip(xs, points, strict=True) if p.spent is not None]
    expected = [(x, y(p.expected)) for x, p in zip(xs, points, strict=True)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "spent_points": " ".join(f"{x},{v}" for x, v in spent),
        "expected_points": " ".join(f"{x},{v}" for x, v in expected),
        "spent_dots": spent,
        "y_ticks": [{"y": y(t), "label": f"£{t:,.0f}"} for t in ticks],
        "x_labels": [
            {"x": x, "label": p.month.strftime("%b")}
            for i, (x, p) in enumerate(zip(xs, points, strict=True))
            if len(points) <= 12 or i % 2 == 0
        ],
    }
