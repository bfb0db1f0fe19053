#!/usr/bin/env node
// CommonJS (bin/package.json): every command runs through its body without oclif and without Node's
// ES module loader (core/cli/launch.cts: the bundled fast entry); help and usage errors go to oclif.
// BD_NO_FAST=1 forces oclif.
require('@beadwork/core/cli/launch').launch(require('node:path').join(__dirname, '..'), process.argv.slice(2))
