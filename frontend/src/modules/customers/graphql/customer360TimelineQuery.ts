import { graphql } from "../../../generated";

/** A page of a customer's timeline; each kind of entry is asked for only when the viewer may read it. */
export const CUSTOMER_360_TIMELINE_QUERY = graphql(`
  query Customer360Timeline(
    $id: ID!
    $first: Int!
    $after: String
    $withActivities: Boolean!
    $withActivityActor: Boolean!
    $withActivityContact: Boolean!
    $withOrders: Boolean!
    $withOrderAmounts: Boolean!
    $withTickets: Boolean!
    $withStageChanges: Boolean!
    $withPoolMovements: Boolean!
  ) {
    customer(id: $id) {
      id
      timeline(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            __typename
            ... on Activity @include(if: $withActivities) {
              id
              activityKind: kind
              subject
              body
              outcome
              occurredAt
              actor @include(if: $withActivityActor) {
                id
                name
              }
              contact @include(if: $withActivityContact) {
                id
                name
              }
            }
            ... on Order @include(if: $withOrders) {
              id
              number
              orderStatus: status
              orderedAt
              currency
              totalAmount @include(if: $withOrderAmounts)
            }
            ... on Ticket @include(if: $withTickets) {
              id
              number
              subject
              ticketStatus: status
              createdAt
            }
            ... on StageChangeEntry @include(if: $withStageChanges) {
              at
              amount
              opportunity {
                id
                name
              }
              fromStage {
                id
                name
              }
              toStage {
                id
                name
              }
              actor {
                id
                name
              }
            }
            ... on PoolMovementEntry @include(if: $withPoolMovements) {
              movementKind: kind
              at
              data
              user {
                id
                name
              }
              actor {
                id
                name
              }
            }
          }
        }
      }
    }
  }
`);
