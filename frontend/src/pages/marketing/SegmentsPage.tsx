import { PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Input, Modal, message } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";

import { SEGMENT_DELETE_MUTATION } from "../../modules/marketing/segments/segmentDeleteMutation";
import { SegmentFreezeModal } from "../../modules/marketing/segments/SegmentFreezeModal";
import { SEGMENT_LIST_QUERY } from "../../modules/marketing/segments/segmentListQuery";
import { SegmentTable } from "../../modules/marketing/segments/SegmentTable";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { CursorPager } from "../../modules/ui/components/CursorPager";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useCursorPages } from "../../modules/ui/hooks/useCursorPages";
import { useMutationErrorText } from "../../modules/ui/hooks/useFormErrors";

const PAGE_SIZE = 20;
const DELETE_CONTEXT = { additionalTypenames: ["Segment"] };

const SegmentsList = () => {
  const { t } = useTranslation("marketing");
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const pages = useCursorPages(search);
  const context = useMemo(() => ({ additionalTypenames: ["Segment"] }), []);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SEGMENT_LIST_QUERY,
    variables: {
      first: PAGE_SIZE,
      after: pages.after,
      filter: search ? { search } : null,
      withOwner: permissions.has("Segment", "owner") && permissions.has("User", "name"),
    },
    context,
  });
  const [, remove] = useMutation(SEGMENT_DELETE_MUTATION);
  const [freezing, setFreezing] = useState<{ id: string; name: string } | null>(null);
  const [messageApi, messageHolder] = message.useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const errorText = useMutationErrorText();
  // A refused delete stays on the page (a toast vanished before it was read).
  const [problem, setProblem] = useState<string | null>(null);
  const canSave = permissions.canMutate("segmentSave");

  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  const connection = data?.segments;
  return (
    <>
      {messageHolder}
      {modalHolder}
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t("segments.search")} style={{ maxWidth: 280 }} onSearch={setSearch} />
        {canSave && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate("/marketing/segments/new")} data-testid="segment-new">
            {t("segments.new")}
          </Button>
        )}
      </Flex>
      {problem && (
        <Alert type="error" showIcon role="alert" closable onClose={() => setProblem(null)} title={problem} data-testid="segment-delete-error" style={{ marginBottom: 12 }} />
      )}
      <SegmentTable
        rows={connection?.nodes ?? []}
        loading={fetching}
        onFreeze={permissions.canMutate("segmentFreeze") ? setFreezing : undefined}
        onDelete={
          permissions.canMutate("segmentDelete")
            ? (row) =>
                void modal.confirm({
                  title: t("segments.deleteConfirm", { name: row.name }),
                  okButtonProps: { danger: true, "data-testid": "segment-delete-confirm" } as never,
                  okText: t("common.delete"),
                  onOk: async () => {
                    // segmentDelete answers with the id only: name the list's type so urql refetches it.
                    const result = await remove({ input: { id: row.id, version: row.version } }, DELETE_CONTEXT);
                    const failure = errorText({ error: result.error, payload: result.data?.segmentDelete }, t("common.failed"));
                    setProblem(failure);
                    if (!failure) void messageApi.success(t("segments.deleted", { name: row.name }));
                  },
                })
            : undefined
        }
      />
      <CursorPager
        pages={pages}
        pageInfo={connection?.pageInfo ?? null}
        totalCount={connection?.totalCount ?? null}
        disabled={fetching}
        testId="segment-pager"
      />
      {freezing && (
        <SegmentFreezeModal
          segment={freezing}
          onClose={() => setFreezing(null)}
          onFrozen={(id, name) => {
            setFreezing(null);
            void messageApi.success(t("segments.frozen", { name }));
            void navigate(`/marketing/segments/${id}`);
          }}
        />
      )}
    </>
  );
};

/** /marketing/segments: the segments the viewer may see, with create, freeze and delete. */
export const SegmentsPage = SegmentsList;
