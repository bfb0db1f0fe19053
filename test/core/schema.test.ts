import { readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { schemaSnapshots } from '../_support/schemas.mjs'

test('db/*.sql snapshots match a freshly migrated database (run `npm run schema` after a migration)', async () => {
  for (const [file, sql] of Object.entries(await schemaSnapshots())) {
    assert.fixture(readFileSync(new URL(`../../db/${file}`, import.meta.url), 'utf8'), sql as string, file)
  }
})

test.run()
