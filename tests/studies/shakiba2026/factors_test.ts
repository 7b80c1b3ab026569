import assert from "node:assert/strict";
import { factorLevels, simpleEffects } from "../../../src/studies/shakiba2026/_factors.ts";

// Values per variant (6 replicates): base + ((variant index·7 + k·13) mod 11)/100, with ties
// across groups so that both the exact and the asymptotic Mann–Whitney paths run.
const VALUES: Record<string, number[]> = {
  "W*D*C": [0.9, 0.92, 0.94, 0.96, 0.98, 1.0],
  "WD*C": [0.67, 0.69, 0.6, 0.62, 0.64, 0.66],
  "WDC": [0.61, 0.63, 0.65, 0.67, 0.58, 0.6],
  "WD*": [0.71, 0.62, 0.64, 0.66, 0.68, 0.7],
  "WD": [0.61, 0.63, 0.65, 0.56, 0.58, 0.6],
  "W": [0.52, 0.54, 0.56, 0.58, 0.6, 0.51],
  "W*D*C*": [0.94, 0.85, 0.87, 0.89, 0.91, 0.93],
  "WD*C*": [0.67, 0.69, 0.71, 0.62, 0.64, 0.66],
  "W*DC*": [0.81, 0.83, 0.85, 0.87, 0.89, 0.8],
  "W!D*C": [0.96, 0.98, 0.89, 0.91, 0.93, 0.95],
  "W!D*C*": [0.64, 0.66, 0.68, 0.7, 0.61, 0.63],
};

// Reference values: the authors' simple_effects_generic (StatisticalAnalysis/
// The_Effect_of_model_variants_Task_1.ipynb) re-stated in Python with scipy 1.17.1
// (scipy.stats.kruskal, scipy.stats.mannwhitneyu two-sided, method auto) and Holm step-down,
// computed once on VALUES. Rows: [a, b, U, p raw, p Holm] and [cell, H, p].
const W_OMNIBUS: [string, number, number][] = [[
  "W@d*,c",
  11.579455360220615,
  0.0030588150391896744,
], ["W@d*,c*", 11.579455360220615, 0.0030588150391896744]];
const W_PAIRS: [string, string, number, number, number][] = [
  ["w@d*,c", "w!@d*,c", 0.0, 0.0021645021645021645, 0.012987012987012988],
  ["w@d*,c", "w*@d*,c", 0.0, 0.0021645021645021645, 0.012987012987012988],
  ["w!@d*,c", "w*@d*,c", 14.0, 0.573830926598377, 1],
  ["w@d*,c*", "w!@d*,c*", 22.0, 0.573830926598377, 1],
  ["w@d*,c*", "w*@d*,c*", 0.0, 0.0021645021645021645, 0.012987012987012988],
  ["w!@d*,c*", "w*@d*,c*", 0.0, 0.0021645021645021645, 0.012987012987012988],
];
const D_OMNIBUS: [string, number, number][] = [
  ["D@w*,c*", 4.7226148409894035, 0.02976844239206403],
  ["D@w,c", 1.2652582159624475, 0.26065812381130854],
  ["D@w,nan", 12.222049689440984, 0.0022182762587526486],
];
const D_PAIRS: [string, string, number, number, number][] = [
  ["d@w*,c*", "d*@w*,c*", 4.5, 0.03637858037213116, 0.10913574111639349],
  ["d@w,c", "d*@w,c", 11.0, 0.2962580613588991, 0.2962580613588991],
  ["d@w,nan", "d*@w,nan", 3.0, 0.015151515151515152, 0.06060606060606061],
  ["d@w,nan", "nan@w,nan", 31.5, 0.03637858037213116, 0.10913574111639349],
  ["d*@w,nan", "nan@w,nan", 36.0, 0.0021645021645021645, 0.010822510822510822],
];
const C_OMNIBUS: [string, number, number][] = [
  ["C@w!,d*", 8.307692307692314, 0.003947751856903446],
  ["C@w*,d*", 4.020467836257317, 0.04495124270244927],
  ["C@w,d", 0.789442467378414, 0.3742687643618544],
  ["C@w,d*", 1.3097484276729499, 0.5195074053207943],
];
const C_PAIRS: [string, string, number, number, number][] = [
  ["c@w!,d*", "c*@w!,d*", 36.0, 0.0021645021645021645, 0.006493506493506494],
  ["c@w*,d*", "c*@w*,d*", 30.5, 0.054241117559770936, 0.10848223511954187],
  ["c@w,d", "nan@w,d", 23.5, 0.4192445902189239, 0.4192445902189239],
];

const observations = Object.entries(VALUES).flatMap(([variant, xs]) =>
  xs.map((value) => ({ variant, value }))
);

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

Deno.test("shakiba2026 factors: each variant's W, D and C levels as the authors code them", () => {
  assert.deepEqual(factorLevels("W*D*C"), { W: "w*", D: "d*", C: "c" });
  assert.deepEqual(factorLevels("W"), { W: "w", D: "nan", C: "nan" });
  assert.deepEqual(factorLevels("W*DC*"), { W: "w*", D: "d", C: "c*" });
  assert.deepEqual(factorLevels("WD"), { W: "w", D: "d", C: "nan" });
});

for (
  const [factor, omnibus, pairs] of [
    ["W", W_OMNIBUS, W_PAIRS],
    ["D", D_OMNIBUS, D_PAIRS],
    ["C", C_OMNIBUS, C_PAIRS],
  ] as const
) {
  Deno.test(`shakiba2026 factors: simple effects of ${factor} match scipy`, () => {
    const tests = simpleEffects(observations, factor, "accuracy");
    const kw = tests.filter((t) => t.b === "");
    const mw = tests.filter((t) => t.b !== "");
    assert.deepEqual(kw.map((t) => t.a).sort(), omnibus.map((o) => o[0]).sort());
    for (const [cell, h, p] of omnibus) {
      const t = kw.find((x) => x.a === cell)!;
      close(t.statistic, h, `${cell} H`);
      close(t.p, p, `${cell} p`);
      assert.equal(t.correction, "none");
    }
    assert.deepEqual(mw.map((t) => `${t.a} ${t.b}`), pairs.map((q) => `${q[0]} ${q[1]}`));
    for (const [a, b, u, p, adj] of pairs) {
      const t = mw.find((x) => x.a === a && x.b === b)!;
      close(t.statistic, u, `${a}-${b} U`);
      close(t.p, p, `${a}-${b} p`);
      close(t.pAdjusted, adj, `${a}-${b} Holm`);
      assert.equal(t.correction, "holm");
    }
  });
}

Deno.test("shakiba2026 factors: with three levels, pairs only follow a significant Kruskal–Wallis", () => {
  // The C effect at (w, d*) has three levels and p = 0.52: no pairwise tests in that cell.
  const tests = simpleEffects(observations, "C", "accuracy");
  assert.ok(tests.some((t) => t.a === "C@w,d*"));
  assert.ok(!tests.some((t) => t.a.endsWith("@w,d*") && t.b !== ""));
  // Non-finite values are left out (dropna), not passed to the tests.
  const withNaN = [...observations, { variant: "W*D*C", value: NaN }];
  assert.deepEqual(
    simpleEffects(withNaN, "W", "accuracy"),
    simpleEffects(observations, "W", "accuracy"),
  );
});
