// Replaced by esbuild at build time (build.mjs); undefined when running from source with tsx.
declare const __KONG_WORKSHOP_VERSION__: string | undefined;
