import { graphql } from "../../../generated";

/** The customer base per RFM segment, region and grade. */
export const HOME_CUSTOMER_SEGMENTS_QUERY = graphql(`
  query HomeCustomerSegments {
    rfm: customerGroups(by: RFM_SEGMENT) {
      total
      groups {
        key
        customers
        share
      }
    }
    regions: customerGroups(by: REGION) {
      total
      groups {
        key
        customers
        share
      }
    }
    grades: customerGroups(by: GRADE) {
      total
      groups {
        key
        customers
        share
      }
    }
  }
`);
