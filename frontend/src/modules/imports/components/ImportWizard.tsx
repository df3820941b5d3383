import { Alert, Button, Flex, Grid, Progress, Skeleton, Steps, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import type { ImportBatchFieldsFragment, ImportStrategy } from "../../../generated/graphql";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { IMPORT_FILE_QUERY } from "../graphql/importFileQuery";
import { IMPORT_PREVIEW_MUTATION } from "../graphql/importPreviewMutation";
import { IMPORT_START_MUTATION } from "../graphql/importStartMutation";
import { importSteps, nextStep, previousStep, type ImportKindKey, type ImportStep } from "../utils/importKinds";
import { mappingProblems, suggestedColumns, valueInputs, type ColumnMapping, type ValueMapping } from "../utils/importMapping";
import { ColumnsStep } from "./ColumnsStep";
import { DuplicatesStep } from "./DuplicatesStep";
import { ImportBatchResult } from "./ImportBatchResult";
import { PreviewStep, type ImportPreview } from "./PreviewStep";
import { SheetStep } from "./SheetStep";
import { UploadStep } from "./UploadStep";
import { ValuesStep } from "./ValuesStep";

type Step = ImportStep;

type WizardState = {
  batchId: string | null;
  sheet: string | null;
  columns: ColumnMapping;
  values: ValueMapping;
  strategy: ImportStrategy;
  createSimilar: boolean;
};

const START: WizardState = { batchId: null, sheet: null, columns: {}, values: {}, strategy: "SKIP", createSimilar: false };

type ImportWizardProps = {
  /** What the file holds; chosen on the upload step (a new kind starts the wizard over). */
  kind: ImportKindKey;
  onKind: (kind: ImportKindKey) => void;
  /** The viewer's imports as the page follows them (the run step shows the one started here). */
  batches: readonly ImportBatchFieldsFragment[];
};

/**
 * The import of a file of customers, orders or tickets, step by step: upload (with the kind), sheet, columns,
 * values, duplicates (customers only: orders and tickets are created, or updated by their external id), preview,
 * run.
 */
export const ImportWizard = ({ kind, onKind, batches }: ImportWizardProps) => {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const errorText = useMutationErrorText();
  const [step, setStep] = useState<Step>("upload");
  const [state, setState] = useState<WizardState>(START);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [started, setStarted] = useState<ImportBatchFieldsFragment | null>(null);
  // Another kind (chosen on the upload step, or a link to the page with ?kind=) starts over.
  const [shownKind, setShownKind] = useState(kind);
  if (shownKind !== kind) {
    setShownKind(kind);
    setState(START);
    setPreview(null);
    setStarted(null);
    setProblem(null);
    setStep("upload");
  }
  const [{ data, error, fetching: loading }, reloadFile] = useQuery({
    query: IMPORT_FILE_QUERY,
    variables: { batchId: state.batchId ?? "" },
    pause: state.batchId == null,
  });
  const [{ fetching: previewing }, runPreview] = useMutation(IMPORT_PREVIEW_MUTATION);
  const [{ fetching: starting }, start] = useMutation(IMPORT_START_MUTATION);

  const file = data?.importFile;
  const sheet = file?.sheets.find((s) => s.name === state.sheet) ?? file?.sheets[0] ?? null;
  const steps = importSteps(kind);
  const index = steps.indexOf(step);
  const following = nextStep(kind, step);
  const go = (next: Step) => {
    setProblem(null);
    setStep(next);
  };
  const update = (changes: Partial<WizardState>) => setState((current) => ({ ...current, ...changes }));

  const chooseSheet = () => {
    if (!sheet) return;
    // A sheet chosen anew starts from its suggested columns; going back and on keeps the mapping.
    if (state.sheet !== sheet.name || Object.keys(state.columns).length === 0) update({ sheet: sheet.name, columns: suggestedColumns(sheet), values: {} });
    go("columns");
  };

  const askPreview = async () => {
    if (!state.batchId || !sheet) return;
    setProblem(null);
    const input = {
      batchId: state.batchId,
      sheet: sheet.name,
      columns: sheet.headers.map((header) => ({ header, target: state.columns[header] ?? null })),
      values: valueInputs(state.columns, state.values),
      // Only customers have a duplicate strategy: orders and tickets are created, or updated by their external id.
      ...(steps.includes("duplicates") ? { strategy: state.strategy, createSimilar: state.createSimilar } : {}),
    };
    const result = await runPreview({ input });
    const payload = result.data?.importPreview;
    const refused = errorText({ error: result.error, payload }, t("imports.preview.failed"));
    if (refused || !payload) {
      setProblem(refused ?? t("imports.preview.failed"));
      return;
    }
    setPreview(payload);
    go("preview");
  };

  const run = async () => {
    if (!state.batchId) return;
    setProblem(null);
    const result = await start({ input: { batchId: state.batchId } }, { additionalTypenames: ["ImportBatch", "Customer", "Order", "Ticket"] });
    const payload = result.data?.importStart;
    const refused = errorText({ error: result.error, payload }, t("imports.run.startFailed"));
    if (refused || !payload?.batch) {
      setProblem(refused ?? t("imports.run.startFailed"));
      return;
    }
    setStarted(payload.batch);
    go("run");
  };

  const again = () => {
    setState(START);
    setPreview(null);
    setStarted(null);
    go("upload");
  };

  const mapping = file ? mappingProblems(state.columns, file.targets) : { missing: [], twice: [] };
  const followed = started ? (batches.find((batch) => batch.id === started.id) ?? started) : null;

  const body = () => {
    if (step === "upload")
      return (
        <UploadStep
          kind={kind}
          onKind={onKind}
          onUploaded={(batchId) => {
            setState({ ...START, batchId });
            go("sheet");
          }}
        />
      );
    if (step === "run") return followed && <ImportBatchResult batch={followed} />;
    if (error && !file) return <RequestFailedResult error={error} onRetry={() => reloadFile({ requestPolicy: "network-only" })} />;
    if (!file || !sheet || loading) return <Skeleton active paragraph={{ rows: 4 }} />;
    if (step === "sheet") return <SheetStep file={file} sheet={sheet.name} onSheet={(name) => update({ sheet: name })} />;
    if (step === "columns")
      return (
        <ColumnsStep
          kind={kind}
          sheet={sheet}
          targets={file.targets}
          columns={state.columns}
          values={state.values}
          onChange={(columns, values) => update(values ? { columns, values } : { columns })}
        />
      );
    if (step === "values") return <ValuesStep kind={kind} sheet={sheet} columns={state.columns} values={state.values} onChange={(values) => update({ values })} />;
    if (step === "duplicates")
      return <DuplicatesStep strategy={state.strategy} createSimilar={state.createSimilar} onChange={(strategy, createSimilar) => update({ strategy, createSimilar })} />;
    return preview && <PreviewStep kind={kind} preview={preview} />;
  };

  const previous = previousStep(kind, step);
  const next = () => {
    if (step === "sheet") chooseSheet();
    else if (step === "preview") void run();
    else if (following === "preview") void askPreview();
    else if (following) go(following);
  };
  const nextLabel = step === "preview" ? t("imports.preview.run") : following === "preview" ? t("imports.duplicates.preview") : t("imports.next");
  const blocked = step === "columns" && (mapping.missing.length > 0 || mapping.twice.length > 0);
  const titles = steps.map((name) => t(`imports.steps.${name}`));

  return (
    <Flex vertical gap={24} data-testid="import-wizard" data-step={step} data-kind={kind}>
      {screens.md ? (
        <Steps size="small" current={index} items={titles.map((title) => ({ title }))} aria-label={t("imports.stepsLabel")} />
      ) : (
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t("imports.stepOf", { step: index + 1, total: steps.length })}</Typography.Text>
          <Progress percent={Math.round(((index + 1) / steps.length) * 100)} showInfo={false} aria-hidden size="small" />
        </Flex>
      )}
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="import-step-title">
        {titles[index]}
      </Typography.Title>
      {body()}
      {problem && <Alert type="error" showIcon role="alert" title={problem} data-testid="import-problem-alert" />}
      {step !== "upload" && (
        <Flex gap={8} justify="space-between" wrap>
          {previous ? (
            <Button onClick={() => go(previous)} data-testid="import-back">
              {t("imports.back")}
            </Button>
          ) : (
            <span />
          )}
          {step === "run" ? (
            <Button onClick={again} data-testid="import-again">
              {t("imports.run.again")}
            </Button>
          ) : (
            <Button type="primary" onClick={next} disabled={blocked || !file} loading={previewing || starting} data-testid="import-next">
              {nextLabel}
            </Button>
          )}
        </Flex>
      )}
      {step === "preview" && <Typography.Text type="secondary">{t("imports.preview.runHint")}</Typography.Text>}
    </Flex>
  );
};
