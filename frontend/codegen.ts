import type { CodegenConfig } from "@graphql-codegen/cli";

/** Typed documents for every operation under src/, generated from the committed schema. */
const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/generated/**/*", "!src/**/__tests__/**/*", "!src/testing/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Scalars arrive as JSON: dates as ISO 8601 strings, money as decimal strings (never floats).
        // A scalar not listed here is typed `unknown` until it is added, instead of breaking the build.
        scalars: {
          ID: "string",
          DateTime: "string",
          Date: "string",
          Decimal: "string",
          UUID: "string",
          JSON: "unknown",
        },
        defaultScalarType: "unknown",
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};

export default config;
