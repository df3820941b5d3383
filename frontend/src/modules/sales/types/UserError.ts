/** A `userErrors[]` entry of a mutation payload. */
export type UserError = {
  field: string | null;
  message: string;
  code: string;
};
