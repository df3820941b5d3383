import { Alert, App, Empty, Flex, Grid, Skeleton } from "antd";
import { lazy, Suspense, useMemo, useState, type ReactNode } from "react";
import type { Layout } from "react-grid-layout";
import { useTranslation } from "react-i18next";

import type { DashboardPage } from "../../../generated/graphql";
import { useRoleLabel } from "../../auth/hooks/useRoleLabel";
import { useCurrentViewer } from "../../auth/hooks/useCurrentViewer";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { useArrangedLayout } from "../hooks/useArrangedLayout";
import { useDashboardLayoutPublish } from "../hooks/useDashboardLayoutPublish";
import { useDashboardLayoutReset } from "../hooks/useDashboardLayoutReset";
import { useDashboardLayoutSave } from "../hooks/useDashboardLayoutSave";
import type { CatalogueEntry, LayoutWidget } from "../types";
import { addWidget, applyPositions, MAX_WIDGETS, moveWidget, offeredKinds, removeWidget, widgetInputs } from "../utils/layoutLogic";
import { LayoutToolbar } from "./LayoutToolbar";
import { PublishLayoutModal } from "./PublishLayoutModal";
import { WidgetCatalogueDrawer } from "./WidgetCatalogueDrawer";
import { WidgetFrame } from "./WidgetFrame";
import { WidgetSettingsModal } from "./WidgetSettingsModal";
import { WidgetStack } from "./WidgetStack";

/** The grid library loads with the first arranged page drawn at desktop width, never with the sign-in page. */
const WidgetGrid = lazy(() => import("./WidgetGrid").then((module) => ({ default: module.WidgetGrid })));

type ArrangeablePageProps = {
  page: DashboardPage;
  /** The page's catalogue, in default order. */
  catalogue: readonly CatalogueEntry[];
  /** Draws one widget (its content, without the customize frame). */
  renderWidget: (widget: LayoutWidget, entry: CatalogueEntry) => ReactNode;
  /** Beside the layout toolbar (e.g. the period picker). */
  extra?: ReactNode;
};

/**
 * A page whose widgets the viewer arranges: the layout in force (own, a role's, or the built-in default), and a
 * customize mode to drag, resize, add (from the catalogue of what the viewer may read), configure and remove
 * widgets, then save, cancel or reset; administrators also publish the arrangement to a role. A phone stacks the
 * widgets in one column and edits only their order and presence.
 */
const Arrangeable = ({ page, catalogue, renderWidget, extra }: ArrangeablePageProps) => {
  const { t } = useTranslation("dashboards");
  const { message } = App.useApp();
  const errorText = useMutationErrorText();
  const viewer = useCurrentViewer();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const arranged = useArrangedLayout(page, catalogue);
  const { draft, setDraft, editing } = arranged;
  const [catalogueOpen, setCatalogueOpen] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [configuring, setConfiguring] = useState<LayoutWidget | null>(null);
  const [{ fetching: saving }, save] = useDashboardLayoutSave();
  const [, reset] = useDashboardLayoutReset();
  const [{ fetching: publishing }, publish] = useDashboardLayoutPublish();
  const entries = useMemo(() => new Map(catalogue.map((entry) => [entry.kind as string, entry])), [catalogue]);
  const offered = useMemo(() => offeredKinds(catalogue, arranged.readable), [catalogue, arranged.readable]);
  const noAccess = useMemo(() => new Set(arranged.noAccess.map((widget) => widget.id)), [arranged.noAccess]);
  // Customizing shows the widgets the viewer can no longer read as placeholders; viewing hides them.
  const widgets = editing ? [...arranged.shown, ...arranged.noAccess] : arranged.shown;

  const finish = (problem: string | null, done: string) => {
    if (problem) {
      void message.error(problem);
      return;
    }
    void message.success(done);
    setDraft(null);
    arranged.refetch();
  };
  const onSave = async () => {
    if (!draft) return;
    const result = await save({ input: { page, widgets: widgetInputs(draft), version: arranged.source === "OWN" ? arranged.version : null } });
    finish(errorText({ error: result.error, payload: result.data?.dashboardLayoutSave }, t("layouts.saveFailed")), t("layouts.saved"));
  };
  const onReset = async () => {
    const result = await reset({ input: { page } });
    finish(errorText({ error: result.error, payload: result.data?.dashboardLayoutReset }, t("layouts.saveFailed")), t("layouts.resetDone"));
  };
  const roleLabel = useRoleLabel();
  const onPublish = async (role: string, version: number | null): Promise<boolean> => {
    if (!draft) return false;
    const result = await publish({ input: { page, role, version, widgets: widgetInputs(draft) } });
    const problem = errorText({ error: result.error, payload: result.data?.dashboardLayoutPublish }, t("layouts.saveFailed"));
    if (problem) {
      void message.error(problem);
      return false;
    }
    void message.success(t("layouts.published", { role: roleLabel(role) }));
    setPublishOpen(false);
    return true;
  };
  const onLayoutChange = (layout: Layout) => {
    if (editing) setDraft((current) => (current ? applyPositions(current, layout) : current));
  };
  const change = (update: (current: LayoutWidget[]) => LayoutWidget[]) => setDraft((current) => (current ? update(current) : current));

  const frame = (widget: LayoutWidget): ReactNode => {
    const entry = entries.get(widget.kind);
    if (!entry) return null;
    const content = noAccess.has(widget.id) ? null : renderWidget(widget, entry);
    if (!editing) return content;
    return (
      <WidgetFrame
        widget={widget}
        name={t(`layouts.widgets.${entry.kind}`)}
        noAccess={noAccess.has(widget.id)}
        stacked={phone}
        configurable={entry.period || entry.filters.length > 0}
        onConfigure={() => setConfiguring(widget)}
        onRemove={() => change((current) => removeWidget(current, widget.id))}
        onMove={(delta) => change((current) => moveWidget(current, widget.id, delta))}
      >
        {content}
      </WidgetFrame>
    );
  };

  if (!arranged.loaded) return <Skeleton active data-testid="layout-loading" />;
  return (
    <Flex vertical gap={16} data-testid={`layout-${page.toLowerCase()}`}>
      <Flex justify="space-between" align="center" wrap gap={16}>
        {arranged.arrangeable ? (
        <LayoutToolbar
          source={arranged.source}
          role={arranged.role}
          editing={editing}
          saving={saving}
          isAdmin={viewer.roles.includes("admin")}
          onCustomize={() => setDraft(arranged.inForce)}
          onAdd={() => setCatalogueOpen(true)}
          onSave={() => void onSave()}
          onCancel={() => setDraft(null)}
          onReset={() => void onReset()}
          onPublish={() => setPublishOpen(true)}
        />
        ) : (
          <span />
        )}
        {extra}
      </Flex>
      {editing && <Alert type="info" showIcon title={phone ? t("layouts.phoneHint") : t("layouts.editHint")} data-testid="layout-hint" />}
      {widgets.length === 0 ? (
        <Empty description={t("layouts.empty")} data-testid="layout-empty" />
      ) : phone ? (
        <WidgetStack widgets={widgets} editing={editing} renderWidget={frame} />
      ) : (
        <Suspense fallback={<Skeleton active />}>
          <WidgetGrid widgets={widgets} editing={editing} onLayoutChange={onLayoutChange} renderWidget={frame} />
        </Suspense>
      )}
      <WidgetCatalogueDrawer
        open={catalogueOpen}
        entries={offered}
        placed={new Set(widgets.map((widget) => widget.kind))}
        full={(draft?.length ?? 0) >= MAX_WIDGETS}
        onAdd={(entry) => {
          change((current) => addWidget(current, entry));
          setCatalogueOpen(false);
        }}
        onClose={() => setCatalogueOpen(false)}
      />
      <WidgetSettingsModal
        widget={configuring}
        entry={configuring ? (entries.get(configuring.kind) ?? null) : null}
        onApply={(updated) => {
          change((current) => current.map((widget) => (widget.id === updated.id ? updated : widget)));
          setConfiguring(null);
        }}
        onClose={() => setConfiguring(null)}
      />
      <PublishLayoutModal page={page} open={publishOpen} publishing={publishing} onPublish={onPublish} onClose={() => setPublishOpen(false)} />
    </Flex>
  );
};

/** The arranged page, with its own holder for messages (saved, reset, published). */
export const ArrangeablePage = (props: ArrangeablePageProps) => (
  <App component={false}>
    <Arrangeable {...props} />
  </App>
);
