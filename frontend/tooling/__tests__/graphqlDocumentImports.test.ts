import { describe, expect, it } from "vitest";

import { generatedDocumentName, generatedDocuments, inlineGraphqlDocuments } from "../graphqlDocumentImports";

const OPERATION_FILE = `import { graphql } from "../../../generated";

export const LOGIN_MUTATION = graphql(\`
  mutation Login($input: LoginInput!) {
    login(input: $input) { userErrors { field } }
  }
\`);
`;

describe("generatedDocumentName", () => {
  it("names documents the way the client preset does", () => {
    expect(generatedDocumentName("query Viewer { viewer { id } }")).toBe("ViewerDocument");
    expect(generatedDocumentName("mutation customerCreate($input: X!) { a }")).toBe("customerCreateDocument");
    expect(generatedDocumentName("subscription TicketUpdated { t { id } }")).toBe("TicketUpdatedDocument");
    expect(generatedDocumentName("fragment CustomerCard on Customer { id }")).toBe("CustomerCardFragmentDoc");
  });

  it("refuses an anonymous operation", () => {
    expect(() => generatedDocumentName("{ viewer { id } }")).toThrow(/no named operation/);
  });
});

const LOGIN_AST = '{"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"}}]}';
const GENERATED = `export const LoginDocument = ${LOGIN_AST} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const ViewerFieldsFragmentDoc = {"kind":"Document","definitions":[]} as unknown as DocumentNode<ViewerFieldsFragment, unknown>;
`;

describe("generatedDocuments", () => {
  it("reads every operation and fragment document of the generated module", () => {
    const documents = generatedDocuments(GENERATED);

    expect([...documents.keys()]).toEqual(["LoginDocument", "ViewerFieldsFragmentDoc"]);
    expect(documents.get("LoginDocument")).toBe(LOGIN_AST);
  });
});

describe("inlineGraphqlDocuments", () => {
  it("replaces the graphql() call by that one document's AST, without importing the generated module", () => {
    const code = inlineGraphqlDocuments(OPERATION_FILE, generatedDocuments(GENERATED));

    expect(code).toContain(`export const LOGIN_MUTATION = (${LOGIN_AST});`);
    expect(code).not.toContain("graphql(");
    expect(code).not.toContain("generated");
    expect(code).not.toContain("ViewerFields");
  });

  it("fails the build when codegen has not run for a document", () => {
    expect(() => inlineGraphqlDocuments(OPERATION_FILE, new Map())).toThrow(/npm run codegen/);
  });

  it("leaves files without graphql() alone", () => {
    expect(inlineGraphqlDocuments("export const x = 1;\n", new Map())).toBeNull();
  });
});
