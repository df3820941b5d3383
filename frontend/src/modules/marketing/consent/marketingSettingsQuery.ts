import { graphql } from "../../../generated";

export const MARKETING_SETTINGS_QUERY = graphql(`
  query MarketingSettings {
    marketingSettings {
      version
      frequencyCapCount
      frequencyCapDays
      approvalThreshold
      quietStart
      quietEnd
      timeZone
    }
  }
`);
