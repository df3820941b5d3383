import { lazy } from "react";

// See ../marketing-journeys/lazyJourneyPages.tsx: kept out of the route table's preload lists (the main bundle's budget).
const Page = lazy(() => import("./PredictionModelsPage").then((m) => ({ default: m.PredictionModelsPage })));

/** The page, loaded on first use (a lazy component must resolve to a component, not to another lazy one). */
export const PredictionModelsPage = () => <Page />;
