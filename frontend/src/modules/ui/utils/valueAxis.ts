/** How a chart writes a value on an axis. */
export type AxisFormat = (value: number) => string;

/** The format writes whole units only: halves look like one of their neighbours ("1" for 0.5, 1 and 1.5). */
const wholeUnitsOnly = (format: AxisFormat): boolean => format(0.5) === format(0) || format(0.5) === format(1);

/**
 * A chart's value axis labelled with `format`: the one way every chart makes one (dashboards, the 360° page). A
 * format that writes whole units only (counts) gets ticks at whole units: between 0 and 2 the axis would otherwise
 * tick 0, 0.5, 1, 1.5, 2 and label them 0, 1, 1, 2, 2 (the 360° order chart did, for agents, who see counts).
 */
export const valueAxis = (format: AxisFormat, range?: { min: number; max: number }) => ({
  type: "value" as const,
  ...range,
  ...(wholeUnitsOnly(format) ? { minInterval: 1 } : {}),
  axisLabel: { formatter: (value: number) => format(value) },
});
