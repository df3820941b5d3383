type NamedTag = { name: string };

/**
 * The existing tags to offer while the user types: those the customer does not have yet whose name contains
 * the text (case-insensitive), by name, at most 20; the text itself (a new tag) is not among them.
 */
export const tagSuggestions = (all: readonly NamedTag[], current: readonly NamedTag[], text: string): string[] => {
  const have = new Set(current.map((tag) => tag.name));
  const needle = text.trim().toLowerCase();
  return all
    .map((tag) => tag.name)
    .filter((name) => !have.has(name) && (!needle || name.toLowerCase().includes(needle)))
    .sort((a, b) => a.localeCompare(b))
    .slice(0, 20);
};
