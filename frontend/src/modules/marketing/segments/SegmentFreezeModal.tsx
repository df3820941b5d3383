import { Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { SEGMENT_FREEZE_MUTATION } from "./segmentFreezeMutation";

type SegmentFreezeModalProps = {
  segment: { id: string; name: string };
  onClose: () => void;
  onFrozen: (id: string, name: string) => void;
};

/** Freezes a segment's members as of now into a new static segment, under a name the user gives. */
export const SegmentFreezeModal = ({ segment, onClose, onFrozen }: SegmentFreezeModalProps) => {
  const { t } = useTranslation("marketing");
  const [form] = Form.useForm<{ name: string }>();
  const [{ fetching }, freeze] = useMutation(SEGMENT_FREEZE_MUTATION);
  const errors = useFormErrors(form, { fields: ["name"], failed: t("common.failed") });
  const submit = async ({ name }: { name: string }) => {
    errors.clear();
    const result = await freeze({ input: { id: segment.id, name: name.trim() } });
    const payload = errors.check({ error: result.error, payload: result.data?.segmentFreeze });
    if (payload?.segment) onFrozen(payload.segment.id, payload.segment.name);
  };
  return (
    <Modal
      open
      title={t("segments.freezeTitle")}
      okText={t("segments.freeze")}
      okButtonProps={{ loading: fetching }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <FormErrorAlert error={errors.error} testId="segment-freeze" />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: t("segments.frozenName", { name: segment.name }) }}>
        <Form.Item name="name" label={t("segments.field.name")} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
};
