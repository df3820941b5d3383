import type { DocumentNode } from "graphql";

/**
 * The SHA-256 hex digest under which the server's trusted-documents manifest holds this document
 * (`src/generated/persisted-documents.json`, written by codegen with each document's `__meta__.hash` as
 * `sha256:<hex>`), or undefined for a document that codegen did not generate.
 */
export const documentHash = (document: DocumentNode): string | undefined => {
  // codegen's property name for a document's metadata.
  const meta = (document as { ["__meta__"]?: { hash?: unknown } })["__meta__"];
  const hash = meta?.hash;
  return typeof hash === "string" ? hash.replace(/^sha256:/, "") : undefined;
};
