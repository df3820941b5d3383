import { graphql } from "../../../generated";

/** The service panels: CSAT and SLA compliance, ticket volume and backlog (each only when readable). */
export const DASHBOARD_SERVICE_QUERY = graphql(`
  query DashboardService(
    $createdFrom: DateTime!
    $createdTo: DateTime!
    $bucket: Bucket!
    $withCsat: Boolean!
    $withVolume: Boolean!
  ) {
    serviceStats(createdFrom: $createdFrom, createdTo: $createdTo, bucket: $bucket) {
      csat @include(if: $withCsat)
      ratings @include(if: $withCsat)
      firstResponseCompliance @include(if: $withCsat)
      resolutionCompliance @include(if: $withCsat)
      csatTrend @include(if: $withCsat) {
        key
        average
        count
      }
      volumeByCategory @include(if: $withVolume) {
        key
        second
        count
      }
      volumeByChannel @include(if: $withVolume) {
        key
        second
        count
      }
      backlog @include(if: $withVolume) {
        key
        second
        count
      }
    }
  }
`);
