import { graphql } from "../../../generated";

/** What each of two customers holds, to show what a merge would move. */
export const CUSTOMER_360_MERGE_PREVIEW_QUERY = graphql(`
  query Customer360MergePreview(
    $survivorId: ID!
    $mergedId: ID!
    $withContacts: Boolean!
    $withOrders: Boolean!
    $withActivities: Boolean!
    $withTickets: Boolean!
    $withOpportunities: Boolean!
    $withTasks: Boolean!
    $withTags: Boolean!
  ) {
    survivor: customer(id: $survivorId) {
      ...CustomerMergeCounts
    }
    merged: customer(id: $mergedId) {
      ...CustomerMergeCounts
    }
  }

  fragment CustomerMergeCounts on Customer {
    id
    name
    contacts @include(if: $withContacts) {
      id
    }
    orders(first: 1) @include(if: $withOrders) {
      totalCount
    }
    activities(first: 1) @include(if: $withActivities) {
      totalCount
    }
    tickets @include(if: $withTickets) {
      id
    }
    opportunities @include(if: $withOpportunities) {
      id
    }
    tasks(openOnly: false) @include(if: $withTasks) {
      id
    }
    tags @include(if: $withTags) {
      id
    }
  }
`);
