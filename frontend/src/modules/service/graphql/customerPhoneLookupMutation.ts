import { graphql } from "../../../generated";

/** Identify a caller by their whole phone number: the customers found, as the viewer may see them. */
export const CUSTOMER_PHONE_LOOKUP_MUTATION = graphql(`
  mutation CustomerPhoneLookup(
    $input: CustomerPhoneLookupInput!
    $withGrade: Boolean!
    $withContacts: Boolean!
    $withPhones: Boolean!
  ) {
    customerPhoneLookup(input: $input) {
      customers {
        id
        name
        grade @include(if: $withGrade)
        contacts @include(if: $withContacts) {
          id
          name
          title
          isPrimary
          phones @include(if: $withPhones)
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
