const low = (s: string) => s.trim().toLowerCase();

/**
 * Natural keys of what the bulk operations (bulk.ts) write: imports match records to what exists
 * by these, and import reports name records by them.
 */
export const requirementKeys = {
  requirement: (title: string) => `requirement:${low(title)}`,
  requirementSet: (name: string) => `set:${low(name)}`,
  status: (versionKey: string, requirementKey: string) => `status:${versionKey}#${requirementKey}`,
};
