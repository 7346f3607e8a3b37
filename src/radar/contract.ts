import { z } from 'zod';
import { OptionalLinkUrl } from '../catalog/contract.js';

/**
 * API shapes of the tech radar (PRODUCT 3), shared by the routes, the OpenAPI document, the web
 * client and the bulk operations of importers. Quadrants and rings are named by their names
 * (unique ignoring case) wherever an entry points at them, so a file and a form say the same.
 */

/** How an entry moved, derived from its timeline (see moved.ts). */
export const MOVES = ['new', 'in', 'out', 'unchanged'] as const;
export type Move = (typeof MOVES)[number];

/** An entry whose first point is at most this many days old is new (`?newDays=` overrides). */
export const DEFAULT_NEW_DAYS = 90;

/** What an entry may stand for in the catalog. */
export const LINK_KINDS = ['language', 'framework', 'database', 'component'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
/** The reference list behind each kind of link, except components. */
export const LINK_LISTS = {
  language: 'languages',
  framework: 'frameworks',
  database: 'databases',
} as const;

const Name = z.string().trim().min(1).max(200);
const Description = z.string().max(10_000);
const Color = z
  .string()
  .trim()
  .max(40)
  .regex(/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|)$/, 'a CSS colour: #rgb, #rrggbb or a colour name');

export const QuadrantInput = z.strictObject({
  name: Name,
  position: z.number().int().min(0).max(1000).optional().describe('display order, 0 first'),
  description: Description.optional(),
});
export const QuadrantPatch = QuadrantInput.partial();
export type QuadrantInput = z.output<typeof QuadrantInput>;
export type QuadrantPatch = z.output<typeof QuadrantPatch>;

export const RingInput = QuadrantInput.extend({
  position: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe('0 is the innermost ring; the outermost ring is the Hold ring'),
  color: Color.optional(),
});
export const RingPatch = RingInput.partial();
export type RingInput = z.output<typeof RingInput>;
export type RingPatch = z.output<typeof RingPatch>;

export const Quadrant = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number(),
  description: z.string(),
});
export type Quadrant = z.infer<typeof Quadrant>;
export const Ring = Quadrant.extend({
  color: z.string(),
  hold: z.boolean().describe('the outermost ring: components using its entries are flagged'),
});
export type Ring = z.infer<typeof Ring>;

const PointDate = z.iso.datetime({ offset: true }).describe('ISO 8601; default now');

export const TimelinePointInput = z.strictObject({
  ring: Name.describe('the ring name'),
  date: PointDate.optional(),
  note: Description.default(''),
});
export type TimelinePointInput = z.output<typeof TimelinePointInput>;

export const TimelinePoint = z.object({
  id: z.string(),
  ring: z.string(),
  date: z.string(),
  note: z.string(),
});
export type TimelinePoint = z.infer<typeof TimelinePoint>;

export const EntryLinkInput = z.strictObject({
  kind: z.enum(LINK_KINDS),
  target: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe('a list value (`Go`) or, for a component, `namespace/name`'),
});
export type EntryLinkInput = z.output<typeof EntryLinkInput>;

export const EntryLink = z.object({
  id: z.string(),
  kind: z.enum(LINK_KINDS),
  target: z.string().describe('the list value, or `component:ns/name`'),
});
export type EntryLink = z.infer<typeof EntryLink>;

/** A component as the radar names it, with why it counts as using the entry. */
export const UsingComponent = z.object({
  ref: z.string(),
  title: z.string(),
  via: z.string().describe('`linked` or the list value its versions name (`language Go`)'),
});
export type UsingComponent = z.infer<typeof UsingComponent>;

const EntryFields = z.object({
  label: Name,
  quadrant: Name.describe('the quadrant name'),
  description: z.string().max(100_000).describe('Markdown'),
  link: OptionalLinkUrl,
  active: z.boolean(),
});
export const EntryCreate = EntryFields.partial({ description: true, link: true, active: true })
  .extend({
    ring: Name.describe('the ring of its first timeline point'),
    date: PointDate.optional(),
    note: Description.default(''),
    links: z.array(EntryLinkInput).max(100).default([]),
  })
  .strict();
export const EntryPatch = EntryFields.partial().strict();
export type EntryCreate = z.output<typeof EntryCreate>;
export type EntryPatch = z.output<typeof EntryPatch>;

export const Entry = z.object({
  id: z.string(),
  number: z.number().describe('the blip number: entries counted quadrant by quadrant'),
  label: z.string(),
  quadrant: z.string(),
  description: z.string(),
  link: z.string(),
  active: z.boolean(),
  ring: z.string().nullable().describe('the ring of the newest timeline point'),
  moved: z.enum(MOVES),
  timeline: z.array(TimelinePoint).describe('oldest first'),
  links: z.array(EntryLink),
  usedBy: z.array(UsingComponent),
});
export type Entry = z.infer<typeof Entry>;

export const Radar = z.object({
  quadrants: z.array(Quadrant),
  rings: z.array(Ring),
  entries: z.array(Entry).describe('by quadrant, then ring, then label'),
  newDays: z.number(),
  may: z.object({ edit: z.boolean().describe('admins edit the radar') }),
});
export type Radar = z.infer<typeof Radar>;

export const RadarQuery = z.object({
  newDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .default(DEFAULT_NEW_DAYS)
    .describe('an entry whose first point is this recent is new'),
});

/** The entries on Hold a component uses. */
export const HoldFlag = z.object({
  ring: z.string().nullable().describe('the Hold ring (the outermost), null without rings'),
  entries: z.array(
    z.object({ id: z.string(), label: z.string(), quadrant: z.string(), via: z.string() }),
  ),
});
export type HoldFlag = z.infer<typeof HoldFlag>;

/**
 * The whole radar as bulk operations take it (the Argus JSON document's `radar`, Panopticum,
 * Zalando and Backstage files after reading): matched by name, quadrants and rings first.
 */
export const RadarContent = z.object({
  quadrants: z
    .array(QuadrantInput.extend({ description: Description.optional() }).strip())
    .default([]),
  rings: z.array(RingInput.extend({ color: z.string().max(40).optional() }).strip()).default([]),
  entries: z
    .array(
      z.object({
        label: Name,
        quadrant: z.string().min(1),
        description: z.string().max(100_000).optional(),
        link: OptionalLinkUrl.optional(),
        active: z.boolean().optional(),
        /** Dated ring changes; the newest is the current ring. */
        history: z
          .array(
            z.object({
              ring: z.string().min(1),
              date: z.iso.datetime({ offset: true }),
              note: Description.optional(),
            }),
          )
          .max(1000)
          .optional(),
      }),
    )
    .default([]),
});
export type RadarContent = z.output<typeof RadarContent>;

export const RADAR_FORMATS = ['zalando', 'backstage'] as const;
export type RadarFormat = (typeof RADAR_FORMATS)[number];
export const FormatQuery = z.object({ format: z.enum(RADAR_FORMATS) });

/** What an import changed, model by model. */
export const RadarImportReport = z.object({
  format: z.enum(RADAR_FORMATS),
  counts: z.array(
    z.object({ model: z.string(), read: z.number(), created: z.number(), updated: z.number() }),
  ),
});
export type RadarImportReport = z.infer<typeof RadarImportReport>;
