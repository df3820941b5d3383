import type { HTMLAttributes } from "react";

/** `data-testid` to spread into props objects that do not list it (e.g. Modal's okButtonProps). */
export const testIdProps = (testId: string): { "data-testid": string } => ({ "data-testid": testId });

/** Row attributes with a `data-testid`, for Table's onRow. */
export const rowTestIdProps = (testId: string): HTMLAttributes<HTMLElement> => {
  const props: HTMLAttributes<HTMLElement> & { "data-testid": string } = { "data-testid": testId };
  return props;
};
