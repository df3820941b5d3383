import { graphql } from "../../../generated";

/**
 * A row of the customer list. Columns some viewers may not read are behind the `$with…` variables every
 * operation spreading it declares (see customersListAccess).
 */
export const CUSTOMER_LIST_ROW_FIELDS_FRAGMENT = graphql(`
  fragment CustomerListRowFields on Customer {
    id
    name
    kind @include(if: $withKind)
    status @include(if: $withStatus)
    grade @include(if: $withGrade)
    province @include(if: $withProvince)
    city @include(if: $withCity)
    industry @include(if: $withIndustry)
    poolStatus @include(if: $withPoolStatus)
    lastActivityAt @include(if: $withLastActivityAt)
    createdAt @include(if: $withCreatedAt)
    owner @include(if: $withOwner) {
      id
      name
    }
    tags @include(if: $withTags) {
      id
      name
      color
    }
    contacts @include(if: $withContacts) {
      id
      name
      isPrimary
      phones @include(if: $withPhones)
    }
    rfm @include(if: $withRfm) {
      segment
    }
    lifetimeValue @include(if: $withLifetimeValue)
  }
`);
