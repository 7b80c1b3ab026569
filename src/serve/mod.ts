/**
 * The HTTP server's surface: build an app ({@link createApp}), read its settings from flags
 * and the environment ({@link parseServeArgs}), and the in-memory model registry.
 */
export { AUTH_EXEMPT, createApp, type ServeApp } from "./app.ts";
export { DEFAULTS, parseServeArgs, type ServeArgs, type ServeOptions } from "./options/mod.ts";
export { ModelRegistry, type ServedModel } from "./registry/mod.ts";
