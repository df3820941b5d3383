import { lazy } from "react";

// See lazyJourneyPages.tsx: kept out of the route table's preload lists (the main bundle's budget).
const Page = lazy(() => import("./JourneyEditorPage").then((m) => ({ default: m.JourneyEditorPage })));

/** The page, loaded on first use (a lazy component must resolve to a component, not to another lazy one). */
export const JourneyEditorPage = () => <Page />;
