import { useMutation } from "urql";

import { SURVEY_SUBMIT_MUTATION } from "../graphql/surveySubmitMutation";

export const useSurveySubmitMutation = () => useMutation(SURVEY_SUBMIT_MUTATION);
