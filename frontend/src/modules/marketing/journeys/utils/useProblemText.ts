import type { CombinedError } from "@urql/core";
import { useTranslation } from "react-i18next";

type Outcome = { error?: CombinedError; payload?: { userErrors?: readonly { message: string }[] } | null };

const codeOf = (error: CombinedError): unknown => error.graphQLErrors[0]?.extensions?.code;

/**
 * A mutation's problem as one text, as `useMutationErrorText` says it. Written here rather than imported: sharing
 * the forms' error modules with these pages changed how the main bundle's chunks are cut and cost the sign-in
 * page's budget.
 */
export const useProblemText = () => {
  const { t } = useTranslation("common");
  return ({ error, payload }: Outcome, failed: string): string | null => {
    if (error) {
      if (codeOf(error) === "CONFLICT") return t("conflict");
      if (codeOf(error) === "FORBIDDEN") return t("forbidden");
      return error.graphQLErrors[0]?.message ?? failed;
    }
    if (!payload) return failed;
    const userErrors = payload.userErrors ?? [];
    return userErrors.length > 0 ? userErrors.map((userError) => userError.message).join(" ") : null;
  };
};
