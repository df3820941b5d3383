import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import { isOverdue, taskCreateInput, taskFormValues, taskUpdateInput, type EditableTask } from "../utils/taskInput";

const TASK: EditableTask = {
  id: "VGFzazox",
  version: 4,
  title: "发送报价单",
  notes: "含折扣",
  dueAt: "2026-05-01T09:00:00.000Z",
  remindAt: null,
  opportunity: { id: "T3Bw", name: "年度采购" },
};

describe("taskCreateInput", () => {
  it("sends the trimmed title, the times as ISO instants, and only what was given", () => {
    const values = { title: "  回访客户 ", dueAt: dayjs("2026-05-02T10:30:00Z"), remindAt: null, notes: "  ", opportunityId: "T3Bw" };
    expect(taskCreateInput(values, { customerId: "Q3Vz", withOpportunity: true })).toEqual({
      title: "回访客户",
      dueAt: "2026-05-02T10:30:00.000Z",
      customerId: "Q3Vz",
      opportunityId: "T3Bw",
    });
  });

  it("leaves the deal out for a viewer who may not write it", () => {
    const values = { title: "x", dueAt: dayjs("2026-05-02T10:30:00Z"), remindAt: dayjs("2026-05-02T09:30:00Z"), opportunityId: "T3Bw" };
    expect(taskCreateInput(values, { withOpportunity: false })).toEqual({
      title: "x",
      dueAt: "2026-05-02T10:30:00.000Z",
      remindAt: "2026-05-02T09:30:00.000Z",
    });
  });

  it("starts a new task due tomorrow at 9:00, for the given deal", () => {
    const values = taskFormValues(null, "T3Bw", dayjs("2026-03-01T15:20:00"));
    expect(values.dueAt?.format("YYYY-MM-DD HH:mm")).toBe("2026-03-02 09:00");
    expect(values.opportunityId).toBe("T3Bw");
  });
});

describe("taskUpdateInput", () => {
  it("is null when nothing changed, so an unchanged form sends nothing", () => {
    expect(taskUpdateInput(TASK, taskFormValues(TASK), { withOpportunity: true })).toBeNull();
  });

  it("sends only the changed fields with the version read", () => {
    const values = { ...taskFormValues(TASK), title: "发送新报价单", remindAt: dayjs("2026-05-01T08:00:00Z") };
    expect(taskUpdateInput(TASK, values, { withOpportunity: true })).toEqual({
      id: TASK.id,
      version: 4,
      title: "发送新报价单",
      remindAt: "2026-05-01T08:00:00.000Z",
    });
  });

  it("clears notes, the reminder and the deal with null", () => {
    const task = { ...TASK, remindAt: "2026-05-01T08:00:00.000Z" };
    const values = { ...taskFormValues(task), notes: "", remindAt: null, opportunityId: null };
    expect(taskUpdateInput(task, values, { withOpportunity: true })).toEqual({
      id: TASK.id,
      version: 4,
      notes: null,
      remindAt: null,
      opportunityId: null,
    });
    // Without the right to write the deal, it is never sent, even when the form holds another value.
    expect(taskUpdateInput(task, { ...taskFormValues(task), opportunityId: null }, { withOpportunity: false })).toBeNull();
  });
});

describe("isOverdue", () => {
  it("holds for open tasks due before now only", () => {
    const now = new Date("2026-05-01T10:00:00Z").getTime();
    expect(isOverdue({ dueAt: "2026-05-01T09:59:00Z", done: false }, now)).toBe(true);
    expect(isOverdue({ dueAt: "2026-05-01T09:59:00Z", done: true }, now)).toBe(false);
    expect(isOverdue({ dueAt: "2026-05-01T10:01:00Z", done: false }, now)).toBe(false);
  });
});
