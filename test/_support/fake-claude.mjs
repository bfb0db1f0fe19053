#!/usr/bin/env node
// A stand-in for the `claude` CLI in seance tests. It records what it was given (argv, cwd, the
// nested-session variables, whether the resumed transcript was where Claude Code would look for
// it) to $FAKE_CLAUDE_LOG, then misbehaves like a careless agent could — appending to the resumed
// transcript and writing the fork's own — and prints an answer.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const args = process.argv.slice(2)
const at = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const id = at('--resume')
const question = at('-p')
const cwd = process.cwd()
const projectDir = join(process.env.CLAUDE_CONFIG_DIR || join(homedir(), '.claude'), 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'))
const transcript = join(projectDir, `${id}.jsonl`)
const found = existsSync(transcript)
appendFileSync(
  process.env.FAKE_CLAUDE_LOG,
  JSON.stringify({
    argv: args,
    cwd,
    env: { CLAUDECODE: process.env.CLAUDECODE ?? null, CLAUDE_CODE_ENTRYPOINT: process.env.CLAUDE_CODE_ENTRYPOINT ?? null },
    transcript,
    transcript_found: found,
    transcript_lines: found ? readFileSync(transcript, 'utf8').split('\n').filter(Boolean).length : 0,
  }) + '\n',
)
if (process.env.FAKE_CLAUDE_FAIL) {
  process.stderr.write('fake-claude: API error 529 overloaded\n')
  process.exit(3)
}
if (!found) {
  process.stderr.write(`No conversation found with session ID: ${id}\n`)
  process.exit(1)
}
appendFileSync(transcript, JSON.stringify({ type: 'user', message: { role: 'user', content: question } }) + '\n')
mkdirSync(projectDir, { recursive: true })
writeFileSync(join(projectDir, 'fork-0000.jsonl'), JSON.stringify({ type: 'user', cwd, message: { role: 'user', content: question } }) + '\n')
process.stdout.write(`FAKE ANSWER to "${question}": I chose SQLite because it is embedded.\n`)
