import { graphql } from "../../../generated";

/** A business calendar as the admin's calendar editor shows and edits it. */
export const ADMIN_BUSINESS_CALENDAR_FIELDS_FRAGMENT = graphql(`
  fragment AdminBusinessCalendarFields on BusinessCalendar {
    id
    version
    name
    timezone
    workingDays
    dayStart
    dayEnd
    holidays
  }
`);
