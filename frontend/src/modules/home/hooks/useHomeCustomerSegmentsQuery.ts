import { useQuery } from "urql";

import { HOME_CUSTOMER_SEGMENTS_QUERY } from "../graphql/homeCustomerSegmentsQuery";

export const useHomeCustomerSegmentsQuery = () => useQuery({ query: HOME_CUSTOMER_SEGMENTS_QUERY });
