#!/usr/bin/env node
// Every command with a body runs without oclif (core/cli/launch.ts: the bundled fast entry); help
// and usage errors go to oclif. `wt` alone lists workers and `wt <name|bead>` switches to one
// (src/body.ts rewrite). BD_NO_FAST=1 forces oclif.
import { launch } from '@beadwork/core/cli/launch'

await launch(import.meta.url, process.argv.slice(2))
