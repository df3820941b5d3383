import { BookOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { SafeMarkdown } from "./SafeMarkdown";

type Article = { id: string; title: string; body: string };

/** Knowledge-base articles that may answer the ticket; each opens in a dialog. */
export const SuggestedArticles = ({ articles }: { articles: readonly Article[] }) => {
  const { t } = useTranslation("service");
  const [open, setOpen] = useState<Article | null>(null);
  if (articles.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("ticket.noSuggestions")} />;
  }
  return (
    <Flex vertical align="flex-start" gap={4} data-testid="suggested-articles">
      {articles.map((article) => (
        <Button key={article.id} type="link" icon={<BookOutlined />} onClick={() => setOpen(article)} style={{ paddingInline: 0 }}>
          {article.title}
        </Button>
      ))}
      <Modal open={open !== null} title={open?.title} onCancel={() => setOpen(null)} footer={null} destroyOnHidden>
        {open && <SafeMarkdown source={open.body} />}
      </Modal>
    </Flex>
  );
};
