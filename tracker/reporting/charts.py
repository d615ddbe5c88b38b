"""Chart geometry, computed here and drawn by the templates (hand-written SVG, text bars).

A stacked bar per cycle: the previous election's recommendations by their status at the
election, each segment as wide as its share. Positions come from cumulative counts, so the
segments of a bar always add up to the bar's full width.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.followup.summary import STATUS_COLUMNS
from tracker.reporting.model import StatusMix
from tracker.vocabulary import NOT_ASSESSED, STATUS_HEADINGS, STATUS_WORDS

# The status columns' words come from tracker.vocabulary; these names stay for the templates'
# context and tracker/site. The colours keep a dark/light alternation so that neighbouring
# segments differ in lightness as well as in hue; the not-assessed segment is hatched as well
# as pale.
STATUS_LABELS = STATUS_WORDS
SHORT_LABELS = STATUS_HEADINGS
COLOURS = {
    "fully-implemented": "#1b7837",
    "mostly-implemented": "#a6dba0",
    "partially-implemented": "#e08214",
    "not-implemented": "#b2182b",
    "no-longer-relevant": "#6b6b6b",
    NOT_ASSESSED: "#e6e6e6",
}
TEXT_COLOURS = {
    "fully-implemented": "#ffffff",
    "mostly-implemented": "#000000",
    "partially-implemented": "#000000",
    "not-implemented": "#ffffff",
    "no-longer-relevant": "#ffffff",
    NOT_ASSESSED: "#000000",
}
# One character per status for the Markdown bars (darker is better).
BAR_CHARACTERS = {
    "fully-implemented": "█",
    "mostly-implemented": "▓",
    "partially-implemented": "▒",
    "not-implemented": "░",
    "no-longer-relevant": "╳",
    NOT_ASSESSED: "·",
}
TEXT_BAR_CELLS = 20

WIDTH = 720
LABEL_WIDTH = 200
BAR_WIDTH = 420
BAR_X = LABEL_WIDTH
ROW_HEIGHT = 36
BAR_HEIGHT = 24
TOP = 8
LEGEND_ROW = 22
LEGEND_X = 10
LEGEND_SWATCH = 17
LEGEND_CHAR_WIDTH = 6.4  # an upper bound for 11px sans-serif text
LEGEND_GAP = 18
MIN_LABELLED_WIDTH = 34.0


@dataclass(frozen=True)
class Segment:
    column: str
    label: str
    count: int
    share: float
    x: float
    width: float
    colour: str
    text_colour: str
    hatched: bool

    @property
    def shows_label(self) -> bool:
        return self.width >= MIN_LABELLED_WIDTH

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def percent(self) -> str:
        return f"{self.share:.0%}"


@dataclass(frozen=True)
class Bar:
    label: str
    sublabel: str
    total: int
    implementation_rate: float | None
    y: float
    segments: list[Segment]

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class LegendItem:
    column: str
    label: str
    colour: str
    hatched: bool
    x: float
    y: float


@dataclass(frozen=True)
class StackedBarChart:
    width: int
    height: int
    bar_x: int
    bar_width: int
    bar_height: int
    bars: list[Bar]
    legend: list[LegendItem]


def stacked_bars(mixes: list[StatusMix]) -> StackedBarChart:
    """The status mix chart of a briefing: one bar per cycle, oldest first."""
    bars = []
    for index, mix in enumerate(mixes):
        y = TOP + index * ROW_HEIGHT
        segments = []
        cumulative = 0
        for column in STATUS_COLUMNS:
            count = mix.counts.get(column, 0)
            if count == 0 or mix.total == 0:
                continue
            start = round(BAR_X + BAR_WIDTH * cumulative / mix.total, 2)
            cumulative += count
            end = round(BAR_X + BAR_WIDTH * cumulative / mix.total, 2)
            segments.append(
                Segment(
                    column=column,
                    label=STATUS_LABELS[column],
                    count=count,
                    share=count / mix.total,
                    x=start,
                    width=round(end - start, 2),
                    colour=COLOURS[column],
                    text_colour=TEXT_COLOURS[column],
                    hatched=column == NOT_ASSESSED,
                )
            )
        bars.append(
            Bar(
                label=mix.election.label,
                sublabel=f"{mix.total} raised at {mix.previous.date.isoformat()}",
                total=mix.total,
                implementation_rate=mix.implementation_rate,
                y=y,
                segments=segments,
            )
        )
    legend_y = TOP + len(mixes) * ROW_HEIGHT + 6
    legend = []
    x, y = LEGEND_X, legend_y
    for column in STATUS_COLUMNS:
        label = STATUS_LABELS[column]
        advance = LEGEND_SWATCH + round(len(label) * LEGEND_CHAR_WIDTH) + LEGEND_GAP
        if x + advance > WIDTH and x > LEGEND_X:
            x, y = LEGEND_X, y + LEGEND_ROW
        legend.append(
            LegendItem(
                column=column,
                label=label,
                colour=COLOURS[column],
                hatched=column == NOT_ASSESSED,
                x=x,
                y=y,
            )
        )
        x += advance
    height = y + LEGEND_ROW + 2
    return StackedBarChart(
        width=WIDTH,
        height=height,
        bar_x=BAR_X,
        bar_width=BAR_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=bars,
        legend=legend,
    )


def text_bar(counts: dict[str, int], cells: int = TEXT_BAR_CELLS) -> str:
    """A bar of `cells` characters, one kind per status, by largest remainder: every status
    with a share gets its rounded number of cells and the cells add up to `cells`."""
    total = sum(counts.get(column, 0) for column in STATUS_COLUMNS)
    if total == 0:
        return ""
    exact = {column: counts.get(column, 0) * cells / total for column in STATUS_COLUMNS}
    given = {column: int(value) for column, value in exact.items()}
    left = cells - sum(given.values())
    by_remainder = sorted(
        STATUS_COLUMNS,
        key=lambda column: (-(exact[column] - given[column]), STATUS_COLUMNS.index(column)),
    )
    for column in by_remainder[:left]:
        given[column] += 1
    return "".join(BAR_CHARACTERS[column] * given[column] for column in STATUS_COLUMNS)
