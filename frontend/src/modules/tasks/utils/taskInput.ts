import dayjs, { type Dayjs } from "dayjs";

import type { TaskCreateInput, TaskUpdateInput } from "../../../generated/graphql";

/** What the task form holds. */
export type TaskFormValues = {
  title: string;
  dueAt: Dayjs | null;
  remindAt?: Dayjs | null;
  notes?: string | null;
  opportunityId?: string | null;
};

/** A task as the form edits it. */
export type EditableTask = {
  id: string;
  version: number;
  title: string;
  notes: string | null;
  dueAt: string;
  remindAt: string | null;
  opportunity?: { id: string; name?: string } | null;
};

const iso = (value: Dayjs | string | null | undefined): string | null => (value ? dayjs(value).toISOString() : null);
const text = (value: string | null | undefined): string | null => value?.trim() || null;

/** The form's starting values for a task (a new one is due tomorrow at 9:00). */
export const taskFormValues = (task: EditableTask | null, opportunityId: string | null = null, now: Dayjs = dayjs()): TaskFormValues =>
  task
    ? {
        title: task.title,
        dueAt: dayjs(task.dueAt),
        remindAt: task.remindAt ? dayjs(task.remindAt) : null,
        notes: task.notes,
        opportunityId: task.opportunity?.id ?? null,
      }
    : { title: "", dueAt: now.add(1, "day").hour(9).minute(0).second(0).millisecond(0), remindAt: null, notes: null, opportunityId };

type Relations = { customerId?: string | null; withOpportunity: boolean };

/** The taskCreate input: a task about the customer (and, when picked and allowed, one of its deals). */
export const taskCreateInput = (values: TaskFormValues, { customerId = null, withOpportunity }: Relations): TaskCreateInput => {
  const input: TaskCreateInput = { title: values.title.trim(), dueAt: iso(values.dueAt) ?? "" };
  if (customerId) input.customerId = customerId;
  const remindAt = iso(values.remindAt);
  if (remindAt) input.remindAt = remindAt;
  const notes = text(values.notes);
  if (notes) input.notes = notes;
  if (withOpportunity && values.opportunityId) input.opportunityId = values.opportunityId;
  return input;
};

/**
 * The taskUpdate input with only what changed (and the version read), or null when nothing did: an unchanged
 * field is never sent, so it cannot overwrite someone else's change to it.
 */
export const taskUpdateInput = (task: EditableTask, values: TaskFormValues, { withOpportunity }: { withOpportunity: boolean }): TaskUpdateInput | null => {
  const input: TaskUpdateInput = { id: task.id, version: task.version };
  let changed = false;
  const title = values.title.trim();
  if (title && title !== task.title) {
    input.title = title;
    changed = true;
  }
  const dueAt = iso(values.dueAt);
  if (dueAt && dueAt !== iso(task.dueAt)) {
    input.dueAt = dueAt;
    changed = true;
  }
  const remindAt = iso(values.remindAt);
  if (remindAt !== iso(task.remindAt)) {
    input.remindAt = remindAt;
    changed = true;
  }
  const notes = text(values.notes);
  if (notes !== text(task.notes)) {
    input.notes = notes;
    changed = true;
  }
  if (withOpportunity) {
    const opportunityId = values.opportunityId || null;
    if (opportunityId !== (task.opportunity?.id ?? null)) {
      input.opportunityId = opportunityId;
      changed = true;
    }
  }
  return changed ? input : null;
};

/** Overdue: open and due before `now`. */
export const isOverdue = (task: { done?: boolean; dueAt: string }, now: number): boolean => !task.done && new Date(task.dueAt).getTime() < now;
