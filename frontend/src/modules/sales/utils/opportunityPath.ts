/** Where an opportunity opens: its own page. */
export const opportunityPath = (opportunity: { id: string }): string => `/opportunities/${encodeURIComponent(opportunity.id)}`;
