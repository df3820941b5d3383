import { useCallback, useState } from "react";

/**
 * Cursor paging state for a connection: the `after` of the current page and the pages before it. `resetKey`
 * (e.g. the filters) starts again from the first page when it changes.
 */
export const useCursorStack = (resetKey: string) => {
  const [state, setState] = useState<{ key: string; stack: Array<string | null> }>({ key: resetKey, stack: [null] });
  const stack = state.key === resetKey ? state.stack : [null];
  const after = stack[stack.length - 1] ?? null;
  const next = useCallback(
    (endCursor: string | null) =>
      setState((current) => ({
        key: resetKey,
        stack: [...(current.key === resetKey ? current.stack : [null]), endCursor],
      })),
    [resetKey],
  );
  const previous = useCallback(
    () =>
      setState((current) => ({
        key: resetKey,
        stack: current.key === resetKey && current.stack.length > 1 ? current.stack.slice(0, -1) : [null],
      })),
    [resetKey],
  );
  return { after, hasPrevious: stack.length > 1, next, previous };
};
