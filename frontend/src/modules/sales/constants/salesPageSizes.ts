/** Cards a pipeline column loads at a time. */
export const PIPELINE_COLUMN_PAGE_SIZE = 30;

/** Rows per page of the lead, approval and pool lists. */
export const SALES_LIST_PAGE_SIZE = 20;

/** leadBulkCreate takes at most this many rows. */
export const LEAD_IMPORT_MAX_ROWS = 1000;

/** Largest amount the API accepts (yuan). */
export const MAX_AMOUNT = "999999999999.99";
