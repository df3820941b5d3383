import { LogoutOutlined } from "@ant-design/icons";
import { Button, message } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { useResetGraphqlClient } from "../../graphql/hooks/useResetGraphqlClient";
import { useLogoutMutation } from "../hooks/useLogoutMutation";

/** Signs out on the server, goes to the sign-in page and drops everything the client had cached. */
export const SignOutButton = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [messageApi, messageHolder] = message.useMessage();
  const [{ fetching }, logout] = useLogoutMutation();
  const resetGraphqlClient = useResetGraphqlClient();

  const signOut = async () => {
    const result = await logout({});
    // Without a reachable server the session cookie is still set: staying is more honest than pretending.
    if (result.error?.networkError) {
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
      <Button type="text" icon={<LogoutOutlined />} loading={fetching} onClick={() => void signOut()} data-testid="logout">
        {t("header.signOut")}
      </Button>
    </>
  );
};
