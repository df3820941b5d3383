import { useMutation } from "urql";

import { ADMIN_BUSINESS_CALENDAR_SAVE_MUTATION } from "../graphql/adminBusinessCalendarSaveMutation";

export const useAdminBusinessCalendarSaveMutation = () => useMutation(ADMIN_BUSINESS_CALENDAR_SAVE_MUTATION);
