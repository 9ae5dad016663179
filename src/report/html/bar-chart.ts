import { escapeHtml } from "./escape-html.js";

export interface Bar {
  label: string;
  value: number;
  colour: string;
  /** Drawn lighter behind the bar (e.g. the estimate behind what was billed). */
  behind?: number;
  /** Text after the bar; the value itself when absent. */
  note?: string;
}

const WIDTH = 560;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 250;
const ROW_HEIGHT = 26;
const LABEL_CHARS = 22;

/** A horizontal bar chart as inline SVG: no script, no library, readable without CSS. */
export function barChart(title: string, bars: readonly Bar[]): string {
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const max = Math.max(0, ...bars.flatMap((b) => [b.value, b.behind ?? 0]));
  const scale = (value: number) => (max > 0 ? Math.max(value > 0 ? 1 : 0, (value / max) * BAR_WIDTH) : 0);
  const height = Math.max(1, bars.length) * ROW_HEIGHT + 8;
  const rows = bars.map((bar, i) => {
    const y = 4 + i * ROW_HEIGHT;
    const label = bar.label.length > LABEL_CHARS ? `${bar.label.slice(0, LABEL_CHARS - 1)}…` : bar.label;
    const behind =
      bar.behind !== undefined
        ? `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${scale(bar.behind).toFixed(1)}" height="${ROW_HEIGHT - 8}" fill="${escapeHtml(bar.colour)}" fill-opacity="0.25"/>`
        : "";
    return [
      `<g><title>${escapeHtml(`${bar.label}: ${bar.note ?? bar.value}`)}</title>`,
      `<text x="${LABEL_WIDTH - 8}" y="${y + ROW_HEIGHT / 2 + 4}" text-anchor="end">${escapeHtml(label)}</text>`,
      behind,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${scale(bar.value).toFixed(1)}" height="${ROW_HEIGHT - 8}" fill="${escapeHtml(bar.colour)}"/>`,
      `<text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + ROW_HEIGHT / 2 + 4}">${escapeHtml(bar.note ?? String(bar.value))}</text></g>`,
    ].join("");
  });
  const empty = bars.length === 0 ? `<text x="${LABEL_WIDTH}" y="20">no jobs</text>` : "";
  return [
    `<figure class="chart"><figcaption id="${id}">${escapeHtml(title)}</figcaption>`,
    `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}" font-size="13" font-family="system-ui, sans-serif">`,
    ...rows,
    empty,
    "</svg></figure>",
  ].join("");
}
