import { PlusOutlined } from "@ant-design/icons";
import { App, AutoComplete, Button, Space, Tag, Typography } from "antd";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { CUSTOMER_360_TAG_MUTATION } from "../graphql/customer360TagMutation";
import { CUSTOMER_360_UNTAG_MUTATION } from "../graphql/customer360UntagMutation";
import { useCustomerFilterOptionsQuery } from "../hooks/useCustomerFilterOptionsQuery";
import { tagSuggestions } from "../utils/tagSuggestions";

type CustomerTagEditorProps = {
  customerId: string;
  tags: ReadonlyArray<{ id: string; name: string; color: string }>;
  canTag: boolean;
  canUntag: boolean;
  /** May list every tag to pick from (the `tags` query). */
  canListTags: boolean;
  onChanged: () => void;
};

/** The customer's tags: take one off, or add one (pick an existing tag or type a new one). */
export const CustomerTagEditor = ({ customerId, tags, canTag, canUntag, canListTags, onChanged }: CustomerTagEditorProps) => {
  const { t } = useTranslation("customers");
  const { message } = App.useApp();
  const errorText = useMutationErrorText();
  const [adding, setAdding] = useState(false);
  const [text, setText] = useState("");
  // Enter on a highlighted suggestion selects it; Enter on typed text adds that text, never both.
  const picked = useRef(false);
  const [{ fetching: tagging }, tag] = useMutation(CUSTOMER_360_TAG_MUTATION);
  const [{ fetching: untagging }, untag] = useMutation(CUSTOMER_360_UNTAG_MUTATION);
  const [{ data: options }] = useCustomerFilterOptionsQuery({
    withTags: adding && canListTags,
    withOwners: false,
    withProvinces: false,
    withIndustries: false,
  });
  const suggestions = useMemo(
    () => tagSuggestions(options?.tags ?? [], tags, text).map((name) => ({ value: name, label: name })),
    [options, tags, text],
  );

  const add = async (name: string) => {
    const clean = name.trim();
    if (!clean) return;
    if (tags.some((existing) => existing.name === clean)) {
      setText("");
      return;
    }
    const result = await tag({ input: { customerId, tags: [clean] } });
    const error = errorText({ error: result.error, payload: result.data?.customerTag }, t("tagEditor.failed"));
    if (error) {
      void message.error(error);
      return;
    }
    setText("");
    setAdding(false);
    onChanged();
  };

  const remove = async (name: string) => {
    const result = await untag({ input: { customerId, tags: [name] } });
    const error = errorText({ error: result.error, payload: result.data?.customerUntag }, t("tagEditor.failed"));
    if (error) void message.error(error);
    else onChanged();
  };

  return (
    <Space size={[0, 8]} wrap data-testid="customer-tags">
      {tags.length === 0 && !adding && <Typography.Text type="secondary">{t("detail.noTags")}</Typography.Text>}
      {tags.map((existing) => (
        <Tag
          key={existing.id}
          color={existing.color}
          closable={canUntag && !untagging}
          onClose={(event) => {
            event.preventDefault();
            void remove(existing.name);
          }}
          closeIcon={canUntag ? undefined : false}
          data-testid="customer-tag"
        >
          {existing.name}
        </Tag>
      ))}
      {canTag &&
        (adding ? (
          <AutoComplete
            autoFocus
            size="small"
            value={text}
            options={suggestions}
            onChange={setText}
            defaultActiveFirstOption={false}
            onSelect={(value: string) => {
              picked.current = true;
              void add(value);
            }}
            onInputKeyDown={(event) => {
              if (event.key === "Escape") setAdding(false);
              if (event.key !== "Enter") return;
              const typed = (event.target as HTMLInputElement).value;
              setTimeout(() => {
                if (!picked.current) void add(typed);
                picked.current = false;
              }, 0);
            }}
            onBlur={() => !text && setAdding(false)}
            disabled={tagging}
            placeholder={t("tagEditor.placeholder")}
            style={{ width: 160 }}
            aria-label={t("tagEditor.add")}
            data-testid="customer-tag-input"
          />
        ) : (
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="customer-tag-add">
            {t("tagEditor.add")}
          </Button>
        ))}
    </Space>
  );
};
