import type { HTMLAttributes } from "react";

/** Props for a table row (antd `onRow`) that give it a test id. */
export const rowTestId = (testId: string): HTMLAttributes<HTMLElement> => ({ "data-testid": testId }) as HTMLAttributes<HTMLElement>;
