import { RequireViewer } from "../../auth/components/RequireViewer";
import { AppShell } from "./AppShell";

/** Everything a signed-in route renders around its page, loaded as one chunk. */
export const SignedInShell = () => (
  <RequireViewer>
    <AppShell />
  </RequireViewer>
);
