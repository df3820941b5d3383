import { graphql } from "../../../generated";

/** The customer base per RFM segment, region and grade. */
export const HOME_CUSTOMER_SEGMENTS_QUERY = graphql(`
  query HomeCustomerSegments {
    rfm: customerGroups(by: RFM_SEGMENT) {
      ...HomeCustomerGroups
    }
    regions: customerGroups(by: REGION) {
      ...HomeCustomerGroups
    }
    grades: customerGroups(by: GRADE) {
      ...HomeCustomerGroups
    }
  }

  fragment HomeCustomerGroups on CustomerGroups {
    total
    groups {
      key
      customers
      share
    }
  }
`);
