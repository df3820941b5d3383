import { graphql } from "../../../generated";

/** Choices for the list's filters: tags, owners, and the provinces and industries customers have. */
export const CUSTOMER_FILTER_OPTIONS_QUERY = graphql(`
  query CustomerFilterOptions(
    $withTags: Boolean!
    $withOwners: Boolean!
    $withProvinces: Boolean!
    $withIndustries: Boolean!
  ) {
    tags @include(if: $withTags) {
      id
      name
      color
    }
    salesForce @include(if: $withOwners) {
      id
      name
    }
    provinces: customerGroups(by: REGION) @include(if: $withProvinces) {
      groups {
        key
        customers
      }
    }
    industries: customerGroups(by: INDUSTRY) @include(if: $withIndustries) {
      groups {
        key
        customers
      }
    }
  }
`);
