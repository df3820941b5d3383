import { lazy } from "react";

// The route table imports these small modules, not the pages: a page's own dynamic import carries the list of
// chunks to preload, and in the route table (the main bundle, the sign-in page's budget) that list would cost
// more than the route itself. The flow editor's chunk holds @xyflow/react.
const Page = lazy(() => import("./JourneysPage").then((m) => ({ default: m.JourneysPage })));

/** The page, loaded on first use (a lazy component must resolve to a component, not to another lazy one). */
export const JourneysPage = () => <Page />;
