import { useContext } from "react";

import { CurrentViewerContext } from "../contexts/CurrentViewerContext";
import type { Viewer } from "../types/Viewer";

/** The signed-in user; only valid below RequireViewer. */
export const useCurrentViewer = (): Viewer => {
  const viewer = useContext(CurrentViewerContext);
  if (!viewer) throw new Error("useCurrentViewer is used outside RequireViewer: wrap the route in it.");
  return viewer;
};
