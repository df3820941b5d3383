import { DownOutlined, GlobalOutlined } from "@ant-design/icons";
import { Button, Dropdown } from "antd";
import { useTranslation } from "react-i18next";

import { isLanguage, SUPPORTED_LANGUAGES } from "../../../i18n/languages";
import { useLanguage } from "../hooks/useLanguage";

/** Header control that switches the UI language; the trigger button has test id `lang-switch`. `compact` (phones)
 * shows the globe only. */
export const LanguageSwitch = ({ compact = false }: { compact?: boolean }) => {
  const { t } = useTranslation();
  const { language, changeLanguage } = useLanguage();

  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        selectable: true,
        selectedKeys: [language],
        items: SUPPORTED_LANGUAGES.map((value) => ({
          key: value,
          label: <span data-testid={`lang-option-${value}`}>{t(`language.${value}`)}</span>,
        })),
        onClick: ({ key }) => {
          if (isLanguage(key)) void changeLanguage(key);
        },
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        title={t("language.label")}
        aria-label={compact ? `${t("language.label")}: ${t(`language.${language}`)}` : undefined}
        data-testid="lang-switch"
      >
        {compact ? null : (
          <>
            {t(`language.${language}`)} <DownOutlined />
          </>
        )}
      </Button>
    </Dropdown>
  );
};
