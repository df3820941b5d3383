import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Input, List, Result, Skeleton, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useMutation } from "urql";

import type { KbEditorArticleFieldsFragment } from "../../generated/graphql";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { useMutationErrorText } from "../../modules/ui/hooks/useFormErrors";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { CategoryLabel } from "../../modules/service/components/CategoryLabel";
import { KbArticleEditorModal } from "../../modules/service/components/KbArticleEditorModal";
import { KB_ARTICLE_SAVE_MUTATION } from "../../modules/service/graphql/kbArticleSaveMutation";
import { KB_EDITOR_ARTICLES_QUERY } from "../../modules/service/graphql/kbEditorArticlesQuery";
import { useKbSearchQuery } from "../../modules/service/hooks/useKbSearchQuery";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

type Article = KbEditorArticleFieldsFragment;
/** The editor: closed, a new article, or one to change. */
type Editing = { article: Article | null } | null;

const StatusTag = ({ status }: { status: string }) => {
  const { t } = useTranslation("service");
  return status === "published" ? <Tag color="green">{t("kb.status.published")}</Tag> : <Tag>{t("kb.status.draft")}</Tag>;
};

/** /kb: the knowledge base for its editors (administrators, service supervisors): list, write, publish. */
const KnowledgeBaseEditor = () => {
  const { t } = useTranslation("service");
  const { message } = App.useApp();
  const format = useFormatters();
  const errorText = useMutationErrorText();
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const search = useKbSearchQuery(KB_EDITOR_ARTICLES_QUERY, query);
  const [editing, setEditing] = useState<Editing>(null);
  const [{ fetching: switching }, save] = useMutation(KB_ARTICLE_SAVE_MUTATION);

  const setPublished = async (article: Article, published: boolean) => {
    const result = await save({ input: { id: article.id, version: article.version, status: published ? "published" : "draft" } });
    const problem = errorText({ error: result.error, payload: result.data?.kbArticleSave }, t("kb.saveFailed"));
    if (problem) {
      void message.error(problem);
      search.refresh();
      return;
    }
    void message.success(t(published ? "kb.published" : "kb.unpublished", { title: article.title }));
  };

  return (
    <Flex vertical gap={16} data-testid="kb-editor-page">
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("kb.title")}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ article: null })} data-testid="kb-new">
          {t("kb.new")}
        </Button>
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <Input.Search
            key={query}
            defaultValue={query}
            allowClear
            enterButton
            placeholder={t("kb.searchPlaceholder")}
            onSearch={(value) => setParams(value.trim() ? { q: value.trim() } : {}, { replace: true })}
            style={{ maxWidth: 560 }}
            data-testid="kb-editor-search"
          />
          {search.error && search.articles.length === 0 ? (
            <RequestFailedResult error={search.error} onRetry={search.refresh} />
          ) : search.fetching && search.articles.length === 0 ? (
            <Skeleton active />
          ) : search.articles.length === 0 ? (
            <Empty description={t("kb.empty")} data-testid="kb-editor-empty" />
          ) : (
            <List
              dataSource={search.articles}
              rowKey="id"
              data-testid="kb-editor-list"
              renderItem={(article) => (
                <List.Item data-testid="kb-editor-item" data-status={article.status}>
                  <Flex vertical gap={6} style={{ width: "100%", minWidth: 0 }}>
                    <Flex gap={8} align="center" wrap>
                      <Typography.Text strong ellipsis style={{ maxWidth: "100%" }}>
                        {article.title}
                      </Typography.Text>
                      <StatusTag status={article.status} />
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
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t("kb.updated", { date: format.dateTime(article.updatedAt) })}
                    </Typography.Text>
                    <Space wrap>
                      <Button size="small" onClick={() => setEditing({ article })} data-testid="kb-edit">
                        {t("kb.edit")}
                      </Button>
                      {article.status === "published" ? (
                        <Button size="small" loading={switching} onClick={() => void setPublished(article, false)} data-testid="kb-unpublish">
                          {t("kb.unpublish")}
                        </Button>
                      ) : (
                        <Button size="small" type="primary" ghost loading={switching} onClick={() => void setPublished(article, true)} data-testid="kb-publish">
                          {t("kb.publish")}
                        </Button>
                      )}
                    </Space>
                  </Flex>
                </List.Item>
              )}
            />
          )}
          {search.hasMore && (
            <Flex justify="center">
              <Button onClick={() => void search.loadMore()} loading={search.loadingMore} data-testid="kb-editor-more">
                {t("kb.loadMore")}
              </Button>
            </Flex>
          )}
        </Flex>
      </Card>
      {editing && (
        <KbArticleEditorModal
          key={editing.article ? `${editing.article.id}:${editing.article.version}` : "new"}
          article={editing.article}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            search.refresh();
          }}
          onReload={() => {
            setEditing(null);
            search.refresh();
          }}
        />
      )}
    </Flex>
  );
};

/** /kb: only for those who may write articles. */
export const KnowledgeBasePage = () => {
  const { t } = useTranslation("service");
  const permissions = usePermissions();
  if (!permissions.canMutate("kbArticleSave") || !permissions.canQuery("kbSearch")) {
    return <Result status="403" title={t("kb.noAccess")} data-testid="kb-no-access" />;
  }
  return (
    <App component={false}>
      <KnowledgeBaseEditor />
    </App>
  );
};
