import { ArrowLeftOutlined } from "@ant-design/icons";
import { Card, Flex, Result, Skeleton, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { CategoryLabel } from "../../modules/service/components/CategoryLabel";
import { SafeMarkdown } from "../../modules/service/components/SafeMarkdown";
import { PORTAL_KB_ARTICLE_QUERY } from "../../modules/service/graphql/portalKbArticleQuery";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/** /portal/kb/:id: one article, its Markdown rendered as plain elements. */
export const PortalKbArticleView = () => {
  const { t } = useTranslation("portal");
  const format = useFormatters();
  const { id = "" } = useParams();
  const [{ data, error }, reexecute] = useQuery({ query: PORTAL_KB_ARTICLE_QUERY, variables: { id } });

  const back = (
    <Link to="/portal/kb">
      <ArrowLeftOutlined /> {t("kb.back")}
    </Link>
  );
  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    return <Skeleton active />;
  }
  const article = data.kbArticle;
  if (!article) return <Result status="404" title={t("kb.notFound")} extra={back} data-testid="kb-not-found" />;

  return (
    <Flex vertical gap={16}>
      {back}
      <Card data-testid="kb-article">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {article.title}
        </Typography.Title>
        <Space wrap style={{ marginBottom: 16 }}>
          {article.category && (
            <Tag>
              <CategoryLabel category={article.category} />
            </Tag>
          )}
          {article.tags.map((tag) => (
            <Tag key={tag} color="blue">
              {tag}
            </Tag>
          ))}
          <Typography.Text type="secondary">
            {t("kb.published", { date: format.date(article.publishedAt ?? article.updatedAt) })}
          </Typography.Text>
        </Space>
        <SafeMarkdown source={article.body} />
      </Card>
    </Flex>
  );
};
