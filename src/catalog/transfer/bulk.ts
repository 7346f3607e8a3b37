// Requirements and the radar still plan in transfer until they move into their modules' bulk
// operations; they write through these, which live in the platform.
export { changedFields } from '../../platform/audit/service.js';
export { insertMany } from '../../platform/bulk-insert.js';
