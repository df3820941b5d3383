import type { CodegenConfig } from "@graphql-codegen/cli";
import { addTypenameSelectionDocumentTransform } from "@graphql-codegen/client-preset";

/** Typed documents for every operation under src/, generated from the committed schema, and the manifest of
 * trusted documents the server loads (backend/rapport/graphql/trusted.py). */
const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/generated/**/*", "!src/**/__tests__/**/*", "!src/testing/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        // Trusted documents: persisted-documents.json (SHA-256 of each document -> the document) for the server,
        // and each document's hash in `__meta__.hash` for the client, which sends it instead of the text.
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      // urql adds `__typename` to every selection set it sends (its cache invalidates by type). A document sent
      // by hash runs the manifest's text, so that text must hold them already.
      documentTransforms: [addTypenameSelectionDocumentTransform],
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
