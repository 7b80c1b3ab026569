/**
 * The yan2020 report: headline metrics of the main cell, the filter figure (true subunits,
 * STA, learned filters) and the transfer matrices (cell → cell, white noise ↔ natural).
 */
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomic.ts";
import { subunitFilters } from "../../biology/rgc/index.ts";
import { cellsOf, type Yan2020Config } from "./_yan2020_unit.ts";
import { matricesSvg, type Panel, panelsSvg } from "./_yan2020_figures.ts";
import type { RecordedConfig } from "./_yan2020_recorded.ts";

type Result = Record<string, unknown>;
type Config = Yan2020Config & { recorded?: RecordedConfig };

type Scores = { correlation: number };
type UnitResult = {
  cnn: Scores;
  ln: Scores;
  sta: Scores;
  filterMatch: {
    score: number;
    temporalScore: number;
    matches: {
      subunit: number;
      filter: number;
      correlation: number;
      temporalCorrelation: number;
    }[];
    filters: { spatial: number[]; temporal: number[]; readout: number }[];
  };
  staFilter: {
    spatial: number[];
    temporal: number[];
    spatialCorrelation: number;
    temporalCorrelation: number;
  };
  transfer?: Record<string, number>;
  otherStimulus?: { cnn: Scores; ln: Scores; sta: Scores };
  fit: { seconds: number };
};

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Aggregates unit results into report.json, figures and the --json summary. */
export async function report(
  config: Config,
  results: Map<string, Result>,
  ctx: { runDir: string; missing: string[] },
) {
  if (config.recorded) return await recordedReport(results.get("recorded"), ctx.runDir);
  const main = config.cells[0];
  const get = (key: string) => results.get(key) as unknown as UnitResult | undefined;
  const m = get(`cell-${main}`);
  const summary: Record<string, unknown> = {
    mode: config.mode,
    target: config.target,
    missing: ctx.missing,
  };
  const figures: string[] = [];
  if (m) {
    summary.cnn = { ...m.cnn, correlation: round(m.cnn.correlation) };
    summary.ln = { ...m.ln, correlation: round(m.ln.correlation) };
    summary.sta = { ...m.sta, correlation: round(m.sta.correlation) };
    summary.filterMatch = {
      score: round(m.filterMatch.score),
      temporal: round(m.filterMatch.temporalScore),
      perSubunit: m.filterMatch.matches.map((x) => round(x.correlation)),
      perSubunitTemporal: m.filterMatch.matches.map((x) => round(x.temporalCorrelation)),
      staSpatial: round(m.staFilter.spatialCorrelation),
      staTemporal: round(m.staFilter.temporalCorrelation),
    };
    const cell = cellsOf(config).find((c) => c.name === main)!;
    const trueT = subunitFilters(cell)[0];
    const matched = new Map(m.filterMatch.matches.map((x) => [x.filter, x]));
    const rows: { label: string; panels: Panel[] }[] = [
      {
        label: "true subunits",
        panels: cell.subunits.map((s, i) => ({
          title: `subunit ${i}`,
          map: s.mask,
          rows: 8,
          cols: 8,
          temporal: trueT,
        })),
      },
      {
        label: "STA",
        panels: [{
          title: `r = ${m.staFilter.spatialCorrelation.toFixed(2)}`,
          map: m.staFilter.spatial,
          rows: 8,
          cols: 8,
          temporal: m.staFilter.temporal,
        }],
      },
      {
        label: "CNN filters",
        panels: m.filterMatch.filters.map((f, c) => {
          const x = matched.get(c);
          return {
            title: (x ? `#${c}↔s${x.subunit} r=${x.correlation.toFixed(2)}` : `#${c}`) +
              ` w=${f.readout.toFixed(2)}`,
            map: f.spatial,
            rows: 7,
            cols: 7,
            temporal: f.temporal,
          };
        }),
      },
    ];
    const sep = get(`separable-${main}`);
    if (sep) {
      const sm = new Map(sep.filterMatch.matches.map((x) => [x.filter, x]));
      rows.push({
        label: "separable CNN",
        panels: sep.filterMatch.filters.map((f, c) => ({
          title: (sm.get(c)
            ? `#${c}↔s${sm.get(c)!.subunit} r=${sm.get(c)!.correlation.toFixed(2)}`
            : `#${c}`) + ` w=${f.readout.toFixed(2)}`,
          map: f.spatial,
          rows: 7,
          cols: 7,
          temporal: f.temporal,
        })),
      });
      summary.separable = {
        correlation: round(sep.cnn.correlation),
        filterMatch: round(sep.filterMatch.score),
        perSubunit: sep.filterMatch.matches.map((x) => round(x.correlation)),
      };
    }
    const spk = get(`spikes-${main}`);
    if (spk) {
      summary.spikesTarget = {
        cnn: round(spk.cnn.correlation),
        ln: round(spk.ln.correlation),
        sta: round(spk.sta.correlation),
        filterMatch: round(spk.filterMatch.score),
        perSubunit: spk.filterMatch.matches.map((x) => round(x.correlation)),
      };
    }
    const path = join(ctx.runDir, "filters.svg");
    await writeFileAtomic(
      path,
      panelsSvg(`yan2020: subunits, STA and learned filters (${main})`, rows),
    );
    figures.push(path);
  }
  const cellRows = config.cells.filter((c) => get(`cell-${c}`)?.transfer);
  const matrix = cellRows.map((c) =>
    config.cells.map((o) => round(get(`cell-${c}`)!.transfer![o]))
  );
  summary.transfer = { cells: { train: cellRows, test: config.cells, matrix } };
  const nat = get(`natural-${main}`);
  const matrices: { title: string; rows: string[]; cols: string[]; values: number[][] }[] = [{
    title: "cell → cell (white noise)",
    rows: cellRows,
    cols: config.cells,
    values: matrix,
  }];
  if (m?.otherStimulus && nat?.otherStimulus) {
    const stim = {
      train: ["white-noise", "natural"],
      test: ["white-noise", "natural"],
      matrix: [
        [round(m.cnn.correlation), round(m.otherStimulus.cnn.correlation)],
        [round(nat.otherStimulus.cnn.correlation), round(nat.cnn.correlation)],
      ],
      ln: [
        [round(m.ln.correlation), round(m.otherStimulus.ln.correlation)],
        [round(nat.otherStimulus.ln.correlation), round(nat.ln.correlation)],
      ],
    };
    (summary.transfer as Record<string, unknown>).stimulus = stim;
    matrices.push({
      title: `CNN, stimulus (${main})`,
      rows: stim.train,
      cols: stim.test,
      values: stim.matrix,
    });
    matrices.push({
      title: `LN, stimulus (${main})`,
      rows: stim.train,
      cols: stim.test,
      values: stim.ln,
    });
  }
  if (matrix.length > 0 || matrices.length > 1) {
    const path = join(ctx.runDir, "transfer.svg");
    await writeFileAtomic(path, matricesSvg("yan2020 transfer", matrices));
    figures.push(path);
  }
  summary.perCell = Object.fromEntries(config.cells.flatMap((c) => {
    const r = get(`cell-${c}`);
    return r
      ? [[c, {
        cnn: round(r.cnn.correlation),
        ln: round(r.ln.correlation),
        sta: round(r.sta.correlation),
        filterMatch: round(r.filterMatch.score),
      }]]
      : [];
  }));
  summary.trainingSeconds = Object.fromEntries(
    [...results.entries()].map(([k, r]) => [k, round((r as unknown as UnitResult).fit.seconds)]),
  );
  summary.figures = figures;
  const reportPath = join(ctx.runDir, "report.json");
  await writeFileAtomic(reportPath, JSON.stringify(summary, null, 2));
  summary.report = reportPath;
  return summary;
}

async function recordedReport(r: Result | undefined, runDir: string) {
  if (!r) return { recorded: true, missing: ["recorded"] };
  const u = r as unknown as {
    cnn: { correlation: number };
    ln: { correlation: number };
    sta: { correlation: number };
    filters: { spatial: number[]; temporal: number[] }[];
    staFilter: { spatial: number[]; temporal: number[] };
    recorded: { size: number };
  };
  const n = u.recorded.size;
  const k = Math.round(Math.sqrt(u.filters[0].spatial.length));
  const path = join(runDir, "filters.svg");
  await writeFileAtomic(
    path,
    panelsSvg("yan2020 (recorded cell): STA and CNN filters", [
      {
        label: "STA",
        panels: [{
          title: "STA",
          map: u.staFilter.spatial,
          rows: n,
          cols: n,
          temporal: u.staFilter.temporal,
        }],
      },
      {
        label: "CNN filters",
        panels: u.filters.map((f, c) => ({
          title: `#${c}`,
          map: f.spatial,
          rows: k,
          cols: k,
          temporal: f.temporal,
        })),
      },
    ]),
  );
  const summary = { recorded: r.recorded, cnn: u.cnn, ln: u.ln, sta: u.sta, figures: [path] };
  await writeFileAtomic(join(runDir, "report.json"), JSON.stringify(summary, null, 2));
  return summary;
}
