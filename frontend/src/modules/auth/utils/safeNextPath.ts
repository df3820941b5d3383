/** Where to go after signing in: `next` when it is a path on this site (not /login itself), else home. */
export const safeNextPath = (next: string | null): string => {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next === "/login" || next.startsWith("/login?") || next.startsWith("/login#")) return "/";
  return next;
};

/** The sign-in URL that brings the user back to `path` afterwards. */
export const loginPathFor = (path: string): string => `/login?${new URLSearchParams({ next: path }).toString()}`;
