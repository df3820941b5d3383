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
import { mappingProblems, suggestedColumns, valueInputs, type ColumnMapping, type ValueMapping } from "../utils/importMapping";
import { ColumnsStep } from "./ColumnsStep";
import { DuplicatesStep } from "./DuplicatesStep";
import { ImportBatchResult } from "./ImportBatchResult";
import { PreviewStep, type ImportPreview } from "./PreviewStep";
import { SheetStep } from "./SheetStep";
import { UploadStep } from "./UploadStep";
import { ValuesStep } from "./ValuesStep";

const STEPS = ["upload", "sheet", "columns", "values", "duplicates", "preview", "run"] as const;
type Step = (typeof STEPS)[number];

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
  /** The viewer's imports as the page follows them (the run step shows the one started here). */
  batches: readonly ImportBatchFieldsFragment[];
};

/** The import of a customers file, step by step: upload, sheet, columns, values, duplicates, preview, run. */
export const ImportWizard = ({ batches }: ImportWizardProps) => {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const errorText = useMutationErrorText();
  const [step, setStep] = useState<Step>("upload");
  const [state, setState] = useState<WizardState>(START);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [started, setStarted] = useState<ImportBatchFieldsFragment | null>(null);
  const [{ data, error, fetching: loading }, reloadFile] = useQuery({
    query: IMPORT_FILE_QUERY,
    variables: { batchId: state.batchId ?? "" },
    pause: state.batchId == null,
  });
  const [{ fetching: previewing }, runPreview] = useMutation(IMPORT_PREVIEW_MUTATION);
  const [{ fetching: starting }, start] = useMutation(IMPORT_START_MUTATION);

  const file = data?.importFile;
  const sheet = file?.sheets.find((s) => s.name === state.sheet) ?? file?.sheets[0] ?? null;
  const index = STEPS.indexOf(step);
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
      strategy: state.strategy,
      createSimilar: state.createSimilar,
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
    const result = await start({ input: { batchId: state.batchId } }, { additionalTypenames: ["ImportBatch", "Customer"] });
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
  const following = started ? (batches.find((batch) => batch.id === started.id) ?? started) : null;

  const body = () => {
    if (step === "upload") return <UploadStep onUploaded={(batchId) => { setState({ ...START, batchId }); go("sheet"); }} />;
    if (step === "run") return following && <ImportBatchResult batch={following} />;
    if (error && !file) return <RequestFailedResult error={error} onRetry={() => reloadFile({ requestPolicy: "network-only" })} />;
    if (!file || !sheet || loading) return <Skeleton active paragraph={{ rows: 4 }} />;
    if (step === "sheet") return <SheetStep file={file} sheet={sheet.name} onSheet={(name) => update({ sheet: name })} />;
    if (step === "columns")
      return (
        <ColumnsStep
          sheet={sheet}
          targets={file.targets}
          columns={state.columns}
          values={state.values}
          onChange={(columns, values) => update(values ? { columns, values } : { columns })}
        />
      );
    if (step === "values") return <ValuesStep sheet={sheet} columns={state.columns} values={state.values} onChange={(values) => update({ values })} />;
    if (step === "duplicates")
      return <DuplicatesStep strategy={state.strategy} createSimilar={state.createSimilar} onChange={(strategy, createSimilar) => update({ strategy, createSimilar })} />;
    return preview && <PreviewStep preview={preview} />;
  };

  const back: Partial<Record<Step, Step>> = { sheet: "upload", columns: "sheet", values: "columns", duplicates: "values", preview: "duplicates" };
  const previous = back[step];
  const next = () => {
    if (step === "sheet") chooseSheet();
    else if (step === "columns") go("values");
    else if (step === "values") go("duplicates");
    else if (step === "duplicates") void askPreview();
    else if (step === "preview") void run();
  };
  const nextLabel: Partial<Record<Step, string>> = {
    sheet: t("imports.next"),
    columns: t("imports.next"),
    values: t("imports.next"),
    duplicates: t("imports.duplicates.preview"),
    preview: t("imports.preview.run"),
  };
  const blocked = step === "columns" && (mapping.missing.length > 0 || mapping.twice.length > 0);
  const titles = STEPS.map((name) => t(`imports.steps.${name}`));

  return (
    <Flex vertical gap={24} data-testid="import-wizard" data-step={step}>
      {screens.md ? (
        <Steps size="small" current={index} items={titles.map((title) => ({ title }))} aria-label={t("imports.stepsLabel")} />
      ) : (
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t("imports.stepOf", { step: index + 1, total: STEPS.length })}</Typography.Text>
          <Progress percent={Math.round(((index + 1) / STEPS.length) * 100)} showInfo={false} aria-hidden size="small" />
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
              {nextLabel[step]}
            </Button>
          )}
        </Flex>
      )}
      {step === "preview" && <Typography.Text type="secondary">{t("imports.preview.runHint")}</Typography.Text>}
    </Flex>
  );
};
