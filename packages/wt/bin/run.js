#!/usr/bin/env node
// CommonJS (bin/package.json): every command with a body runs without oclif and without Node's ES
// module loader (core/cli/launch.cts: the bundled fast entry); help and usage errors go to oclif.
// `wt` alone lists workers and `wt <name|bead>` switches to one (src/body.ts). BD_NO_FAST=1 forces oclif.
require('@beadwork/core/cli/launch').launch(require('node:path').join(__dirname, '..'), process.argv.slice(2))
