import { useQuery } from "urql";

import type { HomeEscalationsQueryVariables } from "../../../generated/graphql";
import { HOME_ESCALATIONS_QUERY } from "../graphql/homeEscalationsQuery";

export const useHomeEscalationsQuery = (variables: HomeEscalationsQueryVariables) => useQuery({ query: HOME_ESCALATIONS_QUERY, variables });
