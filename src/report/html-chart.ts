// The timeline of the HTML report: one dot per finding at the date of the
// commit that introduced it, stacked when dates are close, filled when the
// secret is still present. Plain SVG text, generated here: no chart library,
// nothing loaded, readable without JavaScript. Each dot links to its table row.

import { attr, html } from "./html-escape.js";

export interface TimelinePoint {
  /** Anchor of the finding's table row. */
  id: string;
  /** Milliseconds since the epoch (commit author date). */
  time: number;
  present: boolean | undefined;
  /** Tooltip: what and where. */
  label: string;
}

const W = 960;
const H = 220;
const M = { left: 24, right: 24, top: 34, bottom: 40 };
const R = 4.5;
const STEP = 11; // vertical distance between stacked dots, and the width of one stacking column
const DAY = 86_400_000;

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

function ticks(from: number, to: number): { t: number; label: string }[] {
  const span = to - from;
  const n = 6;
  const label = span > 2 * 365 * DAY ? (t: number) => isoDay(t).slice(0, 7) : isoDay;
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = from + (span * i) / n;
    return { t, label: label(t) };
  });
}

const dotClass = (p: boolean | undefined) => (p === true ? "dot present" : p === false ? "dot gone" : "dot unknown");

/** The timeline as an `<svg>` element, or a sentence when no finding has a date. */
export function timelineSvg(points: TimelinePoint[]): string {
  const dated = points.filter((p) => Number.isFinite(p.time)).sort((a, b) => a.time - b.time);
  if (dated.length === 0) {
    return `<p class="note">No dates to chart: the timeline needs a history scan (<code>scan-keys --history --all --format html -o audit.html</code>).</p>`;
  }
  let from = dated[0]!.time;
  let to = dated.at(-1)!.time;
  const pad = Math.max((to - from) * 0.03, DAY);
  from -= pad;
  to += pad;
  const plotW = W - M.left - M.right;
  const baseY = H - M.bottom - R - 2;
  const maxStack = Math.floor((baseY - M.top) / STEP) + 1;
  const x = (t: number) => M.left + ((t - from) / (to - from)) * plotW;

  // Dots whose x falls in the same column stack upwards; a full column says how many it could not draw.
  const columns = new Map<number, number>();
  const dots: string[] = [];
  const overflow = new Map<number, number>();
  for (const p of dated) {
    const col = Math.round(x(p.time) / STEP);
    const k = columns.get(col) ?? 0;
    columns.set(col, k + 1);
    if (k >= maxStack) {
      overflow.set(col, (overflow.get(col) ?? 0) + 1);
      continue;
    }
    const cx = (col * STEP).toFixed(1);
    const cy = (baseY - k * STEP).toFixed(1);
    dots.push(
      `<a href="#${attr(p.id)}"><circle class="${dotClass(p.present)}" cx="${cx}" cy="${cy}" r="${R}"><title>${html(p.label)}</title></circle></a>`,
    );
  }
  const more = [...overflow].map(
    ([col, n]) => `<text class="more" x="${(col * STEP).toFixed(1)}" y="${M.top - 6}" text-anchor="middle">+${n}</text>`,
  );

  const axisY = H - M.bottom;
  const tickMarks = ticks(from, to).map(({ t, label }, i, all) => {
    const tx = x(t).toFixed(1);
    const anchor = i === 0 ? "start" : i === all.length - 1 ? "end" : "middle";
    return `<line class="tick" x1="${tx}" x2="${tx}" y1="${axisY}" y2="${axisY + 5}"/><text class="axis" x="${tx}" y="${axisY + 20}" text-anchor="${anchor}">${label}</text>`;
  });
  const present = dated.filter((p) => p.present === true).length;
  const summary = `Timeline of ${dated.length} finding${dated.length === 1 ? "" : "s"} by commit date, ${isoDay(dated[0]!.time)} to ${isoDay(dated.at(-1)!.time)}; ${present} still present.`;
  const legend = [
    `<circle class="dot present" cx="${W - 420}" cy="14" r="${R}"/><text class="legend" x="${W - 410}" y="18">still present</text>`,
    `<circle class="dot gone" cx="${W - 310}" cy="14" r="${R}"/><text class="legend" x="${W - 300}" y="18">removed (still leaked)</text>`,
    ...(dated.some((p) => p.present === undefined)
      ? [`<circle class="dot unknown" cx="${W - 145}" cy="14" r="${R}"/><text class="legend" x="${W - 135}" y="18">presence unknown</text>`]
      : []),
  ];
  return [
    `<svg class="timeline" id="timeline" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="timeline-title">${html(summary)}</title>`,
    ...legend,
    `<line class="axis-line" x1="${M.left}" x2="${W - M.right}" y1="${axisY}" y2="${axisY}"/>`,
    ...tickMarks,
    ...dots,
    ...more,
    `</svg>`,
  ].join("\n");
}
