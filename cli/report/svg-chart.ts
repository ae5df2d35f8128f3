/** One line of a chart: its name, colour and points (time in Unix seconds, value). */
export interface ChartSeries {
  name: string;
  color: string;
  points: ReadonlyArray<readonly [number, number]>;
}

export const CHART_WIDTH = 860;
export const CHART_HEIGHT = 220;
const PAD = { left: 56, right: 16, top: 28, bottom: 30 };
const MAX_POINTS = 600;

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

/** At most MAX_POINTS points: the average of each bucket (a chart cannot show more pixels anyway). */
function thin(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  if (points.length <= MAX_POINTS) return points.map(([t, v]) => [t, v]);
  const size = points.length / MAX_POINTS;
  const out: Array<[number, number]> = [];
  for (let b = 0; b < MAX_POINTS; b++) {
    const bucket = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (!bucket.length) continue;
    out.push([bucket.reduce((a, p) => a + p[0], 0) / bucket.length, bucket.reduce((a, p) => a + p[1], 0) / bucket.length]);
  }
  return out;
}

function timeLabel(seconds: number, span: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return span > 2 * 86400 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

/**
 * Pure: an inline SVG line chart of the series over [from, to]: a y axis from 0 to the largest
 * value (at least `minMax`, e.g. 100 for percentages), five grid lines, time labels, a legend.
 */
export function svgLineChart(title: string, series: readonly ChartSeries[], from: number, to: number, minMax = 0): string {
  const w = CHART_WIDTH - PAD.left - PAD.right;
  const h = CHART_HEIGHT - PAD.top - PAD.bottom;
  const top = Math.max(minMax, ...series.flatMap((s) => s.points.map((p) => p[1])), 1e-9);
  const span = Math.max(to - from, 1);
  const x = (t: number) => PAD.left + ((t - from) / span) * w;
  const y = (v: number) => PAD.top + h - (v / top) * h;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${esc(title)}">`,
    `<rect x="0" y="0" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="18" font-size="14" font-weight="bold" fill="#222">${esc(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const value = (top * i) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${PAD.left + w}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(y(value) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${fmt(value)}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const t = from + (span * i) / 4;
    parts.push(`<text x="${x(t).toFixed(1)}" y="${CHART_HEIGHT - 10}" font-size="11" text-anchor="middle" fill="#555">${timeLabel(t, span)}</text>`);
  }
  series.forEach((s, i) => {
    const points = thin(s.points).map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    if (points) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>`);
    const lx = CHART_WIDTH - PAD.right - 150 * (series.length - i);
    parts.push(`<rect x="${lx}" y="8" width="12" height="12" fill="${s.color}"/><text x="${lx + 16}" y="18" font-size="12" fill="#333">${esc(s.name)}</text>`);
  });
  parts.push(`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + h}" stroke="#888"/>`);
  parts.push(`<line x1="${PAD.left}" x2="${PAD.left + w}" y1="${PAD.top + h}" y2="${PAD.top + h}" stroke="#888"/>`);
  parts.push("</svg>");
  return parts.join("\n");
}
