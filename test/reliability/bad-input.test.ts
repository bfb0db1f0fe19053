// Hostile and mistaken input, table-driven. Every row runs `bd` against one seeded workspace — in
// this process through the shared runner (the fast entry with injected IO, what the binary runs),
// and every fourth row end to end through the built binary — and asserts: the exit code (1 for a domain error, 2 for usage), a message on stderr
// that names the bad value, with --json one error object on stdout, and that nothing changed (every
// table of the database and the JSONL file compared before and after).
// The wt rows do the same for `wt` (in-process, every fourth end to end) against one sandbox with one live worker: nothing
// changed means wt.db (every table), config.json, the tmux sessions of the private socket, the
// repository's branches and worktrees, and the project's bd database and JSONL.
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bd, bdBin, bdEnv, dumpDatabase, removeDir, type Run, seededWorkspace, tempDir } from '../_support/bd-process.js'
import { runCli } from '../_support/cli.js'
import { eventually, gitIn, sandbox, type Sandbox } from '../_support/wt.js'
import { openTrackerAt } from '../../packages/core/src/tracker/open.js'

interface Row {
  /** What the row is about (also the test's label). */
  what: string
  args: string[]
  code: 1 | 2
  /** Must appear on stderr: the message naming the bad value. */
  message: RegExp
  /** With --json: the error code expected in `{"error":{"code"}}` on stdout. */
  json?: string
  env?: Record<string, string | undefined>
  /** Run somewhere else than the seeded workspace (e.g. a folder without one). */
  cwd?: () => string
  /** Prepare/undo a broken state (corrupted or read-only files). */
  setup?: () => { undo: () => void }
  /** Why the row cannot run on this machine (decided before the run: a real skip, not a pass). */
  unavailable?: string
  /** The setup leaves the database readable: compare every table (and the files), not raw bytes. */
  readable?: boolean
  /** Raw argv bytes, for invalid UTF-8 (passed through a tiny exec wrapper, never a shell). */
  rawArgs?: Array<string | Buffer>
}

const LONG = 'x'.repeat(501)
let ws: { dir: string; db: string }
const scratch: string[] = []

const rows: Row[] = [
  // ---- bad ids ----
  { what: 'unknown id', args: ['show', 'nope'], code: 1, message: /no bead matches "nope"/ },
  { what: 'unknown id, --json', args: ['show', 'nope', '--json'], code: 1, message: /"nope"/, json: 'NOT_FOUND' },
  { what: 'unknown full id on close', args: ['close', 'ws-zzzz'], code: 1, message: /"ws-zzzz"/ },
  { what: 'empty id', args: ['update', '', '--status', 'open'], code: 1, message: /empty bead id/ },
  { what: 'ambiguous partial id', args: ['show', 'ab', '--json'], code: 1, message: /ambiguous id "ab" matches 2 beads: ws-ab1, ws-ab2/, json: 'AMBIGUOUS_ID' },
  { what: 'path-like id', args: ['show', '../../etc/passwd'], code: 1, message: /"\.\.\/\.\.\/etc\/passwd"/ },
  { what: 'unknown id in dep add', args: ['dep', 'add', 'ws-a1', 'nope'], code: 1, message: /"nope"/ },
  { what: 'unknown parent', args: ['create', 'Orphan', '--parent', 'ws-nope'], code: 1, message: /"ws-nope"/ },
  { what: 'explicit id with another prefix', args: ['create', 'T', '--id', 'other-1'], code: 1, message: /invalid id: "other-1"/ },
  // An id starting with '-' never gets past the flag parser (a usage error); import is tested below.
  { what: 'explicit id starting with a dash', args: ['create', 'T', '--id=-d'], code: 2, message: /--id expects a value/ },
  {
    what: 'explicit id holding a slash, --json',
    args: ['create', 'T', '--id', 'ws-x/y', '--json'],
    code: 1,
    message: /invalid id: "ws-x\/y"/,
    json: 'INVALID_ID',
  },
  { what: 'explicit id holding a slash', args: ['create', 'T', '--id', 'ws-a/b'], code: 1, message: /invalid id: "ws-a\/b"/ },
  { what: 'explicit id holding a space', args: ['create', 'T', '--id', 'ws-a b'], code: 1, message: /invalid id: "ws-a b"/ },
  { what: 'explicit id holding a control character', args: ['create', 'T', '--id', 'ws-a\u0007b'], code: 1, message: /invalid id: "ws-a\\u0007b"/ },
  { what: 'explicit id already taken', args: ['create', 'T', '--id', 'ws-a1', '--json'], code: 1, message: /ws-a1 already exists/, json: 'DUPLICATE' },
  // ---- priorities ----
  { what: 'priority out of range', args: ['create', 'T', '-p', '9'], code: 1, message: /invalid priority: "9"/ },
  { what: 'priority P5', args: ['create', 'T', '-p', 'P5', '--json'], code: 1, message: /"P5"/, json: 'INVALID_PRIORITY' },
  { what: 'priority as a word', args: ['update', 'ws-a1', '-p', 'high'], code: 1, message: /invalid priority: "high"/ },
  { what: 'negative priority filter', args: ['ready', '-p', '-1'], code: 1, message: /invalid priority: "-1"/ },
  { what: 'fractional priority filter', args: ['list', '-p', '1.5'], code: 1, message: /invalid priority: "1.5"/ },
  // ---- statuses ----
  { what: 'unknown status on update', args: ['update', 'ws-a1', '--status', 'done'], code: 1, message: /invalid status: "done"/ },
  { what: 'unknown status filter, --json', args: ['list', '--status', 'bogus', '--json'], code: 1, message: /"bogus"/, json: 'INVALID_STATUS' },
  // ---- types ----
  { what: 'unknown type on create', args: ['create', 'T', '-t', 'story'], code: 1, message: /invalid issue type: "story"/ },
  { what: 'unknown type filter', args: ['ready', '--type', 'epicc'], code: 1, message: /"epicc"/ },
  { what: 'unknown dependency type', args: ['dep', 'add', 'ws-b2', 'ws-d4', '--type', 'owns'], code: 1, message: /"owns"/ },
  // Imported beads keep any status, type or edge type another tool wrote; what bd writes is still checked.
  { what: 'a status only other tools write', args: ['update', 'ws-a1', '--status', 'hooked'], code: 1, message: /invalid status: "hooked"/ },
  {
    what: 'a type only other tools write',
    args: ['create', 'T', '-t', 'agent', '--json'],
    code: 1,
    message: /invalid issue type: "agent"/,
    json: 'INVALID_TYPE',
  },
  { what: 'an edge type only other tools write', args: ['dep', 'add', 'ws-b2', 'ws-d4', '--type', 'supersedes'], code: 1, message: /"supersedes"/ },
  { what: 'a prefix with a space', args: ['init', '--prefix', 'my app', '--force'], code: 1, message: /invalid prefix: "my app"/ },
  { what: 'unknown sort', args: ['ready', '--sort', 'random', '--json'], code: 1, message: /invalid sort: "random"/, json: 'INVALID_SORT' },
  // ---- dates and numbers ----
  { what: 'defer as a word', args: ['create', 'T', '--defer', 'tomorrow'], code: 1, message: /invalid date: "tomorrow"/ },
  { what: 'impossible calendar date', args: ['create', 'T', '--defer', '2026-02-30'], code: 1, message: /invalid date: "2026-02-30"/ },
  { what: 'relative date with unknown unit', args: ['update', 'ws-a1', '--defer', '+3y', '--json'], code: 1, message: /"\+3y"/, json: 'INVALID_DATE' },
  {
    what: 'relative defer past year 9999 on create',
    args: ['create', 'T', '--defer', '+99999999w', '--json'],
    code: 1,
    message: /invalid date: "\+99999999w"/,
    json: 'INVALID_DATE',
  },
  { what: 'relative defer past year 9999 on update', args: ['update', 'ws-a1', '--defer', '+99999999w'], code: 1, message: /invalid date: "\+99999999w"/ },
  { what: 'estimate not a number', args: ['create', 'T', '-e', 'abc'], code: 1, message: /invalid estimate: "abc"/ },
  { what: 'negative estimate', args: ['create', 'T', '-e', '-5'], code: 1, message: /invalid estimate: "-5"/ },
  { what: 'limit not a number', args: ['ready', '--limit', 'lots'], code: 1, message: /invalid limit: "lots"/ },
  // ---- graph rules ----
  { what: 'cycle', args: ['dep', 'add', 'ws-a1', 'ws-b2', '--json'], code: 1, message: /ws-a1|ws-b2/, json: 'CYCLE' },
  { what: 'self edge', args: ['dep', 'add', 'ws-a1', 'ws-a1'], code: 1, message: /ws-a1/ },
  { what: 'child blocked by its own ancestor', args: ['dep', 'add', 'ws-a1.1', 'ws-a1'], code: 1, message: /ws-a1/ },
  { what: 'create that closes a cycle through --deps', args: ['create', 'Loop', '--deps', 'ws-b2,blocks:ws-a1'], code: 1, message: /ws-a1|ws-b2/ },
  { what: 'bad --deps spec', args: ['create', 'T', '--deps', 'blocks:'], code: 1, message: /invalid dependency: "blocks:"/ },
  { what: 'close with open blockers', args: ['close', 'ws-b2', '--json'], code: 1, message: /blocked by open ws-a1/, json: 'HAS_OPEN_BLOCKERS' },
  {
    what: 'claim a bead claimed by someone else',
    args: ['update', 'ws-c3', '--claim', '--json'],
    code: 1,
    message: /already claimed by other/,
    json: 'ALREADY_CLAIMED',
  },
  { what: 'claim a closed bead', args: ['update', 'ws-d4', '--claim'], code: 1, message: /ws-d4 is not claimable: its status is closed/ },
  { what: 'duplicate external ref', args: ['create', 'T', '--external-ref', 'gh-1'], code: 1, message: /"gh-1" is already used by ws-a1/ },
  // ---- titles, labels, text ----
  { what: 'empty title', args: ['create', '', '--json'], code: 1, message: /title must not be empty/, json: 'INVALID_VALUE' },
  { what: 'blank title', args: ['create', '   '], code: 1, message: /title must not be empty/ },
  { what: 'title of 501 characters', args: ['create', LONG], code: 1, message: /title is 501 characters long: "xxxx/ },
  {
    what: 'huge title (100k characters) on update',
    args: ['update', 'ws-a1', '--title', 'y'.repeat(100_000)],
    code: 1,
    message: /title is 100000 characters long/,
  },
  { what: 'label with a space', args: ['create', 'T', '-l', 'good,bad label'], code: 1, message: /invalid label: "bad label"/ },
  { what: 'invalid UTF-8 title', args: [], rawArgs: ['create', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff])], code: 1, message: /not valid UTF-8/ },
  {
    what: 'invalid UTF-8 title on update, --json',
    args: [],
    rawArgs: ['update', 'ws-a1', '--title', Buffer.from([0xc3, 0x28]), '--json'],
    code: 1,
    message: /not valid UTF-8/,
    json: 'INVALID_VALUE',
  },
  // ---- usage ----
  { what: 'unknown flag', args: ['ready', '--bogus'], code: 2, message: /Nonexistent flag: --bogus/ },
  { what: 'misspelt flag, --json', args: ['create', 'T', '--priorty', '1', '--json'], code: 2, message: /--priorty/, json: 'USAGE' },
  { what: 'unknown flag on a command taking many ids', args: ['close', 'ws-a1', '--forse'], code: 2, message: /--forse/ },
  { what: 'missing id', args: ['show'], code: 2, message: /ids/ },
  { what: 'unexpected argument', args: ['ready', 'now'], code: 2, message: /Unexpected argument: now/ },
  { what: 'unexpected argument, --json', args: ['list', 'everything', '--json'], code: 2, message: /Unexpected argument: everything/, json: 'USAGE' },
  { what: 'title given twice', args: ['create', 'One', '--title', 'Two'], code: 2, message: /"One"/ },
  { what: 'flag without its value', args: ['update', 'ws-a1', '--status'], code: 2, message: /Flag --status expects a value/ },
  { what: 'flag without its value, --json', args: ['ready', '--json', '--sort'], code: 2, message: /--sort/, json: 'USAGE' },
  // ---- workspace and database ----
  { what: 'no workspace', args: ['ready'], code: 1, message: /no beads workspace found in .*bd-empty-/, cwd: () => scratchDir('empty') },
  {
    what: 'no workspace, --json',
    args: ['list', '--json'],
    code: 1,
    message: /no beads workspace found/,
    json: 'NO_WORKSPACE',
    cwd: () => scratchDir('empty'),
  },
  { what: '--db naming a missing file', args: ['ready', '--db', '/nonexistent/beads.db'], code: 1, message: /database not found: \/nonexistent\/beads\.db/ },
  {
    what: 'BEADS_DIR naming a missing folder',
    args: ['ready'],
    env: { BEADS_DIR: '/nonexistent/.beads' },
    code: 1,
    message: /BEADS_DIR=\/nonexistent\/\.beads/,
  },
  {
    what: 'corrupted database file',
    args: ['ready', '--json'],
    code: 1,
    message: /not a database/,
    json: 'DATABASE',
    setup: () => corrupt((b) => Buffer.concat([Buffer.from('garbage!'.repeat(64)), b.subarray(512)])),
  },
  {
    what: 'truncated database file',
    args: ['create', 'T'],
    code: 1,
    message: /cannot use database .*beads\.db/,
    setup: () => corrupt((b) => b.subarray(0, 4096 + 100)),
  },
  {
    what: 'read-only database file',
    args: ['create', 'Read only'],
    code: 1,
    message: /read-?only/i,
    setup: () => readOnly(),
    unavailable: readOnlyUnavailable(),
  },
  // ---- sync: a merge left conflict markers in the JSONL, which is now newer than the database ----
  // Nothing may be imported, and the conflicted file must not be overwritten by an export either.
  {
    what: 'JSONL with git conflict markers, --json',
    args: ['ready', '--json'],
    code: 1,
    message: /\.beads\/issues\.jsonl contains git merge-conflict markers at lines 1, 3, 5/,
    json: 'CONFLICT',
    setup: () => conflicted(),
    readable: true,
  },
  {
    what: 'JSONL with git conflict markers, then a write',
    args: ['create', 'After the merge'],
    code: 1,
    message: /\.beads\/issues\.jsonl contains git merge-conflict markers at lines 1, 3, 5/,
    setup: () => conflicted(),
    readable: true,
  },
]

// ---- wt rows: one live worker `toast` on bead t-busy; t-free is open, t-shut closed, t-epic an epic ----
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
let sb: Sandbox
// Paths the environment rows need, fixed at load time (the sandbox does not exist yet).
const wtScratch = scratchDir('wt-scratch')
const notARepo = join(wtScratch, 'not-a-repo')
const homeFile = join(wtScratch, 'wt-home-is-a-file')
const corruptHome = join(wtScratch, 'corrupt-home')
const marker = join(wtScratch, 'pwned')
/** Whatever a refused command could leave behind outside the sandbox: compared before and after too. */
const outside = () =>
  [homeFile, join(corruptHome, 'wt.db'), marker]
    .map((f) => (existsSync(f) ? readFileSync(f).toString('base64') : null))
    .concat(readdirSync(corruptHome).sort().join(','), readdirSync(notARepo).join(','))
const badName = (name: string) => new RegExp(`invalid worker name: ${esc(JSON.stringify(name))}`)

const wtRows: Row[] = [
  // ---- worker names: never a command (`wt <name>` must switch), always a safe tmux target ----
  { what: 'name is a command: list', args: ['new', 't-free', '--name', 'list'], code: 1, message: /invalid worker name: "list" is a wt command/ },
  {
    what: 'name is a command: watch, --json',
    args: ['new', 't-free', '--name', 'watch', '--json'],
    code: 1,
    message: /"watch" is a wt command/,
    json: 'INVALID_VALUE',
  },
  { what: 'name is a command: send', args: ['new', 't-free', '--name', 'send'], code: 1, message: /"send" is a wt command/ },
  { what: 'name is a command in capitals: Kill', args: ['new', 't-free', '--name', 'Kill'], code: 1, message: /"Kill" is a wt command/ },
  {
    what: 'name with a space, --json',
    args: ['new', 't-free', '--name', 'two words', '--json'],
    code: 1,
    message: badName('two words'),
    json: 'INVALID_VALUE',
  },
  { what: 'name with a slash', args: ['new', 't-free', '--name', 'feature/x'], code: 1, message: badName('feature/x') },
  { what: 'name with a leading dash', args: ['new', 't-free', '--name=-rf'], code: 1, message: badName('-rf') },
  { what: 'name with a colon (tmux session:window)', args: ['new', 't-free', '--name', 'a:b'], code: 1, message: badName('a:b') },
  { what: 'name with a dot (tmux window.pane)', args: ['new', 't-free', '--name', 'a.b'], code: 1, message: badName('a.b') },
  { what: 'name with a semicolon (tmux command separator)', args: ['new', 't-free', '--name', 'a;b'], code: 1, message: badName('a;b') },
  { what: 'name with shell metacharacters', args: ['new', 't-free', '--name', `$(touch ${marker})`], code: 1, message: badName(`$(touch ${marker})`) },
  { what: 'name of 65 characters', args: ['new', 't-free', '--name', 'n'.repeat(65)], code: 1, message: badName('n'.repeat(65)) },
  { what: 'name of a live worker, --json', args: ['new', 't-free', '--name', 'toast', '--json'], code: 1, message: /already named toast/, json: 'DUPLICATE' },
  // ---- beads and projects for wt new ----
  { what: 'unknown bead, --json', args: ['new', 't-nope', '--json'], code: 1, message: /no bead matches "t-nope"/, json: 'NOT_FOUND' },
  { what: 'bead that already has a live worker', args: ['new', 't-busy'], code: 1, message: /t-busy already has a live worker: toast/ },
  { what: 'closed bead', args: ['new', 't-shut', '--json'], code: 1, message: /t-shut is closed/, json: 'NOT_CLAIMABLE' },
  { what: 'epic without --force', args: ['new', 't-epic'], code: 1, message: /t-epic is an epic/ },
  {
    what: 'unknown project, --json',
    args: ['new', 't-free', '--project', 'nosuch', '--json'],
    code: 1,
    message: /project not found: nosuch/,
    json: 'NOT_FOUND',
  },
  { what: 'a bead and --ready', args: ['new', 't-free', '--ready'], code: 2, message: /give a bead or --ready, not both \(t-free\)/ },
  { what: 'no bead', args: ['new', '--json'], code: 2, message: /missing bead/, json: 'USAGE' },
  // ---- unknown workers ----
  { what: 'send to an unknown worker', args: ['send', 'nosuch', 'hello'], code: 1, message: /no worker found: nosuch/ },
  { what: 'kill an unknown worker, --json', args: ['kill', 'nosuch', '--json'], code: 1, message: /no worker found: nosuch/, json: 'NOT_FOUND' },
  { what: 'close an unknown worker', args: ['close', 'nosuch'], code: 1, message: /no worker found: nosuch/ },
  { what: 'switch to an unknown worker (wt <name>)', args: ['nosuch'], code: 1, message: /no worker found: nosuch/ },
  {
    what: 'escalate an unknown worker, --json',
    args: ['escalate', 'nosuch', '1', 'hi', '--json'],
    code: 1,
    message: /no worker found: nosuch/,
    json: 'NOT_FOUND',
  },
  {
    what: 'status with WT_SESSION naming no live worker, --json',
    args: ['status', '--json'],
    env: { WT_SESSION: 'nosuch' },
    code: 1,
    message: /WT_SESSION=nosuch is not a live worker/,
    json: 'NOT_FOUND',
  },
  { what: 'status outside any worktree', args: ['status'], code: 1, message: /no worker found here: .*\/repo is not inside a worker worktree/ },
  { what: 'done outside any worktree', args: ['done'], code: 1, message: /no worker found here: .*\/repo is not inside a worker worktree/ },
  { what: 'unknown signal state', args: ['signal', 'finished'], code: 2, message: /invalid signal state: "finished"/ },
  // ---- escalation ladder ----
  {
    what: 'escalate with an unknown rung, --json',
    args: ['escalate', 'toast', '7', 'hi', '--json'],
    code: 1,
    message: /unknown escalation level: 7/,
    json: 'INVALID_VALUE',
  },
  { what: 'escalate with a rung as a word', args: ['escalate', 'toast', 'panic', 'now'], code: 1, message: /unknown escalation level: panic/ },
  { what: 'escalate rung 1 without a message', args: ['escalate', 'toast', '1'], code: 2, message: /escalate guidance needs a message/ },
  {
    what: 'escalate defer without a message, --json',
    args: ['escalate', 'toast', 'defer', '--json'],
    code: 2,
    message: /escalate defer needs a message/,
    json: 'USAGE',
  },
  {
    what: 'kill a worker with uncommitted changes',
    args: ['kill', 'toast', '--json'],
    code: 1,
    message: /toast's worktree has uncommitted changes: scratch\.txt/,
    json: 'CONFLICT',
    setup: () => dirtyWorktree(),
  },
  // ---- projects ----
  {
    what: 'project add: path does not exist',
    args: ['project', 'add', 'x', '/nonexistent/repo'],
    code: 1,
    message: /not a git repository: \/nonexistent\/repo/,
  },
  {
    what: 'project add: not a git repository, --json',
    args: ['project', 'add', 'x', notARepo, '--json'],
    code: 1,
    message: new RegExp(`not a git repository: ${esc(notARepo)}`),
    json: 'INVALID_VALUE',
  },
  { what: 'project add: duplicate name', args: ['project', 'add', 'demo', '.'], code: 1, message: /project demo already exists/ },
  {
    what: 'project add: repository already registered, --json',
    args: ['project', 'add', 'other', '.', '--json'],
    code: 1,
    message: /already registered as project demo/,
    json: 'DUPLICATE',
  },
  { what: 'project add: name with a space', args: ['project', 'add', 'my project', '.'], code: 1, message: /invalid project name: "my project"/ },
  { what: 'project remove: unknown', args: ['project', 'remove', 'nosuch'], code: 1, message: /project not found: nosuch/ },
  {
    what: 'project remove: has a live worker, --json',
    args: ['project', 'remove', 'demo', '--json'],
    code: 1,
    message: /project demo has live workers: toast/,
    json: 'CONFLICT',
  },
  { what: 'list --project unknown, --json', args: ['list', '--project', 'nosuch', '--json'], code: 1, message: /project not found: nosuch/, json: 'NOT_FOUND' },
  { what: 'watch --once --project unknown', args: ['watch', '--once', '--project', 'nosuch'], code: 1, message: /project not found: nosuch/ },
  { what: 'ready for an unknown project', args: ['ready', 'nosuch'], code: 1, message: /project not found: nosuch/ },
  // ---- intervals and dates ----
  { what: 'watch --interval as a word', args: ['watch', '--interval', 'often'], code: 1, message: /invalid --interval: "often"/ },
  { what: 'watch --interval 0, --json', args: ['watch', '--interval', '0', '--json'], code: 1, message: /invalid --interval: "0"/, json: 'INVALID_VALUE' },
  { what: 'watch --interval negative', args: ['watch', '--interval=-5'], code: 1, message: /invalid --interval: "-5"/ },
  {
    what: 'brief --since as a word, --json',
    args: ['brief', '--since', 'yesterday', '--json'],
    code: 1,
    message: /invalid --since: "yesterday"/,
    json: 'INVALID_DATE',
  },
  { what: 'events --since as words', args: ['events', '--since', 'last tuesday'], code: 1, message: /invalid --since: "last tuesday"/ },
  { what: 'events -n 0', args: ['events', '-n', '0'], code: 2, message: /--limit expects a whole number of at least 1, got "0"/ },
  // ---- configuration ----
  { what: 'config set: unknown key', args: ['config', 'set', 'agent.cmd', 'claude'], code: 1, message: /unknown config key: agent\.cmd/ },
  {
    what: 'config get: unknown key, --json',
    args: ['config', 'get', 'nosuch', '--json'],
    code: 1,
    message: /unknown config key: nosuch/,
    json: 'INVALID_VALUE',
  },
  {
    what: 'config set: a word for a number, --json',
    args: ['config', 'set', 'max_workers', 'lots', '--json'],
    code: 1,
    message: /invalid value for max_workers: "lots"/,
    json: 'INVALID_VALUE',
  },
  { what: 'config set: unknown preset', args: ['config', 'set', 'agent.preset', 'vim'], code: 1, message: /invalid value for agent\.preset: "vim"/ },
  { what: 'config set: watch.interval 0', args: ['config', 'set', 'watch.interval', '0'], code: 1, message: /invalid value for watch\.interval: "0"/ },
  { what: 'config set: port out of range', args: ['config', 'set', 'ports', '5432,70000'], code: 1, message: /invalid port in ports: "70000"/ },
  {
    what: 'config set: ready pattern that is no regex',
    args: ['config', 'set', 'agent.ready_pattern', '(ready'],
    code: 1,
    message: /invalid regex for agent\.ready_pattern: "\(ready"/,
  },
  {
    what: 'config set: namepool with command names, --json',
    args: ['config', 'set', 'namepool', 'list,watch', '--json'],
    code: 1,
    message: /invalid value for namepool: "list" is a wt command/,
    json: 'INVALID_VALUE',
  },
  {
    what: 'config set: namepool with a name tmux cannot target',
    args: ['config', 'set', 'namepool', 'toast,a.b'],
    code: 1,
    message: /invalid value for namepool: "a\.b"/,
  },
  // ---- send ----
  { what: 'send an empty message', args: ['send', 'toast', ''], code: 2, message: /nothing to send/ },
  { what: 'send only spaces, --json', args: ['send', 'toast', '   ', '--json'], code: 2, message: /nothing to send/, json: 'USAGE' },
  { what: 'seance without a question', args: ['seance', 'toast'], code: 2, message: /nothing to ask/ },
  // ---- environment ----
  {
    what: 'WT_HOME is a regular file',
    args: ['list'],
    env: { WT_HOME: homeFile },
    code: 1,
    message: new RegExp(`WT_HOME is not a directory: ${esc(homeFile)}`),
  },
  {
    what: 'WT_HOME is a regular file: config set, --json',
    args: ['config', 'set', 'max_workers', '3', '--json'],
    env: { WT_HOME: homeFile },
    code: 1,
    message: /WT_HOME is not a directory/,
    json: 'INVALID_VALUE',
  },
  {
    what: 'wt.db is garbage, --json',
    args: ['list', '--json'],
    env: { WT_HOME: corruptHome },
    code: 1,
    message: new RegExp(`cannot use database ${esc(join(corruptHome, 'wt.db'))}: file is not a database`),
    json: 'DATABASE',
  },
  {
    what: 'wt.db is garbage: the hint says how to start afresh',
    args: ['projects'],
    env: { WT_HOME: corruptHome },
    code: 1,
    message: /file is not a database\nHint: wt\.db is not a SQLite database .*Move it aside; wt starts a fresh one/,
  },
  { what: 'tmux absent', args: ['list'], env: { PATH: '/nonexistent' }, code: 1, message: /tmux is not installed or not on PATH/ },
]

/** An uncommitted file in toast's worktree; undo removes it. */
function dirtyWorktree(): { undo: () => void } {
  const file = join(sb.dir, 'worktrees', 't-busy', 'scratch.txt')
  writeFileSync(file, 'work in progress\n')
  return { undo: () => rmSync(file) }
}

/** Everything a wt command could change. */
function wtSnapshot(): string {
  return JSON.stringify({
    wt: dumpDatabase(join(sb.home, 'wt.db')),
    config: readFileSync(join(sb.home, 'config.json'), 'utf8'),
    sessions: sb.sessions(),
    branches: gitIn(sb.repo, 'branch', '--format=%(refname:short) %(objectname)'),
    worktrees: gitIn(sb.repo, 'worktree', 'list', '--porcelain'),
    bd: dumpDatabase(join(sb.repo, '.beads', 'beads.db')),
    jsonl: readFileSync(join(sb.repo, '.beads', 'issues.jsonl'), 'utf8'),
    outside: outside(),
  })
}

function scratchDir(name: string): string {
  const d = tempDir(name)
  scratch.push(d)
  return d
}

/** Replaces the database with a damaged copy of itself; undo restores the original bytes. */
function corrupt(damage: (bytes: Buffer) => Buffer): { undo: () => void } {
  const original = readFileSync(ws.db)
  writeFileSync(ws.db, damage(original))
  return { undo: () => writeFileSync(ws.db, original) }
}

/**
 * What `git merge` leaves when two clones edited the same bead: markers around both versions of the
 * first line. The original file is renamed aside and renamed back (same inode, size and mtime), so
 * the database's recorded fingerprint still matches afterwards and later rows see no pull.
 */
function conflicted(): { undo: () => void } {
  const jsonl = join(ws.dir, '.beads', 'issues.jsonl')
  const aside = `${jsonl}.orig`
  const lines = readFileSync(jsonl, 'utf8').trimEnd().split('\n')
  renameSync(jsonl, aside)
  const theirs = lines[0]!.replace('"title":"', '"title":"Theirs: ')
  writeFileSync(jsonl, ['<<<<<<< HEAD', lines[0], '=======', theirs, '>>>>>>> origin/main', ...lines.slice(1)].join('\n') + '\n')
  return { undo: () => renameSync(aside, jsonl) }
}

/** chmod is no barrier for root: use the immutable attribute there, when the filesystem has it. */
function readOnly(): { undo: () => void } {
  const files = [ws.db, `${ws.db}-wal`, `${ws.db}-shm`].filter(existsSync)
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', ...files], { stdio: 'ignore' })
    return { undo: () => execFileSync('chattr', ['-i', ...files], { stdio: 'ignore' }) }
  }
  for (const f of files) chmodSync(f, 0o444)
  return { undo: () => files.forEach((f) => chmodSync(f, 0o644)) }
}

/** Root can make a file read-only only with chattr +i, which some filesystems lack: probed on a temp file. */
function readOnlyUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return undefined
  const probe = join(mkdtempSync(join(tmpdir(), 'bad-input-chattr-')), 'probe')
  writeFileSync(probe, '')
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' })
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' })
    return undefined
  } catch {
    return 'running as root on a filesystem without chattr +i: no way to make the file read-only'
  } finally {
    rmSync(dirname(probe), { recursive: true, force: true })
  }
}

/** argv with raw bytes: python3 execs node with them (argv array, no shell). */
function runRaw(args: Array<string | Buffer>, cwd: string): Promise<Run> {
  const hex = args.map((a) => (typeof a === 'string' ? Buffer.from(a) : a).toString('hex'))
  const code = 'import os,sys; os.execv(sys.argv[1], [sys.argv[1], sys.argv[2]] + [bytes.fromhex(h) for h in sys.argv[3:]])'
  return new Promise((resolve) => {
    const child = spawn('python3', ['-c', code, process.execPath, bdBin, ...hex], { cwd, env: bdEnv() })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (c) => resolve({ code: c ?? 1, stdout, stderr }))
  })
}

function snapshot(): string {
  const jsonl = join(ws.dir, '.beads', 'issues.jsonl')
  return JSON.stringify({ db: readFileSync(ws.db).length > 0 ? dumpDatabase(ws.db) : null, jsonl: existsSync(jsonl) ? readFileSync(jsonl, 'utf8') : null })
}

test.before(async () => {
  ws = await seededWorkspace('bad-input', async (t) => {
    await t.create({ id: 'ws-a1', title: 'First', external_ref: 'gh-1', labels: ['api'] })
    await t.create({ id: 'ws-b2', title: 'Blocked by the first', deps: ['ws-a1'] })
    await t.create({ id: 'ws-c3', title: 'Taken', assignee: 'other' })
    await t.create({ id: 'ws-d4', title: 'Done' })
    await t.close(['ws-d4'])
    await t.create({ id: 'ws-ab1', title: 'Ambiguous one' })
    await t.create({ id: 'ws-ab2', title: 'Ambiguous two' })
    await t.create({ title: 'Child', parent: 'ws-a1' })
  })
  mkdirSync(join(ws.dir, 'sub'), { recursive: true })

  sb = await sandbox('badinput')
  const h = await openTrackerAt(join(sb.repo, '.beads', 'beads.db'), { actor: 'hub' })
  try {
    for (const id of ['t-busy', 't-free', 't-shut']) await h.tracker.create({ id, title: `Bead ${id}` })
    await h.tracker.create({ id: 't-epic', title: 'An epic', issue_type: 'epic' })
    await h.tracker.close(['t-shut'])
  } finally {
    await h.close()
  }
  // One real worker (tmux session, worktree, branch, claim) for the rows about existing workers.
  const pool = await sb.pool()
  try {
    const { worker } = await pool.spawn({ bead: 't-busy' })
    assert.is(worker.name, 'toast')
  } finally {
    await pool.close()
  }
  mkdirSync(notARepo)
  writeFileSync(homeFile, 'not a folder\n')
  mkdirSync(corruptHome)
  writeFileSync(join(corruptHome, 'wt.db'), 'garbage!'.repeat(512))
})

test.after(() => {
  removeDir(ws.dir)
  for (const d of scratch) removeDir(d)
  sb?.cleanup()
})

test('the matrix has at least 40 bd rows and 20 wt rows', () => {
  assert.ok(rows.length >= 40, `${rows.length} rows`)
  assert.ok(wtRows.length >= 20, `${wtRows.length} wt rows`)
})

/** The refusal contract shared by bd and wt: exit code, named value, no stack, JSON error object. */
function assertRefused(row: Row, label: string, r: Run): void {
  assert.is(r.code, row.code, `${label}: exit code (stderr: ${r.stderr})`)
  assert.match(r.stderr, row.message, `${label}: message`)
  assert.not.match(r.stderr, /\n\s+at /, `${label}: no stack trace`)
  if (row.json) {
    const body = JSON.parse(r.stdout) as { error: { code: string; message: string } }
    assert.is(body.error.code, row.json, `${label}: error code`)
    assert.match(body.error.message, row.message, `${label}: JSON message`)
  } else assert.is(r.stdout, '', `${label}: nothing on stdout`)
}

// In-process rows are fast; these also go through bin/run.js, the launcher, the bundle and oclif.
const endToEnd = (n: number) => n % 4 === 0

for (const [n, row] of rows.entries()) {
  ;(row.unavailable ? test.skip : test)(`bad input: ${row.what}${row.unavailable ? ` (${row.unavailable})` : ''}`, async () => {
    const prepared = row.setup?.()
    try {
      const bytes = prepared && !row.readable
      const before = bytes ? readFileSync(ws.db) : snapshot()
      const cwd = row.cwd?.() ?? ws.dir
      const r = row.rawArgs
        ? await runRaw(row.rawArgs, cwd)
        : endToEnd(n)
          ? await bd(row.args, { cwd, env: row.env })
          : await runCli('bd', row.args, { cwd, env: bdEnv(row.env) })
      const label = `bd ${(row.rawArgs ?? row.args).map((a) => (typeof a === 'string' ? a.slice(0, 40) : `<bytes ${a.toString('hex')}>`)).join(' ')}`
      assertRefused(row, label, r)
      const after = bytes ? readFileSync(ws.db) : snapshot()
      assert.ok(Buffer.isBuffer(before) ? before.equals(after as Buffer) : before === after, `${label}: something changed`)
    } finally {
      if (prepared && 'undo' in prepared) prepared.undo()
    }
  })
}

for (const [n, row] of wtRows.entries()) {
  ;(row.unavailable ? test.skip : test)(`bad wt input: ${row.what}${row.unavailable ? ` (${row.unavailable})` : ''}`, async () => {
    const prepared = row.setup?.()
    try {
      const before = wtSnapshot()
      const r = endToEnd(n)
        ? await sb.wt(row.args, { cwd: row.cwd?.(), env: row.env as NodeJS.ProcessEnv | undefined })
        : await runCli('wt', row.args, { cwd: row.cwd?.() ?? sb.repo, env: { ...sb.env, ...row.env } })
      const label = `wt ${row.args.map((a) => a.slice(0, 40)).join(' ')}`
      assertRefused(row, label, r)
      assert.ok(wtSnapshot() === before, `${label}: something changed`)
    } finally {
      if (prepared && 'undo' in prepared) prepared.undo()
    }
  })
}

test('wt send text starting with /word is typed with the Dispatch: prefix, never as a slash command', async () => {
  const r = await sb.wt(['send', 'toast', '/clear', 'the', 'cache', '--json'])
  assert.is(r.code, 0, r.stderr)
  assert.is((JSON.parse(r.stdout) as { text: string }).text, 'Dispatch: /clear the cache')
  const lines = await eventually(() => {
    const l = sb
      .agentLog('toast')
      .filter((e) => e.type === 'line')
      .map((e) => e.text!)
    return l.includes('Dispatch: /clear the cache') ? l : undefined
  })
  assert.not.ok(
    lines!.some((l) => l.startsWith('/')),
    'a line began with a slash command',
  )
})

test('import and pull are as strict as create: hostile ids and a non-UTF-8 title skip their line, named; self-edges and cycles are reported; the rest arrives', async () => {
  const dir = tempDir('bad-import')
  scratch.push(dir)
  assert.is((await bd(['init', '--prefix', 'im', '--quiet'], { cwd: dir })).code, 0)
  const line = (id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id,
      title: `bead ${id}`,
      status: 'open',
      priority: 2,
      issue_type: 'task',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      ...extra,
    })
  const hostile = ['-d', '--help', '-rf', '../../etc/passwd', 'a/b/c', 'im-two words', 'im-bell\u0007']
  const good = ['im-ok_1', 'im-gastown_ui-crew-joe', 'im-ok_1.1']
  const edge = (from: string, to: string) => ({ issue_id: from, depends_on_id: to, type: 'blocks', created_at: '2026-01-01T00:00:00Z' })
  const text = Buffer.concat([
    Buffer.from([...hostile, ...good].map((id) => line(id)).join('\n') + '\n'),
    Buffer.from(line('im-self', { dependencies: [edge('im-self', 'im-self')] }) + '\n'),
    Buffer.from(line('im-cy1', { dependencies: [edge('im-cy1', 'im-cy2')] }) + '\n' + line('im-cy2', { dependencies: [edge('im-cy2', 'im-cy1')] }) + '\n'),
    Buffer.from('{"id":"im-latin1","title":"caf'),
    Buffer.from([0xe9]),
    Buffer.from('","status":"open","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}\n'),
  ])
  const file = join(dir, 'incoming.jsonl')
  writeFileSync(file, text)
  for (const how of ['import', 'pull'] as const) {
    let r: Run
    if (how === 'import') r = await bd(['import', '-i', file], { cwd: dir })
    else {
      // A pull: the workspace's own file changes under it and the next command imports it.
      const ws2 = tempDir('bad-pull')
      scratch.push(ws2)
      mkdirSync(join(ws2, '.beads'))
      writeFileSync(join(ws2, '.beads', 'issues.jsonl'), text)
      r = await bd(['list', '--json'], { cwd: ws2 })
      assert.is(r.code, 0, r.stderr)
      const listed = (await bd(['list', '--all', '--json'], { cwd: ws2 })).stdout
      for (const id of good) assert.ok(listed.includes(`"${id}"`), `${how}: ${id} arrived`)
    }
    assert.is(r.code, 0, r.stderr)
    for (const id of hostile) assert.ok(r.stderr.includes(`bead ${JSON.stringify(id)} skipped`), `${how}: ${id} named in ${r.stderr}`)
    assert.match(r.stderr, /im-latin1 skipped: its title is not valid UTF-8/)
    assert.match(r.stderr, /im-self depends on itself/)
    assert.match(r.stderr, /dependency cycle im-cy1 → im-cy2 → im-cy1/)
  }
  const listed = JSON.parse((await bd(['list', '--all', '--json'], { cwd: dir })).stdout).map((i: { id: string }) => i.id)
  for (const id of good) assert.ok(listed.includes(id), `${id} imported`)
  for (const id of hostile) assert.not.ok(listed.includes(id), `${id} refused`)
  const doctor = JSON.parse((await bd(['doctor', '--json'], { cwd: dir })).stdout)
  assert.match(doctor.checks.find((c: { name: string }) => c.name === 'cycles').message, /im-cy1 → im-cy2 → im-cy1/)
})

test('shell metacharacters are stored literally, never run', async () => {
  const marker = join(ws.dir, 'pwned')
  const title = `$(touch ${marker}); \`touch ${marker}\` && rm -rf ~ | cat > x; echo '"' "\\" *`
  const created = await bd(['create', title, '-l', 'a;b,$HOME', '--actor', '$(id -u)', '-d', '<script>alert(1)</script>', '--json'], { cwd: ws.dir })
  assert.is(created.code, 0, created.stderr)
  const issue = JSON.parse(created.stdout) as { id: string; title: string; labels: string[]; created_by: string; description: string }
  assert.is(issue.title, title)
  assert.equal(issue.labels, ['$HOME', 'a;b'])
  assert.is(issue.created_by, '$(id -u)')
  assert.is(issue.description, '<script>alert(1)</script>')
  const shown = JSON.parse((await bd(['show', issue.id, '--json'], { cwd: ws.dir })).stdout) as Array<{ title: string }>
  assert.is(shown[0]!.title, title)
  assert.not.ok(existsSync(marker), 'a shell ran the title')
  assert.ok(existsSync(ws.dir), 'rm -rf ran')
})

test.run()
