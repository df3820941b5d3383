import type { ClientRect, KeyboardCoordinateGetter, UniqueIdentifier } from "@dnd-kit/core";

type Target = { id: UniqueIdentifier; rect: ClientRect };

const STEP: Record<string, 1 | -1> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * Keyboard dragging between stages: each arrow key jumps the lifted card to the next (→ ↓) or previous
 * (← ↑) drop target, in reading order (columns left to right, the closed stages top to bottom).
 */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = STEP[event.code];
  const { collisionRect, droppableRects, droppableContainers, over } = context;
  if (!step || !collisionRect) return undefined;
  event.preventDefault();
  const targets: Target[] = droppableContainers
    .getEnabled()
    .flatMap((container) => {
      const rect = droppableRects.get(container.id);
      return rect ? [{ id: container.id, rect }] : [];
    })
    .sort((a, b) => a.rect.left - b.rect.left || a.rect.top - b.rect.top);
  const centerX = collisionRect.left + collisionRect.width / 2;
  const centerY = collisionRect.top + collisionRect.height / 2;
  const currentIndex = over
    ? targets.findIndex((target) => target.id === over.id)
    : targets.findIndex(
        ({ rect }) => centerX >= rect.left && centerX <= rect.right && centerY >= rect.top && centerY <= rect.bottom,
      );
  const next = targets[currentIndex === -1 ? (step === 1 ? 0 : targets.length - 1) : currentIndex + step];
  if (!next) return currentCoordinates;
  return {
    x: next.rect.left + Math.max(0, (next.rect.width - collisionRect.width) / 2),
    y: next.rect.top + 8,
  };
};
