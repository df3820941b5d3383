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
    $withContactLanguage: Boolean!
    $withContactTimeZone: Boolean!
    $withOpportunities: Boolean!
    $withTickets: Boolean!
    $withTasks: Boolean!
    $withOrders: Boolean!
    $withOrderAmounts: Boolean!
    $withArchivedAt: Boolean!
    $withGender: Boolean!
    $withBirthDate: Boolean!
    $withAgeBand: Boolean!
    $withOccupation: Boolean!
    $withEducation: Boolean!
    $withMaritalStatus: Boolean!
    $withCreditRating: Boolean!
    $withRiskLevel: Boolean!
    $withContributionRank: Boolean!
    $withTaskOpportunity: Boolean!
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
      archivedAt @include(if: $withArchivedAt)
      gender @include(if: $withGender)
      birthDate @include(if: $withBirthDate)
      ageBand @include(if: $withAgeBand)
      occupation @include(if: $withOccupation)
      education @include(if: $withEducation)
      maritalStatus @include(if: $withMaritalStatus)
      creditRating @include(if: $withCreditRating)
      riskLevel @include(if: $withRiskLevel)
      contributionRank @include(if: $withContributionRank) {
        overall
        withinRegion
      }
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
        version
        name
        title
        isPrimary
        phones @include(if: $withPhones)
        emails @include(if: $withEmails)
        language @include(if: $withContactLanguage)
        timeZone @include(if: $withContactTimeZone)
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
        ...TaskFields
        assignee {
          id
          name
        }
        opportunity @include(if: $withTaskOpportunity) {
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
