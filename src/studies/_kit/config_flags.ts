/**
 * Config flags derived from a study's schema. They live in the executor
 * (`src/experiment/config_flags.ts`), which builds every study's command line; the kit
 * re-exports them so that a study finds all its helpers in one place.
 *
 * @module
 */
export * from "../../experiment/config_flags.ts";
