/** Minimal SVG line plots for reports (no dependencies; readable in any browser or viewer). */

/** One line of a plot. */
export interface Series {
  /** Legend label. */
  name: string;
  /** x values. */
  x: number[];
  /** y values (same length as x). */
  y: number[];
  /** Optional ± band (same length as y). */
  err?: number[];
}

const COLORS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
];
/** Escapes text for SVG/XML. */
export const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A line plot with axes, ticks and a legend; `logY` uses a log10 axis. */
export function linePlot(
  series: Series[],
  opts: { title: string; xLabel: string; yLabel: string; logY?: boolean },
): string {
  const W = 640, H = 400, L = 70, R = 150, T = 40, B = 50;
  const f = (v: number) => (opts.logY ? Math.log10(Math.max(v, 1e-12)) : v);
  const xs = series.flatMap((s) => s.x);
  const ys = series.flatMap((s) =>
    s.y.flatMap((v, i) => (s.err ? [v - s.err[i], v + s.err[i]] : [v])).filter((v) =>
      Number.isFinite(v) && (!opts.logY || v > 0)
    )
  );
  const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
  let y0 = Math.min(...ys.map(f)), y1 = Math.max(...ys.map(f));
  if (!(y1 > y0)) y1 = y0 + 1;
  const pad = 0.05 * (y1 - y0);
  y0 -= pad;
  y1 += pad;
  const px = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const py = (y: number) => T + (1 - (f(y) - y0) / (y1 - y0)) * (H - T - B);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - R / 2}" y="22" text-anchor="middle" font-size="14">${
      esc(opts.title)
    }</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`,
    `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${esc(opts.xLabel)}</text>`,
    `<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${
      esc(opts.yLabel)
    }</text>`,
  ];
  const xStep = Math.max(1, Math.ceil((x1 - x0) / 10));
  for (let x = Math.ceil(x0); x <= x1; x += xStep) {
    parts.push(
      `<line x1="${px(x)}" y1="${H - B}" x2="${px(x)}" y2="${H - B + 4}" stroke="black"/>`,
    );
    parts.push(`<text x="${px(x)}" y="${H - B + 16}" text-anchor="middle">${x}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const fy = y0 + ((y1 - y0) * i) / 5;
    const v = opts.logY ? 10 ** fy : fy;
    const yy = T + (1 - i / 5) * (H - T - B);
    parts.push(`<line x1="${L - 4}" y1="${yy}" x2="${L}" y2="${yy}" stroke="black"/>`);
    parts.push(
      `<text x="${L - 6}" y="${yy + 4}" text-anchor="end">${Number(v.toPrecision(3))}</text>`,
    );
  }
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    const pts = s.x.map((x, i) => [x, s.y[i]] as const).filter(([, y]) => Number.isFinite(y));
    if (s.err) {
      const upper = s.x.map((x, i) => `${px(x)},${py(s.y[i] + s.err![i])}`);
      const lower = s.x.map((x, i) =>
        `${px(x)},${py(Math.max(s.y[i] - s.err![i], opts.logY ? 1e-12 : -Infinity))}`
      ).reverse();
      parts.push(
        `<polygon points="${[...upper, ...lower].join(" ")}" fill="${color}" opacity="0.12"/>`,
      );
    }
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${
        pts.map(([x, y]) => `${px(x)},${py(y)}`).join(" ")
      }"/>`,
    );
    const ly = T + 10 + k * 18;
    parts.push(
      `<line x1="${W - R + 10}" y1="${ly}" x2="${
        W - R + 30
      }" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${W - R + 35}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}
