import pg from 'pg';
import { error, ok, type PreflightResult } from '../types.js';

const CHECK = 'database';

/** Where each schema comes from, for the remediation of a missing one. */
const MAKER: Record<string, string> = {
  raw: 'run the migrations (atlas-ingest migrate)',
  marts: 'run dbt build (npx nx run dbt-project:dbt-build)',
  api_v1: 'run dbt build (npx nx run dbt-project:dbt-build)',
};

const hidePassword = (url: string) => url.replace(/^(\w+:\/\/[^:/@]+):[^@]*@/, '$1:***@');

/**
 * The database answers as the role the deploy uses, the schemas exist, and the role may use and
 * create in each of them (it owns raw.* and builds marts.* and api_v1.*).
 */
export async function checkDatabase(input: {
  url: string | undefined;
  urlEnv: string;
  schemas: string[];
  role?: string;
}): Promise<PreflightResult> {
  if (!input.url)
    return error(
      CHECK,
      `${input.urlEnv} is not set`,
      `export ${input.urlEnv}=postgres://<owner role>:<password>@<host>:5432/<database> (the value of the deploy's database secret)`,
    );
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: input.url, connectionTimeoutMillis: 10_000 });
  } catch (e) {
    return error(
      CHECK,
      `${input.urlEnv} is not a valid connection URL (${(e as Error).message})`,
      `set ${input.urlEnv} to postgres://user:password@host:port/database`,
    );
  }
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    const err = e as Error & { code?: string };
    return error(
      CHECK,
      `cannot connect to ${hidePassword(input.url)}: ${err.message}${err.code ? ` (${err.code})` : ''}`,
      `check that the server runs and that host, port, user and password in ${input.urlEnv} are right`,
    );
  }
  try {
    const who = await client.query<{ role: string; database: string; version: string }>(
      `select current_user as role, current_database() as database, current_setting('server_version') as version`,
    );
    const { role, database, version } = who.rows[0] ?? { role: '?', database: '?', version: '?' };
    if (input.role && role !== input.role) {
      return error(
        CHECK,
        `connected as ${role}, not ${input.role}`,
        `put the credentials of ${input.role} into ${input.urlEnv}`,
      );
    }
    const rows = await client.query<{ schema: string; present: boolean; usage: boolean; create: boolean }>(
      `select s as schema, n.oid is not null as present,
              coalesce(has_schema_privilege(current_user, n.oid, 'USAGE'), false) as usage,
              coalesce(has_schema_privilege(current_user, n.oid, 'CREATE'), false) as create
         from unnest($1::text[]) as s left join pg_namespace n on n.nspname = s`,
      [input.schemas],
    );
    const missing = rows.rows.filter((r) => !r.present).map((r) => r.schema);
    if (missing.length) {
      const how = [...new Set(missing.map((s) => MAKER[s] ?? `create schema ${s}`))].join('; ');
      return error(CHECK, `${database} has no schema ${missing.join(', ')}`, how);
    }
    const lacking = rows.rows.filter((r) => !r.usage || !r.create).map((r) => r.schema);
    if (lacking.length) {
      return error(
        CHECK,
        `role ${role} lacks USAGE or CREATE on ${lacking.join(', ')}`,
        `as the schemas' owner: ${lacking.map((s) => `grant usage, create on schema ${s} to ${role};`).join(' ')}`,
      );
    }
    return ok(
      CHECK,
      `${database} as ${role} (PostgreSQL ${version}): schemas ${input.schemas.join(', ')} present and writable`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
