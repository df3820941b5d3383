import { graphql } from "../../../generated";

export const SURVEY_SUBMIT_MUTATION = graphql(`
  mutation SurveySubmit($input: SurveySubmitInput!) {
    surveySubmit(input: $input) {
      accepted
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
