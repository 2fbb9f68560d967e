import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { parseLocation, redact, shownLocation } from '../../src/store/location.js';

const refused = (raw: string) => {
  try {
    parseLocation(raw);
  } catch (err) {
    assert.ok(err instanceof UserError && err.exitCode === 2, String(err));
    return err.message;
  }
  return assert.fail(`${raw} was accepted`);
};

test('redact hides the whole password, however it is written', () => {
  assert.equal(redact('postgresql://u:Zebra9@h:5432/db'), 'postgresql://u:***@h:5432/db');
  // An unescaped @ in the password: the URL's user part ends at the last @.
  assert.equal(redact('postgresql://u:p@ssZebra9@h/db'), 'postgresql://u:***@h/db');
  assert.equal(redact('postgresql://u:p%40ssZebra9@h/db'), 'postgresql://u:***@h/db');
  assert.equal(redact('postgresql://u:pa/ss@h/db'), 'postgresql://u:***@h/db');
  // The host forgotten: what stands where a port would is not a port.
  assert.equal(redact('postgresql://u:Zebra9/db'), 'postgresql://u:***/db');
  assert.equal(redact('postgresql://h:5432/db'), 'postgresql://h:5432/db');
  assert.equal(redact('postgresql://u@h/db'), 'postgresql://u@h/db');
  assert.equal(shownLocation('results/a:b.sqlite'), 'results/a:b.sqlite', 'a file path is shown as given');
});

test('no refusal of a URL shows its password', () => {
  const urls = [
    'postgresql://u:Zebra9@127.0.0.1:99999/db',
    'postgresql://u:p@ssZebra9@127.0.0.1:99999/db',
    'postgresql://u:Zebra9/db',
    'postgresql://u:Zebra9@h/db?options=-c%20search_path%3Dx',
    'postgresql://u:Zebra9@h/db?schema=Upper',
    'postgresql://u:Zebra9@h/db?sslmode=sometimes',
  ];
  for (const url of urls) assert.doesNotMatch(refused(url), /Zebra9|ss(Zebra|%40)|p@ss/, url);
});

test('a bad port is one line naming the URL without its password', () => {
  assert.equal(
    refused('postgresql://u:Zebra9@127.0.0.1:99999/db'),
    '--db postgresql://u:***@127.0.0.1:99999/db: not a valid URL (expected postgresql://user:password@host:port/db, with a port from 1 to 65535 and @ in the password written %40)',
  );
});

test('parameters that would change the connection settings are refused; only schema, sslmode and application_name pass', () => {
  assert.equal(
    refused('postgresql://u@h/db?options=-c%20default_transaction_read_only%3Doff'),
    `--db postgresql://u@h/db?options=-c%20default_transaction_read_only%3Doff: parameter "options" is not accepted (only schema, sslmode, application_name); parameters that change the connection's settings are refused`,
  );
  for (const key of ['statement_timeout', 'client_encoding', 'sslrootcert', 'host', 'replication']) assert.match(refused(`postgresql://u@h/db?${key}=x`), new RegExp(`parameter "${key}" is not accepted`));
  assert.match(refused('postgresql://u@h/db?schema=a&schema=b'), /parameter "schema" is given twice/);
  const ok = parseLocation('postgresql://u@h/db?schema=s_1&application_name=nightly&sslmode=disable');
  assert.deepEqual(ok, { kind: 'postgres', url: 'postgresql://u@h/db?application_name=nightly&sslmode=disable', schema: 's_1', shown: 'postgresql://u@h/db?schema=s_1&application_name=nightly&sslmode=disable' });
});

test('a schema name must be lower case: PostgreSQL folds unquoted names, so "Upper" would be two schemas', () => {
  assert.equal(refused('postgresql://u@h/db?schema=Upper'), '--db postgresql://u@h/db?schema=Upper: schema "Upper" is not a lower-case SQL name (a-z, 0-9 and _, at most 63, not starting with a digit)');
  assert.match(refused('postgresql://u@h/db?schema=1a'), /not a lower-case SQL name/);
  assert.equal(parseLocation('postgresql://u@h/db?schema=_a1').kind, 'postgres');
});

test('sslmode: libpq names are taken; prefer, require and verify-ca go on as the verify-full pg makes of them', () => {
  const mode = (m: string) => new URL((parseLocation(`postgresql://u@h/db?sslmode=${m}`) as { url: string }).url).searchParams.get('sslmode');
  assert.deepEqual(['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'].map(mode), ['disable', 'verify-full', 'verify-full', 'verify-full', 'verify-full', 'no-verify']);
  assert.match(refused('postgresql://u@h/db?sslmode=allow'), /sslmode "allow" is not one of disable, prefer, require, verify-ca, verify-full, no-verify/);
});

test('--db :memory: is refused: it would keep nothing', () => {
  assert.equal(refused(':memory:'), '--db :memory:: an in-memory database keeps nothing once the command ends; give a file path, e.g. results/dropsweep.sqlite');
});
