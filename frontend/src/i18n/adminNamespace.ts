/** The administration pages' strings, loaded with the admin page (not part of the main bundle). */
export const loadAdminNamespace = async () => {
  const [zh, en] = await Promise.all([import("./locales/zh-CN/admin.json"), import("./locales/en/admin.json")]);
  return { "zh-CN": zh.default, en: en.default };
};
