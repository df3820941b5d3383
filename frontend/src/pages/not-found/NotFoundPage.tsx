import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** Any path no route matches. */
export const NotFoundPage = () => {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t("notFound.subtitle")}
      data-testid="not-found"
      extra={
        <Link to="/">
          <Button type="primary">{t("notFound.backHome")}</Button>
        </Link>
      }
    />
  );
};
