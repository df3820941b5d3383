import { graphql } from "../../../generated";

export const ADMIN_BUSINESS_CALENDAR_SAVE_MUTATION = graphql(`
  mutation AdminBusinessCalendarSave($input: BusinessCalendarInput!) {
    businessCalendarSave(input: $input) {
      calendar {
        ...AdminBusinessCalendarFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
