import type { PublicPoolQuery } from "../../../generated/graphql";

/** A customer in the public pool, with only the fields the pool shows. */
export type PoolCustomer = PublicPoolQuery["publicPool"]["nodes"][number];
