// Reference values: closed forms where noted, otherwise SciPy 1.17.1
// (`python3 -c "from scipy import special, stats; ..."`, run on this machine), whose
// routines are the Cephes library, plus classic table values (t_{0.975,10}, χ²_{0.95,1}).
import assert from "node:assert/strict";
import {
  chiSquareCdf,
  chiSquareSurvival,
  erfc,
  incompleteBeta,
  incompleteGamma,
  incompleteGammaUpper,
  logGamma,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  studentTTwoSided,
} from "../../../src/analysis/stats/special.ts";

const close = (actual: number, expected: number, tol = 1e-9) =>
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${actual} vs ${expected}`,
  );

Deno.test("logGamma: closed forms and scipy.special.gammaln", () => {
  close(logGamma(0.5), 0.5 * Math.log(Math.PI)); // Γ(1/2) = √π
  close(logGamma(5), Math.log(24)); // Γ(5) = 4!
  close(logGamma(1), 0);
  close(logGamma(0.1), 2.252712651734206); // scipy
  close(logGamma(10.5), 13.940625219403763); // scipy
  close(logGamma(100), 359.1342053695754); // scipy; = ln(99!)
  assert.ok(Number.isNaN(logGamma(0)));
});

Deno.test("incompleteBeta: closed forms and scipy.special.betainc", () => {
  close(incompleteBeta(0.5, 3, 3), 0.5); // symmetry
  close(incompleteBeta(0.3, 1, 4), 1 - 0.7 ** 4); // I_x(1,b) = 1 − (1−x)^b
  close(incompleteBeta(0.3, 2.5, 3.5), 0.29675298929566646);
  close(incompleteBeta(0.9, 10, 0.5), 0.15164090963470994);
  close(incompleteBeta(0.1, 0.5, 0.5), 0.20483276469913345); // = (2/π)·asin(√0.1)
  close(incompleteBeta(0.1, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(0.1)));
});

Deno.test("incompleteGamma: closed forms and scipy.special.gammainc", () => {
  close(incompleteGamma(1, 2), 1 - Math.exp(-2)); // P(1,x) = 1 − e^−x
  close(incompleteGammaUpper(1, 2), Math.exp(-2));
  close(incompleteGamma(3, 2.5), 0.45618688411667035);
  close(incompleteGamma(0.5, 0.1), 0.34527915398142317);
  close(incompleteGamma(10, 15), 0.9301463393005901);
  close(incompleteGammaUpper(10, 15), 0.06985366069940986);
  close(erfc(0), 1);
});

Deno.test("normal CDF and quantile: table values and scipy.stats.norm", () => {
  close(normalCdf(0), 0.5);
  close(normalCdf(-3), 0.0013498980316300933);
  close(normalCdf(-1.5), 0.06680720126885807);
  close(normalCdf(0.3), 0.6179114221889526);
  close(normalCdf(2.5), 0.9937903346742238);
  close(normalQuantile(0.975), 1.959963984540054); // the 1.96 of every table
  close(normalQuantile(0.01), -2.3263478740408408);
  close(normalQuantile(0.3), -0.5244005127080409);
  close(normalQuantile(1e-10), -6.361340902404056);
  for (const p of [1e-6, 0.05, 0.5, 0.8, 0.999]) close(normalCdf(normalQuantile(p)), p, 1e-12);
});

Deno.test("Student t: table quantiles and scipy.stats.t", () => {
  // t_{0.975, 10} = 2.228 and t_{0.975, 4} = 2.776 in every t table; full digits from scipy.
  close(studentTCdf(2.228138851986274, 10), 0.975);
  close(studentTTwoSided(2.228138851986274, 10), 0.05);
  close(studentTQuantile(0.975, 4), 2.7764451051977934, 1e-10);
  close(studentTQuantile(0.975, 10), 2.228138851986274, 1e-10);
  close(studentTQuantile(0.025, 10), -2.228138851986274, 1e-10);
  close(studentTCdf(-2, 3), 0.06966298427942152);
  close(studentTCdf(1.5, 7.5), 0.912759714706768); // real-valued df (Welch)
  close(studentTCdf(1, 1), 0.75); // Cauchy: 1/2 + atan(1)/π
  close(studentTCdf(0, 5), 0.5);
});

Deno.test("chi-square: table value and scipy.stats.chi2", () => {
  close(chiSquareCdf(3.841458820694124, 1), 0.95); // χ²_{0.95,1} = 3.841
  close(chiSquareSurvival(3.841458820694124, 1), 0.05);
  close(chiSquareCdf(3, 4), 0.4421745996289252);
  close(chiSquareCdf(10, 5.5), 0.9019208070657946);
  close(chiSquareSurvival(30, 10), 0.000856641210775301);
  close(chiSquareCdf(4, 2), 1 - Math.exp(-2)); // k = 2: exponential with mean 2
});
