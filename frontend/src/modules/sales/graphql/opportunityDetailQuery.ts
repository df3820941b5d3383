import { graphql } from "../../../generated";

/**
 * One deal with what its page shows and edits: the deal, its customer and owner, the products on it, its tasks,
 * activities and stage history, and the pipeline's stages to move it through. Parts the viewer may not read are
 * not asked for (`opportunityDetailAccess`).
 */
export const OPPORTUNITY_DETAIL_QUERY = graphql(`
  query OpportunityDetail(
    $id: ID!
    $withCustomer: Boolean!
    $withOwner: Boolean!
    $withApproval: Boolean!
    $withLines: Boolean!
    $withTasks: Boolean!
    $withActivities: Boolean!
    $withHistory: Boolean!
  ) {
    opportunity(id: $id) {
      id
      version
      name
      amount
      status
      expectedClose
      lostReason
      closedAt
      createdAt
      stage {
        id
        key
        name
        position
        isWon
        isLost
      }
      customer @include(if: $withCustomer) {
        id
        name
      }
      owner @include(if: $withOwner) {
        id
        name
      }
      pendingApproval @include(if: $withApproval) {
        id
        status
        amount
        toStage {
          id
          key
          name
        }
      }
      lines @include(if: $withLines) {
        id
        position
        name
        quantity
        unitPrice
        amount
        product {
          id
          sku
          name
          unitPrice
          active
        }
      }
      tasks(openOnly: false) @include(if: $withTasks) {
        ...TaskFields
        assignee {
          id
          name
        }
      }
      activities(first: 20) @include(if: $withActivities) {
        totalCount
        nodes {
          id
          kind
          subject
          body
          outcome
          occurredAt
          actor {
            id
            name
          }
        }
      }
      stageHistory @include(if: $withHistory) {
        at
        amount
        fromStage {
          id
          key
          name
        }
        toStage {
          id
          key
          name
        }
        actor {
          id
          name
        }
      }
    }
    pipelineStages {
      id
      key
      name
      position
      isWon
      isLost
      requiresApproval
      approvalThreshold
    }
  }
`);
