import { App, Form, Input, Modal, Select, Switch, Tabs } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { KbEditorArticleFieldsFragment } from "../../../generated/graphql";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { KB_ARTICLE_SAVE_MUTATION } from "../graphql/kbArticleSaveMutation";
import { isKnownCategory, KNOWN_CATEGORIES } from "../utils/ticketStatuses";
import { SafeMarkdown } from "./SafeMarkdown";

type ArticleValues = {
  title: string;
  category?: string;
  tags: string[];
  body: string;
  published: boolean;
};

const FIELDS = ["title", "category", "tags", "body"] as const;
const SAVE_TEST_ID = { "data-testid": "kb-editor-save" };

type KbArticleEditorModalProps = {
  /** The article to change; null writes a new one. */
  article: KbEditorArticleFieldsFragment | null;
  onClose: () => void;
  /** After a save, with the article as it is now. */
  onSaved: (article: KbEditorArticleFieldsFragment) => void;
  /** After a conflict: load the article again. */
  onReload: () => void;
};

/** Write or change a knowledge-base article: title, category, tags, Markdown body (with a preview), published. */
export const KbArticleEditorModal = ({ article, onClose, onSaved, onReload }: KbArticleEditorModalProps) => {
  const { t } = useTranslation(["service", "common"]);
  const { message } = App.useApp();
  const [form] = Form.useForm<ArticleValues>();
  const [preview, setPreview] = useState("");
  const [{ fetching }, save] = useMutation(KB_ARTICLE_SAVE_MUTATION);
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("kb.saveFailed") });

  const submit = async (values: ArticleValues) => {
    formErrors.clear();
    const result = await save({
      input: {
        id: article?.id ?? null,
        version: article?.version ?? null,
        title: values.title.trim(),
        category: values.category ?? "",
        tags: values.tags,
        body: values.body,
        status: values.published ? "published" : "draft",
      },
    });
    const payload = formErrors.check({ error: result.error, payload: result.data?.kbArticleSave });
    if (!payload?.article) return;
    void message.success(t(values.published ? "kb.savedPublished" : "kb.savedDraft", { title: payload.article.title }));
    onSaved(payload.article);
  };

  // The desk's categories, and an article's own when it has another one.
  const categories: string[] = [...KNOWN_CATEGORIES];
  if (article?.category && !categories.includes(article.category)) categories.push(article.category);
  const categoryOptions = categories.map((category) => ({
    value: category,
    label: isKnownCategory(category) ? t(`category.${category}`) : category,
  }));

  return (
    <Modal
      open
      width={880}
      title={article ? t("kb.editTitle") : t("kb.newTitle")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      okButtonProps={{ loading: fetching, ...SAVE_TEST_ID }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} onReload={onReload} testId="kb-editor" />
      <Form<ArticleValues>
        form={form}
        layout="vertical"
        initialValues={{
          title: article?.title ?? "",
          category: article?.category ?? undefined,
          tags: article?.tags ?? [],
          body: article?.body ?? "",
          published: article ? article.status === "published" : false,
        }}
        onFinish={(values) => void submit(values)}
        onValuesChange={formErrors.clear}
        disabled={fetching}
        data-testid="kb-editor"
      >
        <Form.Item<ArticleValues>
          name="title"
          label={t("kb.fields.title")}
          rules={[{ required: true, whitespace: true, message: t("kb.titleRequired") }]}
        >
          <Input maxLength={300} data-testid="kb-editor-title" />
        </Form.Item>
        <Form.Item<ArticleValues> name="category" label={t("kb.fields.category")}>
          <Select
            options={categoryOptions}
            allowClear
            placeholder={t("kb.categoryPlaceholder")}
            data-testid="kb-editor-category"
          />
        </Form.Item>
        <Form.Item<ArticleValues> name="tags" label={t("kb.fields.tags")}>
          <Select mode="tags" open={false} tokenSeparators={[",", "，"]} placeholder={t("kb.tagsPlaceholder")} data-testid="kb-editor-tags" />
        </Form.Item>
        <Tabs
          size="small"
          onChange={(key) => {
            if (key === "preview") setPreview(String(form.getFieldValue("body") ?? ""));
          }}
          items={[
            {
              key: "write",
              label: t("kb.write"),
              forceRender: true,
              children: (
                <Form.Item<ArticleValues>
                  name="body"
                  label={t("kb.fields.body")}
                  extra={t("kb.markdownHint")}
                  rules={[{ required: true, whitespace: true, message: t("kb.bodyRequired") }]}
                >
                  <Input.TextArea autoSize={{ minRows: 8, maxRows: 24 }} data-testid="kb-editor-body" />
                </Form.Item>
              ),
            },
            {
              key: "preview",
              label: t("kb.preview"),
              children: preview.trim() ? <SafeMarkdown source={preview} /> : <span>{t("kb.previewEmpty")}</span>,
            },
          ]}
        />
        <Form.Item<ArticleValues> name="published" label={t("kb.fields.published")} valuePropName="checked" extra={t("kb.publishedHint")}>
          <Switch data-testid="kb-editor-published" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
