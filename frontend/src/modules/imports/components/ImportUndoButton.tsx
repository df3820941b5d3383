import { UndoOutlined } from "@ant-design/icons";
import { App, Button, Modal, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { ImportBatchFieldsFragment } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { IMPORT_UNDO_MUTATION } from "../graphql/importUndoMutation";
import { importKindOf } from "../utils/importKinds";

/** Undo a finished import, after a dialog saying what undo does and until when it can. */
export const ImportUndoButton = ({ batch, size }: { batch: ImportBatchFieldsFragment; size?: "small" }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const [open, setOpen] = useState(false);
  // The page's messages: this button is gone once the import is undone.
  const { message: messageApi } = App.useApp();
  const errorText = useMutationErrorText();
  // The customers lists (and a customer's orders and tickets) show what the undo removed and restored.
  const context = useMemo(() => ({ additionalTypenames: ["Customer", "Order", "Ticket", "ImportBatch"] }), []);
  const [{ fetching }, undo] = useMutation(IMPORT_UNDO_MUTATION);

  const confirm = async () => {
    const result = await undo({ input: { batchId: batch.id } }, context);
    const payload = result.data?.importUndo;
    const problem = errorText({ error: result.error, payload }, t("imports.undo.failed"));
    setOpen(false);
    if (problem || !payload) {
      void messageApi.error(problem ?? t("imports.undo.failed"));
      return;
    }
    void messageApi.success(t("imports.undo.done", { removed: payload.removed, restored: payload.restored, kept: payload.kept }));
  };

  return (
    <>
      <Button size={size} icon={<UndoOutlined />} onClick={() => setOpen(true)} aria-label={t("imports.undo.named", { name: batch.filename })} data-testid="import-undo">
        {t("imports.undo.action")}
      </Button>
      <Modal
        open={open}
        title={t("imports.undo.title", { name: batch.filename })}
        onCancel={() => setOpen(false)}
        onOk={() => void confirm()}
        okText={t("imports.undo.confirm")}
        okButtonProps={{ danger: true, ...{ "data-testid": "import-undo-confirm" } }}
        cancelText={t("imports.cancel")}
        confirmLoading={fetching}
        destroyOnHidden
        data-testid="import-undo-dialog"
      >
        <Typography.Paragraph data-testid="import-undo-explained">
          {t(`imports.kinds.${importKindOf(batch.kind)}.undoExplained`, { created: batch.created, updated: batch.updated })}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t("imports.undo.until", { time: format.dateTime(batch.undoUntil) })}</Typography.Paragraph>
      </Modal>
    </>
  );
};
