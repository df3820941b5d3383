import { useState } from "react";

export type CursorPages = {
  /** The cursor to pass as `after` for the page shown (null: the first page). */
  after: string | null;
  /** 1-based number of the page shown. */
  page: number;
  next: (endCursor: string | null) => void;
  previous: () => void;
};

/**
 * Forward cursor pagination with a way back: remembers the cursors of the pages passed. Starts over on the
 * first page whenever `resetKey` (e.g. the serialized filters) changes.
 */
export const useCursorPages = (resetKey: string): CursorPages => {
  const [state, setState] = useState<{ key: string; cursors: string[] }>({ key: resetKey, cursors: [] });
  const cursors = state.key === resetKey ? state.cursors : [];
  return {
    after: cursors.at(-1) ?? null,
    page: cursors.length + 1,
    next: (endCursor) => {
      if (endCursor) setState({ key: resetKey, cursors: [...cursors, endCursor] });
    },
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
  };
};
