import { createContext } from "react";

import type { Viewer } from "../types/Viewer";

/** Set by RequireViewer for everything rendered inside signed-in routes. */
export const CurrentViewerContext = createContext<Viewer | null>(null);
