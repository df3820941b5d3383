/** Whether an API token still works: not revoked, not expired (at `now`, milliseconds since the epoch). */
export const tokenWorks = (token: { revokedAt?: string | null; expiresAt?: string | null }, now = Date.now()) =>
  !token.revokedAt && (!token.expiresAt || new Date(token.expiresAt).getTime() > now);
