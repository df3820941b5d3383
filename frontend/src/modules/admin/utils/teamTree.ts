export type TeamLike = { id: string; name: string; parent: { id: string } | null };

export type TeamTreeNode<T extends TeamLike> = { team: T; children: Array<TeamTreeNode<T>> };

/** Teams arranged under their parents (a team whose parent is unknown sits at the top). */
export const buildTeamTree = <T extends TeamLike>(teams: readonly T[]): Array<TeamTreeNode<T>> => {
  const nodes = new Map<string, TeamTreeNode<T>>(teams.map((team) => [team.id, { team, children: [] }]));
  const roots: Array<TeamTreeNode<T>> = [];
  for (const team of teams) {
    const node = nodes.get(team.id);
    if (!node) continue;
    const parent = team.parent ? nodes.get(team.parent.id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
};

/** The ids of a team and every team below it (a team cannot move under any of them). */
export const subtreeIds = (teams: readonly TeamLike[], rootId: string): Set<string> => {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of teams) {
      if (team.parent && ids.has(team.parent.id) && !ids.has(team.id)) {
        ids.add(team.id);
        grew = true;
      }
    }
  }
  return ids;
};
