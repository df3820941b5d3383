import { graphql } from "../../../generated";

export const MARKETING_SETTINGS_SET_MUTATION = graphql(`
  mutation MarketingSettingsSet($input: MarketingSettingsInput!) {
    marketingSettingsSet(input: $input) {
      settings {
        version
        frequencyCapCount
        frequencyCapDays
        approvalThreshold
        quietStart
        quietEnd
        timeZone
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
