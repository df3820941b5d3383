import { graphql } from "../../../generated";

/** A count per key (and second key), as the service charts read it. */
export const KEY_COUNT_FIELDS_FRAGMENT = graphql(`
  fragment KeyCountFields on KeyCount {
    key
    second
    count
  }
`);
