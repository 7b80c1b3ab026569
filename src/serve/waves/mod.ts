/**
 * POST /v1/waves: simulate retinal waves and return `.npy` (frames × size × size uint8), a
 * GIF, or JSON statistics. The work of one request is bounded by size² × frames.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { encodeNpy } from "../../io/npy.ts";
import type { ServeContext } from "../context/mod.ts";
import { ApiError } from "../errors/mod.ts";
import { ErrorSchema } from "../openapi/schemas.ts";
import { encodeGif } from "./_gif.ts";
import { WavePool } from "./_pool.ts";
import { WAVE_MODELS } from "./_simulate.ts";
import { waveStats } from "./_stats.ts";

export { WAVE_MODELS } from "./_simulate.ts";

const WavesRequest = z.object({
  model: z.enum(WAVE_MODELS).default("teh"),
  size: z.number().int().min(8).max(256).default(32),
  frames: z.number().int().min(1).max(4096).default(64),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  directional: z.boolean().default(true),
  format: z.enum(["json", "npy", "gif"]).default("json"),
}).strict().openapi("WavesRequest");

const WavesStats = z.object({
  model: z.string(),
  size: z.number().int(),
  frames: z.number().int(),
  seed: z.number().int(),
  directional: z.boolean(),
  waves: z.number().int(),
  meanActive: z.number().openapi({ description: "Mean fraction of active cells per frame" }),
  activePerFrame: z.array(z.number()),
  events: z.array(z.record(z.string(), z.unknown())).openapi({ description: "First 100 waves" }),
  note: z.string().optional().openapi({ description: "Why the movie is empty, when it is" }),
}).openapi("WavesStats");

const route = createRoute({
  method: "post",
  path: "/v1/waves",
  summary: "Simulate retinal waves (npy frames, GIF, or JSON statistics)",
  request: { body: { required: true, content: { "application/json": { schema: WavesRequest } } } },
  responses: {
    200: {
      description: "Frames or statistics",
      content: {
        "application/json": { schema: WavesStats },
        "application/x-npy": { schema: z.string().openapi({ format: "binary" }) },
        "image/gif": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    400: {
      description: "Bad parameters or too much work",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

/** Registers POST /v1/waves. */
export function waveRoutes(app: OpenAPIHono, ctx: ServeContext): WavePool {
  const pool = new WavePool();
  app.openapi(route, async (c) => {
    const req = c.req.valid("json");
    const work = req.size * req.size * req.frames;
    if (work > ctx.options.maxWaveVoxels) {
      throw new ApiError(
        400,
        "too_much_work",
        `size² × frames = ${work} exceeds the limit of ${ctx.options.maxWaveVoxels} per request`,
      );
    }
    const movie = await pool.run(req);
    const shape = [movie.frames, movie.size, movie.size];
    // Godfrey's and Lansdell's waves come seconds apart: a short movie can hold none, and an
    // all-zero answer must say why rather than look like a failure.
    const silent = !movie.data.some((v) => v !== 0);
    const note = silent
      ? `no wave in these ${movie.frames} frames: ${req.model} waves are seconds apart, ` +
        `ask for more frames (or another seed)`
      : undefined;
    if (note) c.header("X-Prevision-Note", note);
    if (req.format === "npy") {
      return c.body(encodeNpy(movie.data, shape) as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": "application/x-npy",
      });
    }
    if (req.format === "gif") {
      return c.body(
        encodeGif(movie.data, movie.size, movie.frames) as Uint8Array<ArrayBuffer>,
        200,
        {
          "Content-Type": "image/gif",
        },
      );
    }
    return c.json({
      model: req.model,
      seed: req.seed,
      directional: req.directional,
      ...waveStats(movie),
      ...(note ? { note } : {}),
    }, 200);
  });
  return pool;
}
