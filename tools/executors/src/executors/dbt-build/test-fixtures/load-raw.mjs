// Setup command of the tiny dbt project: creates and fills raw.things and raw.colours on the database
// in ATLAS_DATABASE_URL. `--duplicate` loads one thing twice, so the unique test on stg_things fails.
import pg from 'pg';

const url = process.env.ATLAS_DATABASE_URL;
if (!url) {
  console.error('load-raw: ATLAS_DATABASE_URL is not set.');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query(`
    create schema raw;
    create table raw.colours (id int primary key, name text not null);
    create table raw.things (id int not null, name text not null, colour_id int not null);
    insert into raw.colours values (1, 'red'), (2, 'blue');
    insert into raw.things values (1, 'apple', 1), (2, 'sky', 2), (3, 'cherry', 1);
  `);
  if (process.argv.includes('--duplicate')) await client.query(`insert into raw.things values (3, 'cherry again', 1)`);
  console.log('load-raw: raw.things and raw.colours loaded');
} finally {
  await client.end();
}
