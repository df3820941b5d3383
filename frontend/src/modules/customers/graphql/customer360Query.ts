import { graphql } from "../../../generated";

/**
 * Everything the 360° page shows about one customer, in one request. Each part is asked for only when the
 * viewer may read it (the variables come from `customer360Access`), so no role gets FORBIDDEN.
 */
export const CUSTOMER_360_QUERY = graphql(`
  query Customer360(
    $id: ID!
    $withKind: Boolean!
    $withStatus: Boolean!
    $withGrade: Boolean!
    $withSource: Boolean!
    $withIndustry: Boolean!
    $withProvince: Boolean!
    $withCity: Boolean!
    $withSize: Boolean!
    $withAddress: Boolean!
    $withPoolStatus: Boolean!
    $withLastActivityAt: Boolean!
    $withLastFollowUpAt: Boolean!
    $withCreatedAt: Boolean!
    $withPoolDaysLeft: Boolean!
    $withLifetimeValue: Boolean!
    $withOwner: Boolean!
    $withTeam: Boolean!
    $withTags: Boolean!
    $withRfm: Boolean!
    $withOrderSummary: Boolean!
    $withOrderSummaryAmounts: Boolean!
    $withContacts: Boolean!
    $withPhones: Boolean!
    $withEmails: Boolean!
    $withOpportunities: Boolean!
    $withTickets: Boolean!
    $withTasks: Boolean!
    $withOrders: Boolean!
    $withOrderAmounts: Boolean!
  ) {
    customer(id: $id) {
      id
      version
      name
      kind @include(if: $withKind)
      status @include(if: $withStatus)
      grade @include(if: $withGrade)
      source @include(if: $withSource)
      industry @include(if: $withIndustry)
      province @include(if: $withProvince)
      city @include(if: $withCity)
      size @include(if: $withSize)
      address @include(if: $withAddress)
      poolStatus @include(if: $withPoolStatus)
      lastActivityAt @include(if: $withLastActivityAt)
      lastFollowUpAt @include(if: $withLastFollowUpAt)
      createdAt @include(if: $withCreatedAt)
      poolDaysLeft @include(if: $withPoolDaysLeft)
      lifetimeValue @include(if: $withLifetimeValue)
      owner @include(if: $withOwner) {
        id
        name
      }
      team @include(if: $withTeam) {
        id
        name
      }
      tags @include(if: $withTags) {
        id
        name
        color
      }
      rfm @include(if: $withRfm) {
        segment
        score
      }
      orderSummary @include(if: $withOrderSummary) {
        count
        lastOrderAt
        totalAmount @include(if: $withOrderSummaryAmounts)
      }
      contacts @include(if: $withContacts) {
        id
        name
        title
        isPrimary
        phones @include(if: $withPhones)
        emails @include(if: $withEmails)
      }
      opportunities @include(if: $withOpportunities) {
        id
        name
        amount
        status
        expectedClose
        stage {
          id
          name
        }
      }
      tickets(openOnly: true) @include(if: $withTickets) {
        id
        number
        subject
        status
        priority
        createdAt
      }
      tasks @include(if: $withTasks) {
        id
        title
        dueAt
        done
        assignee {
          id
          name
        }
      }
      orders(first: 100) @include(if: $withOrders) {
        totalCount
        nodes {
          id
          orderedAt
          status
          totalAmount @include(if: $withOrderAmounts)
        }
      }
    }
  }
`);
