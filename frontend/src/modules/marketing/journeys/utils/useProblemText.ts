import { useTranslation } from "react-i18next";

import { mutationProblem, type MutationOutcome } from "../../../graphql/errors/mutationProblem";

/**
 * A mutation's problem as one text (what `useMutationErrorText` says), without importing the forms' hook module:
 * sharing it changed how the main bundle's chunks are cut and cost the sign-in page's budget.
 */
export const useProblemText = () => {
  const { t } = useTranslation("common");
  return (outcome: MutationOutcome, failed: string): string | null => {
    const problem = mutationProblem(outcome);
    if (!problem) return null;
    if (problem.kind === "conflict") return t("conflict");
    if (problem.kind === "forbidden") return t("forbidden");
    if (problem.kind === "failed") return problem.message ?? failed;
    return problem.userErrors.map((userError) => userError.message).join(" ");
  };
};
