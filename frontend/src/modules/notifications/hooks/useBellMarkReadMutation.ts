import { useMutation } from "urql";

import { BELL_MARK_READ_MUTATION } from "../graphql/bellMarkReadMutation";

export const useBellMarkReadMutation = () => useMutation(BELL_MARK_READ_MUTATION);
