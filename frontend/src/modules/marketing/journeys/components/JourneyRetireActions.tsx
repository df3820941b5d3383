import { Button, Popconfirm, Space } from "antd";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { usePermissions } from "../../../permissions/hooks/usePermissions";
import { JOURNEY_ARCHIVE_MUTATION } from "../graphql/journeyArchiveMutation";
import { JOURNEY_DELETE_MUTATION } from "../graphql/journeyDeleteMutation";
import { JOURNEY_RESTORE_MUTATION } from "../graphql/journeyRestoreMutation";
import { useProblemText } from "../utils/useProblemText";

/** What the actions need of a journey: which one, the version read, its status and whether anyone entered it. */
export type RetirableJourney = { id: string; version: number; status: string; entered: number };

export type RetireOutcome =
  | { kind: "archived" | "restored"; journey: { id: string; version: number; status: string } }
  | { kind: "deleted"; id: string };

type Props = {
  journey: RetirableJourney;
  /** Called with the problem's text when an action fails (shown inline by the caller), null when one starts. */
  onProblem: (problem: string | null) => void;
  onDone: (outcome: RetireOutcome) => void;
  size?: "small" | "middle";
  /** Prefix of the buttons' test ids (`<prefix>-archive`, `-restore`, `-delete`). */
  testId?: string;
};

/**
 * Archive (confirmed; a running journey stops), restore, and delete a journey that never ran (confirmed: it is
 * permanent). Only the actions the viewer's policy grants are shown; the server has the last word (a journey that
 * ran cannot be deleted, a stale version is a conflict) and its answer goes to `onProblem`.
 */
export const JourneyRetireActions = ({ journey, onProblem, onDone, size = "small", testId = "journey" }: Props) => {
  const { t } = useTranslation("marketingFlows");
  const permissions = usePermissions();
  const problemText = useProblemText();
  const [{ fetching: archiving }, archive] = useMutation(JOURNEY_ARCHIVE_MUTATION);
  const [{ fetching: restoring }, restore] = useMutation(JOURNEY_RESTORE_MUTATION);
  const [{ fetching: deleting }, remove] = useMutation(JOURNEY_DELETE_MUTATION);
  const inFlight = useRef(false);
  const busy = archiving || restoring || deleting;
  const input = { id: journey.id, version: journey.version };

  const run = async (action: () => Promise<RetireOutcome | string>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    onProblem(null);
    try {
      const outcome = await action();
      if (typeof outcome === "string") onProblem(outcome);
      else onDone(outcome);
    } finally {
      inFlight.current = false;
    }
  };

  const onArchive = () =>
    run(async () => {
      const result = await archive({ input });
      const payload = result.data?.journeyArchive;
      const failure = problemText({ error: result.error, payload }, t("retire.failed"));
      return failure ?? (payload?.journey ? { kind: "archived", journey: payload.journey } : t("retire.failed"));
    });
  const onRestore = () =>
    run(async () => {
      const result = await restore({ input });
      const payload = result.data?.journeyRestore;
      const failure = problemText({ error: result.error, payload }, t("retire.failed"));
      return failure ?? (payload?.journey ? { kind: "restored", journey: payload.journey } : t("retire.failed"));
    });
  const onDelete = () =>
    run(async () => {
      const result = await remove({ input });
      const payload = result.data?.journeyDelete;
      const failure = problemText({ error: result.error, payload }, t("retire.failed"));
      return failure ?? (payload?.deletedId ? { kind: "deleted", id: payload.deletedId } : t("retire.failed"));
    });

  const archived = journey.status === "ARCHIVED";
  const neverRan = journey.status === "DRAFT" && journey.entered === 0;
  return (
    <Space size={4} wrap>
      {!archived && permissions.canMutate("journeyArchive") && (
        <Popconfirm
          title={t(journey.status === "ACTIVE" ? "retire.archiveActiveConfirm" : "retire.archiveConfirm")}
          okText={t("retire.confirm")}
          cancelText={t("retire.cancel")}
          onConfirm={() => void onArchive()}
          overlayStyle={{ maxWidth: 320 }}
        >
          <Button size={size} loading={archiving} disabled={busy && !archiving} data-testid={`${testId}-archive`}>
            {t("retire.archive")}
          </Button>
        </Popconfirm>
      )}
      {archived && permissions.canMutate("journeyRestore") && (
        <Button
          size={size}
          loading={restoring}
          disabled={busy && !restoring}
          onClick={() => void onRestore()}
          data-testid={`${testId}-restore`}
        >
          {t("retire.restore")}
        </Button>
      )}
      {neverRan && permissions.canMutate("journeyDelete") && (
        <Popconfirm
          title={t("retire.deleteConfirm")}
          okText={t("retire.delete")}
          okButtonProps={{ danger: true }}
          cancelText={t("retire.cancel")}
          onConfirm={() => void onDelete()}
          overlayStyle={{ maxWidth: 320 }}
        >
          <Button size={size} danger loading={deleting} disabled={busy && !deleting} data-testid={`${testId}-delete`}>
            {t("retire.delete")}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
};
