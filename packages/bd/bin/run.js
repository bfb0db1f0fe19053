#!/usr/bin/env node
// Every command runs through its body without oclif (core/cli/launch.ts: the bundled fast entry,
// ≈120 ms of framework imports saved); help and usage errors go to oclif. BD_NO_FAST=1 forces oclif.
import { launch } from '@beadwork/core/cli/launch'

await launch(import.meta.url, process.argv.slice(2))
