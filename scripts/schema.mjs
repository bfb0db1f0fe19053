#!/usr/bin/env node
// Regenerates db/*.sql from the migrations (run after adding a migration; a test compares them).
import { writeFileSync } from 'node:fs'
import { schemaSnapshots } from '../test/_support/schemas.mjs'

for (const [file, sql] of Object.entries(await schemaSnapshots())) {
  writeFileSync(new URL(`../db/${file}`, import.meta.url), sql)
  console.error(`wrote db/${file}`)
}
