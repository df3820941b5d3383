import { Button, Card, Empty, Flex, Input, Skeleton, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { CategoryLabel } from "../../modules/service/components/CategoryLabel";
import { usePortalKbSearchQuery } from "../../modules/service/hooks/usePortalKbSearchQuery";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/** A one-line plain-text teaser of a Markdown body. */
const teaser = (body: string): string => {
  const text = body.replace(/[#*_`>]/g, "").replace(/\s+/g, " ").trim();
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
};

/** /portal/kb?q=: search the knowledge base in Chinese or English; the query is in the URL. */
export const PortalKnowledgeBaseView = () => {
  const { t } = useTranslation("portal");
  const format = useFormatters();
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const search = usePortalKbSearchQuery(query);

  return (
    <Card title={t("kb.title")}>
      <Flex vertical gap={16}>
        <Input.Search
          key={query}
          defaultValue={query}
          allowClear
          enterButton
          placeholder={t("kb.searchPlaceholder")}
          onSearch={(value) => setParams(value.trim() ? { q: value.trim() } : {}, { replace: true })}
          data-testid="kb-search"
          style={{ maxWidth: 560 }}
        />
        {search.error && search.articles.length === 0 ? (
          <RequestFailedResult error={search.error} onRetry={() => search.reexecute({ requestPolicy: "network-only" })} />
        ) : search.fetching && search.articles.length === 0 ? (
          <Skeleton active />
        ) : search.articles.length === 0 ? (
          <Empty description={t("kb.empty")} data-testid="kb-empty" />
        ) : (
          <Flex vertical gap={12} data-testid="kb-results">
            {search.articles.map((article) => (
              <Card key={article.id} size="small" data-testid="kb-result">
                <Flex vertical gap={4}>
                  <Link to={`/portal/kb/${encodeURIComponent(article.id)}`} style={{ fontWeight: 600 }}>
                    {article.title}
                  </Link>
                  <Typography.Text type="secondary">{teaser(article.body)}</Typography.Text>
                  <Flex gap={8} align="center" wrap>
                    {article.category && (
                      <Tag>
                        <CategoryLabel category={article.category} />
                      </Tag>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {format.date(article.publishedAt ?? article.updatedAt)}
                    </Typography.Text>
                  </Flex>
                </Flex>
              </Card>
            ))}
            {search.hasMore && (
              <Flex justify="center">
                <Button onClick={() => void search.loadMore()} loading={search.loadingMore} data-testid="kb-load-more">
                  {t("loadMore")}
                </Button>
              </Flex>
            )}
          </Flex>
        )}
      </Flex>
    </Card>
  );
};
