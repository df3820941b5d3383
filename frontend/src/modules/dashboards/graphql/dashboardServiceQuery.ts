import { graphql } from "../../../generated";

/** The service panels: CSAT and SLA compliance, CSAT per agent, ticket volume and backlog (each only when readable). */
export const DASHBOARD_SERVICE_QUERY = graphql(`
  query DashboardService(
    $createdFrom: DateTime!
    $createdTo: DateTime!
    $bucket: Bucket!
    $withCsat: Boolean!
    $withCsatByAgent: Boolean!
    $withVolume: Boolean!
  ) {
    serviceStats(createdFrom: $createdFrom, createdTo: $createdTo, bucket: $bucket) {
      csat @include(if: $withCsat)
      ratings @include(if: $withCsat)
      firstResponseCompliance @include(if: $withCsat)
      resolutionCompliance @include(if: $withCsat)
      csatTrend @include(if: $withCsat) {
        ...TrendPointFields
      }
      csatByAgent @include(if: $withCsatByAgent) {
        id
        name
        average
        ratings
      }
      volumeByCategory @include(if: $withVolume) {
        ...KeyCountFields
      }
      volumeByChannel @include(if: $withVolume) {
        ...KeyCountFields
      }
      backlog @include(if: $withVolume) {
        ...KeyCountFields
      }
    }
  }
`);
