import { useQuery } from "urql";

import { SURVEY_QUERY } from "../graphql/surveyQuery";

export const useSurveyQuery = (token: string) => useQuery({ query: SURVEY_QUERY, variables: { token } });
