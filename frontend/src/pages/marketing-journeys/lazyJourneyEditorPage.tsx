import { lazy } from "react";

// See lazyJourneyPages.tsx: kept out of the route table's preload lists (the main bundle's budget).
export const JourneyEditorPage = lazy(() => import("./JourneyEditorPage").then((m) => ({ default: m.JourneyEditorPage })));
