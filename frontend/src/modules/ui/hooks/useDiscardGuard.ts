import { App, type ButtonProps, type FormInstance } from "antd";
import { useTranslation } from "react-i18next";

type DiscardGuardOptions = {
  /** The test id of the confirm dialog's "discard" button. */
  testId: string;
  /** What will be lost, when the title alone does not say. */
  body?: string;
};

/**
 * The one way an edit form closes: at once when nothing was touched, otherwise after the person confirms that
 * the unsaved edits may be discarded. Returns the handler for the modal's cancel (close, Esc, mask click).
 */
export const useDiscardGuard = (form: FormInstance, onClose: () => void, { testId, body }: DiscardGuardOptions) => {
  const { t } = useTranslation("common");
  const { modal } = App.useApp();
  return () => {
    if (!form.isFieldsTouched()) {
      onClose();
      return;
    }
    modal.confirm({
      title: t("discardChanges.title"),
      content: body,
      okText: t("discardChanges.discard"),
      okButtonProps: { danger: true, "data-testid": testId } as ButtonProps,
      cancelText: t("discardChanges.keepEditing"),
      onOk: onClose,
    });
  };
};
