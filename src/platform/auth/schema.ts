import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * People: everyone the catalog can name (owners, QA leads, reviewers), whether or not they log in.
 * A person logs in with a local password (argon2id), through LDAP, or with API tokens.
 */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    name: text('name').notNull().default(''),
    email: text('email').notNull().default(''),
    title: text('title').notNull().default(''),
    organization: text('organization').notNull().default(''),
    department: text('department').notNull().default(''),
    managerId: uuid('manager_id'),
    officePhone: text('office_phone').notNull().default(''),
    mobilePhone: text('mobile_phone').notNull().default(''),
    employeeNumber: text('employee_number').notNull().default(''),
    photo: text('photo').notNull().default(''),
    hidden: boolean('hidden').notNull().default(false),
    directoryDn: text('directory_dn'),
    directoryGuid: text('directory_guid'),
    /** 'admin' may change anything; 'member' rights come from teams and roles. */
    role: text('role', { enum: ['admin', 'member'] })
      .notNull()
      .default('member'),
    passwordHash: text('password_hash'),
    /** true while the password is a generated one that must be changed. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('people_username_key').on(sql`lower(${t.username})`),
    uniqueIndex('people_directory_guid_key').on(t.directoryGuid),
    index('people_name_idx').on(t.name),
  ],
);

export const sessions = pgTable('sessions', {
  /** sha256 of the cookie value: a stolen database does not yield live sessions. */
  tokenHash: text('token_hash').primaryKey(),
  personId: uuid('person_id')
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  personId: uuid('person_id')
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});
