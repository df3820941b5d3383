export type BellNotification = {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  entityId: string | null;
  read: boolean;
  createdAt: string;
};

export type BellState = { items: BellNotification[]; unread: number };

/**
 * The bell's list and unread count from what the server answered and what the subscription pushed since.
 * A pushed notification counts as new when the server's list does not have it and it is newer than anything the
 * server listed (the server's count already includes whatever its list does). The server's version of a
 * notification wins (it knows whether it was read).
 */
export const mergeNotifications = (
  server: readonly BellNotification[] | null,
  serverUnread: number | null,
  live: readonly BellNotification[],
  limit: number,
): BellState => {
  const serverIds = new Set((server ?? []).map((n) => n.id));
  const newest = Math.max(...(server ?? []).map((n) => Date.parse(n.createdAt)), Number.NEGATIVE_INFINITY);
  const fresh = live.filter((n) => !serverIds.has(n.id) && Date.parse(n.createdAt) > newest);
  const items = [...fresh, ...(server ?? [])]
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .slice(0, limit);
  const unread = (serverUnread ?? 0) + fresh.filter((n) => !n.read).length;
  return { items, unread };
};
