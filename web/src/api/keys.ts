/** Query keys, one place: the live-update code invalidates by these prefixes. */
export const keys = {
  me: ['me'] as const,
  tokens: ['tokens'] as const,
  components: ['components'] as const,
  component: (ref: string) => ['component', ref.toLowerCase()] as const,
  history: ['history'] as const,
  graph: ['graph'] as const,
  people: ['people'] as const,
  person: (username: string) => ['person', username.toLowerCase()] as const,
  /** What a person answers for: changes with components, versions, teams and people alike. */
  responsibilities: (username: string) => ['responsibilities', username.toLowerCase()] as const,
  teams: ['teams'] as const,
  team: (name: string) => ['team', name.toLowerCase()] as const,
  reference: (list: string) => ['reference', list] as const,
  search: ['search'] as const,
};

/** `component:default/billing` -> `default/billing` */
export function componentKeyOf(ref: string): string {
  return ref.replace(/^component:/, '');
}
