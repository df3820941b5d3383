import type { Customer360Query } from "../../../generated/graphql";

/** A customer as the 360° page loads it (fields the viewer may not read are absent). */
export type Customer360 = NonNullable<Customer360Query["customer"]>;
