/** How a dependency type is drawn: strong solid, weak dashed, compile-time dotted. */
export function dependencyKind(type: string): 'strong' | 'weak' | 'compile_time' {
  if (type.startsWith('strong')) return 'strong';
  if (type.startsWith('weak')) return 'weak';
  return 'compile_time';
}

export const DASH: Record<ReturnType<typeof dependencyKind>, string | undefined> = {
  strong: undefined,
  weak: '6 4',
  compile_time: '1.5 3.5',
};

export const DEPENDENCY_COLORS: Record<ReturnType<typeof dependencyKind>, string> = {
  strong: 'red',
  weak: 'blue',
  compile_time: 'gray',
};

export const DEPENDENCY_HELP: Record<string, string> = {
  strong_rw: 'cannot operate without it; reads and writes',
  strong_ro: 'cannot operate without it; reads only',
  strong_wo: 'cannot operate without it; writes only',
  weak_rw: 'some functions blocked without it; reads and writes',
  weak_ro: 'some functions blocked without it; reads only',
  weak_wo: 'some functions blocked without it; writes only',
  compile_time: 'needed to build',
};
