// The floor for `wt list --json`: a bare CommonJS script that makes the same outside calls wt list
// makes for its picture — one `tmux list-panes -a`, the live rows of wt.db, one `ps` for the process
// tree, and per live worker one `capture-pane` and the disk probe's git calls (rev-list, diff,
// status) — and prints JSON. With
// --bare, only the tmux call and the wt.db read. What `wt list` costs above this is wt's own code.
//   node bench/wt-list-floor.cjs <wt.db> <tmux socket> [--bare]
const { execFile } = require('node:child_process')
const Database = require('better-sqlite3')

const [dbPath, socket, mode] = process.argv.slice(2)
const run = (cmd, args, cwd) => new Promise((resolve) => execFile(cmd, args, { cwd, encoding: 'utf8' }, (_e, out) => resolve(out ?? '')))

async function main() {
  const panes = (
    await run('tmux', ['-L', socket, 'list-panes', '-a', '-F', '#{session_name}\t#{pane_pid}\t#{pane_dead}\t#{pane_current_command}\t#{window_activity}'])
  )
    .split('\n')
    .filter(Boolean)
  const db = new Database(dbPath, { readonly: true })
  const rows = db.prepare("SELECT * FROM workers WHERE ended_at IS NULL AND state <> 'spawning' ORDER BY created_at, id").all()
  if (mode !== '--bare') {
    const ps = run('ps', ['-A', '-o', 'pid=,ppid=,comm='])
    await Promise.all(
      rows.map(async (w) => {
        const [screen, ahead, diff, status] = await Promise.all([
          run('tmux', ['-L', socket, 'capture-pane', '-p', '-J', '-t', `=${w.name}:`]),
          run('git', ['rev-list', '--count', `${w.base_commit}..HEAD`], w.worktree),
          run('git', ['diff', '--name-only', '-z', w.base_commit, '--'], w.worktree),
          run('git', ['status', '--porcelain', '-z', '--untracked-files=all'], w.worktree),
        ])
        w.screen_lines = screen.split('\n').length
        w.commits_ahead = Number(ahead.trim()) || 0
        w.files_changed = new Set([...diff.split('\0'), ...status.split('\0')].filter(Boolean)).size
      }),
    )
    await ps
  }
  process.stdout.write(JSON.stringify({ panes: panes.length, workers: rows }, null, 2) + '\n')
}
main()
