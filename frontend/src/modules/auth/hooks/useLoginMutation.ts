import { useMutation } from "urql";

import { LOGIN_MUTATION } from "../graphql/loginMutation";

export const useLoginMutation = () => useMutation(LOGIN_MUTATION);
