/**
 * A team's scorecard (PRODUCT 2): the components the team or a team below it owns, by name, each
 * with its latest version's level, what that version still misses for the next level, and its
 * scores. One page is assessed at a time; the team's components are selected with the catalog's
 * own `owner` field (sub-teams included), as `owner = "<team>"` selects them on the components page.
 */

import { componentFields } from '../catalog/component-fields.js';
import { formatComponentRef } from '../catalog/refs.js';
import { getTeam } from '../catalog/teams.js';
import { compileSql, type Expr } from '../dsl/index.js';
import type { Db } from '../platform/db.js';
import { assess, loadFacts } from './assess.js';
import type { TeamScorecard } from './contract.js';
import { levelRefOf, loadRequirementModel, type RequirementModel } from './model.js';
import { candidates, countCandidates, decodeNameCursor, nameCursor } from './shown.js';

/** `owner = "<team>"`, built as a tree so that no team name needs quoting. */
function ownedBy(team: string): Expr {
  return {
    kind: 'compare',
    field: { name: 'owner', path: [] },
    op: '=',
    value: { type: 'string', value: team },
  };
}

export async function teamScorecard(
  db: Db,
  teamName: string,
  query: { cursor?: string; limit: number },
  now: Date,
  known?: RequirementModel,
): Promise<TeamScorecard> {
  const after = decodeNameCursor(query.cursor);
  const [team, model] = await Promise.all([
    getTeam(db, teamName),
    known ?? loadRequirementModel(db),
  ]);
  const condition = compileSql(ownedBy(team.name), componentFields);
  const [rows, total] = await Promise.all([
    candidates(db, condition, undefined, { after, limit: query.limit + 1 }),
    countCandidates(db, condition),
  ]);
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const targets = page.map((p) => ({ componentId: p.candidate.id, versionId: p.versionId }));
  const facts = await loadFacts(db, model, targets, { scores: true });
  return {
    team: team.name,
    levels: model.ladder.map(levelRefOf),
    components: page.map((p, i) => {
      const assessment = assess(model, facts, targets[i]!, now);
      return {
        component: formatComponentRef(p.candidate),
        title: p.candidate.title,
        owner: p.candidate.owner,
        version: p.version,
        level: assessment.level,
        scores: assessment.scores!,
      };
    }),
    total,
    nextCursor: nameCursor(page.at(-1), more),
  };
}
