/**
 * The browser playground in headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core): the test drives every control — the stimulus (three wave models,
 * directional or not, the corridor), the model (two served ones of different sizes, loaded
 * from the server and run by tfjs inside the page) and the speed (paused and running) — and
 * checks that input, prediction, truth and error are drawn, the running loss is finite and
 * the sentence says what is on screen. Skipped, saying why, when Chromium is not installed.
 */
import assert from "node:assert/strict";
import { useBackend } from "../../src/backend/select.ts";
import { buildFramePredictor } from "../../src/models/mod.ts";
import { buildPlayground } from "../../src/serve/playground/build.ts";
import { createApp, ModelRegistry } from "../../src/serve/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { CHROMIUM, requires } from "../_tools.ts";
import type { State } from "../../src/serve/playground/app.ts";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * playwright-core probes /proc/sys/fs/binfmt_misc/WSLInterop at load; Deno allows that path
 * only under --allow-all, which our test task never grants. That probe only detects WSL, so
 * it is answered "absent" while the module loads.
 */
async function importPlaywright(): Promise<typeof import("playwright-core")> {
  const fs = (await import("node:fs")).default;
  const existsSync = fs.existsSync;
  fs.existsSync = (path: import("node:fs").PathLike) =>
    String(path).startsWith("/proc/sys/") ? false : existsSync(path);
  try {
    return await import("playwright-core");
  } finally {
    fs.existsSync = existsSync;
  }
}

type Page = {
  evaluate<T>(f: string): Promise<T>;
  waitForFunction(f: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
  selectOption(selector: string, value: string): Promise<unknown>;
  check(selector: string): Promise<void>;
  uncheck(selector: string): Promise<void>;
  isDisabled(selector: string): Promise<boolean>;
};

type PlaygroundState = State;

const canvasStats = (page: Page, id: string) =>
  page.evaluate<{ sum: number; opaque: number; distinct: number }>(`(() => {
    const c = document.getElementById(${JSON.stringify(id)});
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let sum = 0, opaque = 0; const seen = new Set();
    for (let i = 0; i < d.length; i += 4) { sum += d[i] * (i + 1); if (d[i + 3] === 255) opaque++; seen.add(d[i]); }
    return { sum, opaque, distinct: seen.size };
  })()`);

const playground = (page: Page) => page.evaluate<PlaygroundState>("globalThis.playground");

/** Waits until `more` predictions were drawn after the last restart (or the page failed). */
async function predictionsAfter(page: Page, more: number): Promise<PlaygroundState> {
  await page.waitForFunction("globalThis.playground && !globalThis.playground.loading");
  const from = (await playground(page)).predictionsDrawn;
  await page.waitForFunction(
    `globalThis.playground.predictionsDrawn >= ${from + more} || globalThis.playground.error`,
    undefined,
    { timeout: 60_000 },
  );
  const state = await playground(page);
  assert.equal(state.error, null, String(state.error));
  assert.ok(Number.isFinite(state.loss) && Number.isFinite(state.runningLoss), "loss not finite");
  assert.ok(Number.isFinite(state.copyLoss), "baseline loss not finite");
  return state;
}

const setSpeed = (page: Page, fps: number) =>
  page.evaluate(`(() => {
    const s = document.getElementById("speed");
    s.value = "${fps}";
    s.dispatchEvent(new Event("input"));
  })()`);

Deno.test({
  ...requires(
    "playground: the controls pick stimulus, model and speed; input, prediction, truth and error are drawn with a running loss (headless Chromium)",
    "chromium",
  ),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await buildPlayground();
    setQuiet(true);
    await useBackend("cpu");
    const registry = new ModelRegistry();
    const model = (size: number, frames: number) =>
      buildFramePredictor({ cell: "rnn", channels: 4, kernel: 3, size, frames, layers: 1 }, 3);
    registry.add("wide", model(24, 3), { description: "24×24, 3 frames" });
    registry.add("small", model(16, 2), { description: "16×16, 2 frames" });
    const served = createApp({ backend: "cpu" }, registry);
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, served.fetch);
    const { chromium } = await importPlaywright();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: FLAGS,
      headless: true,
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e: Error) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${server.addr.port}/?seed=2&fps=30`);
      await page.waitForFunction(
        "globalThis.playground && (globalThis.playground.sentence || globalThis.playground.error)",
        undefined,
        { timeout: 90_000 },
      );

      // Defaults: the first served model on directional Teh waves.
      let state = await predictionsAfter(page, 3);
      assert.deepEqual(state.models, ["wide", "small", "untrained"]);
      assert.equal(state.model, "wide");
      assert.equal(state.stimulus, "teh");
      assert.equal(state.directional, true);
      assert.ok(["webgpu", "wasm", "cpu"].includes(state.backend));
      assert.match(state.sentence, /^You are watching directional retinal waves .* 24×24 .*wide/);
      assert.match(state.sentence, /sees the last 3 frames/);
      assert.doesNotMatch(state.sentence, /\. [A-Z]/, "one sentence");
      for (const id of ["input", "prediction", "truth", "error"]) {
        assert.ok((await canvasStats(page, id)).opaque > 0, `${id} not drawn`);
      }
      assert.ok((await canvasStats(page, "prediction")).distinct > 1, "prediction is uniform");
      const before = await canvasStats(page, "truth");
      await page.waitForFunction(`globalThis.playground.framesDrawn >= ${state.framesDrawn + 5}`);
      assert.notEqual((await canvasStats(page, "truth")).sum, before.sum, "truth did not change");

      // Teh waves without direction, then the other two wave models (no direction to choose).
      await page.uncheck("#directional");
      state = await predictionsAfter(page, 3);
      assert.equal(state.directional, false);
      assert.match(state.sentence, /undirectional retinal waves \(Teh/);
      for (const [kind, name] of [["godfrey", /Godfrey/], ["lansdell", /Lansdell/]] as const) {
        await page.selectOption("#stimulus", kind);
        state = await predictionsAfter(page, 3);
        assert.equal(state.stimulus, kind);
        assert.match(state.sentence, name);
        assert.ok(await page.isDisabled("#directional"), `direction offered for ${kind}`);
      }

      // The corridor.
      await page.selectOption("#stimulus", "corridor");
      state = await predictionsAfter(page, 3);
      assert.equal(state.stimulus, "corridor");
      assert.match(state.sentence, /corridor/);
      assert.ok((await canvasStats(page, "truth")).distinct > 2, "corridor frame is flat");

      // Another served model, of another size.
      await page.selectOption("#model", "small");
      state = await predictionsAfter(page, 3);
      assert.equal(state.model, "small");
      assert.match(state.sentence, /16×16 .*small sees the last 2 frames/);

      // Speed: paused draws nothing; running again draws.
      await setSpeed(page, 0);
      state = await playground(page);
      assert.equal(state.fps, 0);
      const paused = state.framesDrawn;
      await new Promise((r) => setTimeout(r, 600));
      assert.ok((await playground(page)).framesDrawn <= paused + 1, "frames drawn while paused");
      await setSpeed(page, 20);
      state = await predictionsAfter(page, 2);
      assert.equal(state.fps, 20);
      assert.deepEqual(errors, []);
      console.log(
        `playground: backend ${state.backend}, ${state.framesDrawn} frames, ` +
          `${state.predictionsDrawn} predictions, running loss ${state.runningLoss?.toFixed(2)}`,
      );
    } finally {
      await browser.close();
      await server.shutdown();
      served.ctx.registry.dispose();
    }
  },
});
