#!/usr/bin/env node
// Writes oclif.manifest.json for each CLI package so a run loads only the invoked command's module.
// A few lines on @oclif/core's Plugin instead of the `oclif` dev tool (139 packages).
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Plugin } from '@oclif/core'

for (const dir of process.argv.slice(2)) {
  const root = resolve(dir)
  const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true })
  await plugin.load()
  writeFileSync(join(root, 'oclif.manifest.json'), JSON.stringify(plugin.manifest))
  console.error(`manifest: ${Object.keys(plugin.manifest.commands).length} commands in ${dir}`)
}
