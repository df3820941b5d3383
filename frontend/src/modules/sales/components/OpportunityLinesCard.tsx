import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Flex, InputNumber, Select, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import { useFormatters } from "../../format/hooks/useFormatters";
import { mutationProblem } from "../../graphql/errors/mutationProblem";
import { MAX_AMOUNT } from "../constants/salesPageSizes";
import { OPPORTUNITY_LINES_SET_MUTATION } from "../graphql/opportunityLinesSetMutation";
import { SALES_PRODUCTS_QUERY } from "../graphql/salesProductsQuery";
import {
  draftsOf,
  lineAmount,
  linesChanged,
  linesComplete,
  linesInput,
  linesTotal,
  type LineDraft,
  type SavedLine,
} from "../utils/opportunityLines";

type OpportunityLinesCardProps = {
  opportunity: { id: string; version: number };
  lines: readonly (SavedLine & { product?: { id: string; name: string; sku: string; unitPrice: string; active: boolean } | null })[];
  /** The viewer may change the lines (and the deal is open). */
  editable: boolean;
  /** May search the catalogue. */
  canSearchProducts: boolean;
  onChanged: () => void;
};

let nextKey = 0;
const newKey = () => `new-${(nextKey += 1)}`;

/**
 * The products on the deal: product, quantity and agreed unit price per line, and their total, which becomes
 * the deal's amount when saved. Saving replaces every line at once, at the version read.
 */
export const OpportunityLinesCard = ({ opportunity, lines, editable, canSearchProducts, onChanged }: OpportunityLinesCardProps) => {
  const { t } = useTranslation("sales");
  const { message } = App.useApp();
  const format = useFormatters();
  const [drafts, setDrafts] = useState<LineDraft[]>(() => draftsOf(lines));
  const [search, setSearch] = useState("");
  const [problem, setProblem] = useState<{ kind: "conflict" } | { kind: "message"; text: string } | null>(null);
  const [{ data: catalogue }] = useQuery({ query: SALES_PRODUCTS_QUERY, variables: { search: search || null }, pause: !editable || !canSearchProducts });
  const [{ fetching: saving }, setLines] = useMutation(OPPORTUNITY_LINES_SET_MUTATION);
  const products = useMemo(() => {
    const known = new Map<string, { id: string; name: string; sku: string; unitPrice: string }>();
    for (const line of lines) if (line.product) known.set(line.product.id, line.product);
    for (const product of catalogue?.products ?? []) known.set(product.id, product);
    return [...known.values()];
  }, [catalogue, lines]);
  const changed = linesChanged(lines, drafts);

  const update = (key: string, patch: Partial<LineDraft>) => {
    setProblem(null);
    setDrafts((rows) => rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  };
  const pick = (key: string, productId: string) => {
    const product = products.find((candidate) => candidate.id === productId);
    update(key, { productId, name: product?.name ?? "", unitPrice: product?.unitPrice ?? null });
  };

  const save = async () => {
    setProblem(null);
    const result = await setLines({ input: { id: opportunity.id, version: opportunity.version, lines: linesInput(drafts) } });
    const found = mutationProblem({ error: result.error, payload: result.data?.opportunityLinesSet });
    if (found?.kind === "conflict") setProblem({ kind: "conflict" });
    else if (found?.kind === "userErrors") setProblem({ kind: "message", text: found.userErrors.map((e) => e.message).join(" ") });
    else if (found?.kind === "forbidden") setProblem({ kind: "message", text: t("opportunityDetail.forbidden") });
    else if (found) setProblem({ kind: "message", text: found.message ?? t("opportunityDetail.linesFailed") });
    else {
      void message.success(t("opportunityDetail.linesSaved"));
      onChanged();
    }
  };

  const total = linesTotal(drafts);
  return (
    <Card title={t("opportunityDetail.lines")} size="small" data-testid="opportunity-lines">
      {problem?.kind === "conflict" && (
        <Alert
          type="warning"
          showIcon
          title={t("opportunityDetail.changedElsewhere")}
          action={
            <Button size="small" onClick={onChanged} data-testid="opportunity-lines-reload">
              {t("opportunityDetail.reload")}
            </Button>
          }
          style={{ marginBottom: 12 }}
          data-testid="opportunity-lines-conflict"
        />
      )}
      {problem?.kind === "message" && <Alert type="error" showIcon title={problem.text} style={{ marginBottom: 12 }} data-testid="opportunity-lines-error" />}
      {drafts.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("opportunityDetail.noLines")} />}
      {drafts.map((draft) => {
        const amount = lineAmount(draft);
        return (
          <Flex key={draft.key} gap={8} wrap align="center" style={{ paddingBlock: 6, borderBottom: "1px solid rgba(5, 5, 5, 0.06)" }} data-testid="opportunity-line">
            {editable ? (
              <>
                <Select
                  showSearch={{ filterOption: false, onSearch: setSearch }}
                  value={draft.productId}
                  onChange={(value: string) => pick(draft.key, value)}
                  placeholder={t("opportunityDetail.product")}
                  options={products.map((product) => ({ value: product.id, label: `${product.name} · ${product.sku}` }))}
                  notFoundContent={draft.productId === null && draft.name ? draft.name : undefined}
                  style={{ flex: "2 1 200px", minWidth: 0 }}
                  aria-label={t("opportunityDetail.product")}
                  data-testid="line-product"
                />
                <InputNumber
                  min={1}
                  max={1_000_000}
                  precision={0}
                  value={draft.quantity}
                  onChange={(value) => update(draft.key, { quantity: value })}
                  aria-label={t("opportunityDetail.quantity")}
                  prefix="×"
                  style={{ flex: "1 1 90px" }}
                  data-testid="line-quantity"
                />
                <InputNumber<string>
                  stringMode
                  min="0"
                  max={MAX_AMOUNT}
                  precision={2}
                  prefix="¥"
                  value={draft.unitPrice}
                  onChange={(value) => update(draft.key, { unitPrice: value })}
                  aria-label={t("opportunityDetail.unitPrice")}
                  style={{ flex: "1 1 120px" }}
                  data-testid="line-unit-price"
                />
              </>
            ) : (
              <Typography.Text style={{ flex: "2 1 200px" }}>
                {draft.name} × {draft.quantity} @ {format.money(draft.unitPrice)}
              </Typography.Text>
            )}
            <Typography.Text strong style={{ flex: "1 1 100px", textAlign: "right" }} data-testid="line-amount">
              {format.money(amount)}
            </Typography.Text>
            {editable && (
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t("opportunityDetail.removeLine")}
                onClick={() => setDrafts((rows) => rows.filter((row) => row.key !== draft.key))}
                data-testid="line-remove"
              />
            )}
          </Flex>
        );
      })}
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
        {editable ? (
          <Button
            icon={<PlusOutlined />}
            onClick={() => setDrafts((rows) => [...rows, { key: newKey(), productId: null, name: "", quantity: 1, unitPrice: null }])}
            data-testid="line-add"
          >
            {t("opportunityDetail.addLine")}
          </Button>
        ) : (
          <span />
        )}
        <Space wrap>
          <Typography.Text>
            {t("opportunityDetail.linesTotal")}{" "}
            <Typography.Text strong data-testid="lines-total">
              {format.money(total)}
            </Typography.Text>
          </Typography.Text>
          {editable && changed && (
            <>
              <Button onClick={() => setDrafts(draftsOf(lines))} disabled={saving} data-testid="lines-revert">
                {t("opportunityDetail.revert")}
              </Button>
              <Button type="primary" onClick={() => void save()} loading={saving} disabled={!linesComplete(drafts)} data-testid="lines-save">
                {t("opportunityDetail.saveLines")}
              </Button>
            </>
          )}
        </Space>
      </Flex>
      {editable && changed && drafts.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t("opportunityDetail.linesHint")}
        </Typography.Paragraph>
      )}
    </Card>
  );
};
