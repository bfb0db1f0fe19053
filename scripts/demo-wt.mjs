#!/usr/bin/env node
// A tour of `wt` on a private tmux socket with temp dirs and a harmless demo agent:
// project with bd beads -> wt new --no-switch -> wt list -> wt send (and the agent shows it) ->
// wt kill -> cleanup (tmux server, socket file, temp dirs), also on failure.
// Run: node scripts/demo-wt.mjs (after npm run build). Also exported: demoWt().
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const BD = join(root, 'packages/bd/bin/run.js')
const WT = join(root, 'packages/wt/bin/run.js')

const AGENT = `// Demo agent: shows a prompt and echoes what it is told. It runs nothing.
import { createInterface } from 'node:readline'
console.log('demo agent for ' + process.env.WT_BEAD + ' (worker ' + process.env.WT_SESSION + ', PORT_OFFSET=' + process.env.PORT_OFFSET + ')')
const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'ready> ' })
rl.prompt()
rl.on('line', (line) => { console.log('agent heard: ' + line); rl.prompt() })
`

export async function demoWt({ log = (s) => process.stdout.write(s + '\n') } = {}) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'wt-demo-')))
  const socket = `wt-demo-${process.pid}`
  const repo = join(dir, 'repo')
  const env = {
    ...process.env,
    WT_HOME: join(dir, 'wt-home'),
    WT_TMUX_SOCKET: socket,
    NO_COLOR: '1',
    BEADS_ACTOR: 'hub',
    GIT_AUTHOR_NAME: 'Demo',
    GIT_AUTHOR_EMAIL: 'demo@example.com',
    GIT_COMMITTER_NAME: 'Demo',
    GIT_COMMITTER_EMAIL: 'demo@example.com',
  }
  delete env.TMUX
  delete env.WT_SESSION
  delete env.BEADS_DIR
  delete env.BEADS_DB

  const run = (bin, name, args, { quiet = false } = {}) =>
    new Promise((resolve, reject) => {
      if (!quiet) log(`$ ${name} ${args.map((a) => (/[\s"'$`]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`)
      execFile(process.execPath, [bin, ...args], { cwd: repo, env, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`${name} ${args.join(' ')} failed: ${stderr || err.message}`))
        if (!quiet && stdout.trim()) log(stdout.trimEnd().replace(/^/gm, '  '))
        resolve(stdout)
      })
    })
  const bd = (args, o) => run(BD, 'bd', args, o)
  const wt = (args, o) => run(WT, 'wt', args, o)
  const git = (...args) => execFileSync('git', args, { cwd: repo, env, stdio: 'ignore' })

  try {
    log(`# wt demo (tmux socket ${socket}, temp dir ${dir})`)
    execFileSync('git', ['init', '-q', '-b', 'main', repo], { env })
    writeFileSync(join(repo, 'README.md'), '# demo repo\n')
    const agent = join(dir, 'demo-agent.mjs')
    writeFileSync(agent, AGENT)
    await bd(['init', '--prefix', 'demo'], { quiet: true })
    git('add', '-A')
    git('commit', '-qm', 'init')
    const id = (await bd(['create', 'Add a greeting to the README', '-d', 'Say hello.', '--silent'], { quiet: true })).trim()
    await bd(['create', 'Write the changelog', '--silent'], { quiet: true })
    await wt(['config', 'set', 'agent.command', `${process.execPath} ${agent}`])
    await wt(['config', 'set', 'agent.preset', 'shell'])
    await wt(['config', 'set', 'agent.ready_pattern', 'ready>'], { quiet: true })
    await wt(['config', 'set', 'worktree_root', join(dir, 'worktrees')], { quiet: true })
    await wt(['project', 'add', 'demo', repo])
    await bd(['ready'])
    const name = (await wt(['new', id, '--no-switch'])).trim()
    await wt(['list'])
    await wt(['send', name, 'hello from the hub: $(not run) `nor this`'])
    const screen = execFileSync('tmux', ['-L', socket, 'capture-pane', '-p', '-J', '-t', `=${name}:`], { encoding: 'utf8' })
    log(`# what ${name}'s agent shows:`)
    log(
      screen
        .split('\n')
        .filter((l) => l.trim())
        .slice(-3)
        .map((l) => `  | ${l}`)
        .join('\n'),
    )
    if (!screen.includes('agent heard: Dispatch: hello from the hub: $(not run) `nor this`')) throw new Error('the message did not arrive')
    await wt(['ready'])
    await wt(['watch', '--once'])
    await wt(['escalate', name, '1', 'commit what you have, then run the tests'])
    await wt(['brief'])
    await wt(['kill', name])
    await wt(['list', '--all'])
    await bd(['show', id], { quiet: true }).then((out) => log(`# ${id} after kill: ${/Status: (\S+)/.exec(out)?.[1] ?? '?'}`))
    log('# demo ok')
    return { ok: true, worker: name, bead: id }
  } finally {
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' })
    } catch {
      // no server left
    }
    rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true })
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  demoWt().catch((e) => {
    console.error(`demo failed: ${e.message}`)
    process.exit(1)
  })
}
