import { graphql } from "../../../generated";

/** The open backlog per status and queue, and the CSAT trend since `createdFrom` (queue names if readable). */
export const HOME_SERVICE_OVERVIEW_QUERY = graphql(`
  query HomeServiceOverview($createdFrom: DateTime!, $withTeams: Boolean!) {
    serviceStats(createdFrom: $createdFrom, bucket: WEEK) {
      csat
      ratings
      backlog {
        ...KeyCountFields
      }
      csatTrend {
        ...TrendPointFields
      }
    }
    teams @include(if: $withTeams) {
      id
      name
    }
  }
`);
