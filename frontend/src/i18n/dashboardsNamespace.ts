/** The dashboards' strings, loaded with the first page that draws a dashboard (not part of the main bundle). */
export const loadDashboardsNamespace = async () => {
  const [zh, en] = await Promise.all([import("./locales/zh-CN/dashboards.json"), import("./locales/en/dashboards.json")]);
  return { "zh-CN": zh.default, en: en.default };
};
