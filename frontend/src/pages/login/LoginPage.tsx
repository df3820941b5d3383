import { Flex, theme } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";

import { LoginForm } from "../../modules/auth/components/LoginForm";
import { useViewerQuery } from "../../modules/auth/hooks/useViewerQuery";
import { safeNextPath } from "../../modules/auth/utils/safeNextPath";
import { LanguageSwitch } from "../../modules/localization/components/LanguageSwitch";

/**
 * /login: the sign-in form; a viewer who is already signed in goes straight on to `next`.
 * Plain elements styled with theme tokens instead of Card/Typography keep this first page's JavaScript small.
 */
export const LoginPage = () => {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const nextPath = safeNextPath(searchParams.get("next"));
  const [{ data }] = useViewerQuery();

  if (data?.viewer) return <Navigate to={nextPath} replace />;

  return (
    <Flex vertical style={{ minHeight: "100vh", background: token.colorBgLayout, fontFamily: token.fontFamily }}>
      <Flex justify="flex-end" style={{ padding: `${token.paddingSM}px ${token.paddingLG}px` }}>
        <LanguageSwitch />
      </Flex>
      <Flex align="center" justify="center" style={{ flex: 1, padding: token.paddingLG }}>
        <main
          style={{
            width: "100%",
            maxWidth: 400,
            padding: token.paddingXL,
            background: token.colorBgContainer,
            borderRadius: token.borderRadiusLG,
            boxShadow: token.boxShadowTertiary,
          }}
        >
          <h1
            data-testid="login-title"
            style={{ margin: 0, fontSize: token.fontSizeHeading3, fontWeight: token.fontWeightStrong, color: token.colorTextHeading }}
          >
            {t("login.title")}
          </h1>
          <p style={{ margin: `${token.marginXS}px 0 ${token.marginLG}px`, color: token.colorTextSecondary }}>
            {t("login.subtitle")}
          </p>
          <LoginForm onSignedIn={() => void navigate(nextPath, { replace: true })} />
        </main>
      </Flex>
    </Flex>
  );
};
