import { LogoutOutlined } from "@ant-design/icons";
import { Button, message } from "antd";
import { flushSync } from "react-dom";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation } from "urql";

import { useResetGraphqlClient } from "../../graphql/hooks/useResetGraphqlClient";
import { LOGOUT_MUTATION } from "../graphql/logoutMutation";

type SignOutButtonProps = {
  /** Phones: the icon only. */
  compact?: boolean;
  /**
   * Told (synchronously, before the server is asked) that signing out begins, and again if it failed: the shell
   * takes the page away meanwhile, so no query of it (a section still loading) reaches the server after the
   * session ended, and its requests in flight are cancelled.
   */
  onSigningOut?: (signingOut: boolean) => void;
};

/** Signs out on the server, goes to the sign-in page and drops everything the client had cached. */
export const SignOutButton = ({ compact = false, onSigningOut }: SignOutButtonProps) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [messageApi, messageHolder] = message.useMessage();
  const [{ fetching }, logout] = useMutation(LOGOUT_MUTATION);
  const resetGraphqlClient = useResetGraphqlClient();

  const signOut = async () => {
    if (onSigningOut) flushSync(() => onSigningOut(true));
    const result = await logout({});
    // Without a reachable server the session cookie is still set: staying is more honest than pretending.
    if (result.error?.networkError) {
      onSigningOut?.(false);
      void messageApi.error(t("header.signOutFailed"));
      return;
    }
    // Both updates land in one render: the old client's data is gone by the time /login shows.
    void navigate("/login", { replace: true });
    resetGraphqlClient();
  };

  return (
    <>
      {messageHolder}
      <Button
        type="text"
        icon={<LogoutOutlined />}
        loading={fetching}
        onClick={() => void signOut()}
        title={t("header.signOut")}
        aria-label={t("header.signOut")}
        data-testid="logout"
      >
        {compact ? null : t("header.signOut")}
      </Button>
    </>
  );
};
