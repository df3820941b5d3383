import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { COUNT_SLOTS, useCountSlot } from "../countSlots";

describe("useCountSlot", () => {
  it("lets a few counts run at once and the next one in as each finishes or goes away", () => {
    const hooks = Array.from({ length: COUNT_SLOTS + 2 }, () => renderHook(() => useCountSlot()));
    const granted = () => hooks.map((hook) => hook.result.current.granted);
    expect(granted()).toEqual([true, true, true, false, false]);

    act(() => hooks[0]!.result.current.done());
    expect(granted()).toEqual([true, true, true, true, false]);
    act(() => hooks[0]!.result.current.done()); // giving a slot back twice frees one slot, not two
    expect(granted()).toEqual([true, true, true, true, false]);

    act(() => hooks[1]!.unmount()); // a row that goes away (a page turned) gives its slot back
    expect(hooks[4]!.result.current.granted).toBe(true);
    for (const hook of hooks.slice(2)) act(() => hook.unmount());

    const again = Array.from({ length: COUNT_SLOTS + 1 }, () => renderHook(() => useCountSlot()));
    expect(again.map((hook) => hook.result.current.granted)).toEqual([true, true, true, false]);
    for (const hook of again) act(() => hook.unmount());
  });
});
