import { useMutation } from "urql";

import { LOGOUT_MUTATION } from "../graphql/logoutMutation";

export const useLogoutMutation = () => useMutation(LOGOUT_MUTATION);
