/** Which element of a chart was clicked: the series and the item within it. */
export type ChartClick = {
  seriesIndex: number;
  dataIndex: number;
};
