import { createContext } from "react";

/** Replaces the GraphQL client by a fresh one; set by GraphqlClientProvider. */
export const GraphqlClientResetContext = createContext<(() => void) | null>(null);
