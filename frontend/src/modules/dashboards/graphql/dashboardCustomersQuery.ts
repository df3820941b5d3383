import { graphql } from "../../../generated";

/** The customer panels: RFM segments, regions, industries and grades, with revenue in the period if readable. */
export const DASHBOARD_CUSTOMERS_QUERY = graphql(`
  query DashboardCustomers(
    $revenueFrom: DateTime!
    $revenueTo: DateTime!
    $filter: CustomerFilter
    $withRfm: Boolean!
    $withRegion: Boolean!
    $withIndustry: Boolean!
    $withGrade: Boolean!
    $withRevenue: Boolean!
  ) {
    rfm: customerGroups(by: RFM_SEGMENT, revenueFrom: $revenueFrom, revenueTo: $revenueTo, filter: $filter) @include(if: $withRfm) {
      ...DashboardCustomerGroups
    }
    regions: customerGroups(by: REGION, revenueFrom: $revenueFrom, revenueTo: $revenueTo, filter: $filter) @include(if: $withRegion) {
      ...DashboardCustomerGroups
    }
    industries: customerGroups(by: INDUSTRY, revenueFrom: $revenueFrom, revenueTo: $revenueTo, filter: $filter)
      @include(if: $withIndustry) {
      ...DashboardCustomerGroups
    }
    grades: customerGroups(by: GRADE, revenueFrom: $revenueFrom, revenueTo: $revenueTo, filter: $filter) @include(if: $withGrade) {
      ...DashboardCustomerGroups
    }
  }

  fragment DashboardCustomerGroups on CustomerGroups {
    total
    groups {
      key
      customers
      share
      revenue @include(if: $withRevenue)
    }
  }
`);
