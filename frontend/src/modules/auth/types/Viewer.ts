import type { ViewerQuery } from "../../../generated/graphql";

/** The signed-in user as the app shell sees it. */
export type Viewer = NonNullable<ViewerQuery["viewer"]>;
