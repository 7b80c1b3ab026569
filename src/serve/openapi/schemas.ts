/** Schemas shared by several routes. */
import { z } from "@hono/zod-openapi";

/** Every error response. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string().openapi({ example: "invalid_shape" }),
    message: z.string().openapi({ example: "input shape [3] does not match the model's [2]" }),
  }),
}).openapi("Error");
