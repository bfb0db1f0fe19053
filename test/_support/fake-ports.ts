/**
 * Fakes of the git and tmux ports for unit tests of the pool's effects (spawn, end, escalate):
 * small in-memory models that behave like the real thing on the paths those rules take, record
 * what was asked of them, and fail on request. The tracker and wt.db stay real (SQLite files).
 */
import { mkdirSync, rmSync } from 'node:fs'
import type { Git } from '../../packages/core/src/adapters/git/git.js'
import type { NewSessionOptions, PaneInfo, Tmux } from '../../packages/core/src/adapters/tmux/tmux.js'
import { DomainError } from '../../packages/core/src/errors.js'

type Failures<T> = { [K in keyof T]?: () => Error }

/**
 * One repository: branches as lists of commit ids (the tip last; a branch made from another starts
 * with its commits), worktrees as real empty folders (the pool checks them with existsSync).
 */
export class FakeGit implements Git {
  readonly branches = new Map<string, string[]>([['main', ['c0']]])
  readonly worktrees = new Map<string, string>()
  readonly dirty = new Map<string, string[]>()
  readonly calls: string[] = []
  readonly fail: Failures<Git> = {}
  remote = false
  rebaseConflicts: string[] = []
  private next = 1

  /** Adds `n` commits on `branch`; returns its new tip. */
  commit(branch: string, n = 1): string {
    const list = this.branches.get(branch)!
    for (let i = 0; i < n; i++) list.push(`c${this.next++}`)
    return list[list.length - 1]!
  }

  private step(name: keyof Git, ...args: unknown[]): void {
    this.calls.push(`${name} ${args.join(' ')}`.trim())
    const f = this.fail[name]
    if (f) throw f()
  }

  /** A revision in `dir`: HEAD of a worktree is its branch; `origin/x` is x (the fake remote mirrors). */
  private commits(dir: string, rev: string): string[] | undefined {
    const name = rev === 'HEAD' ? this.worktrees.get(dir) : rev.replace(/^origin\//, '')
    if (name && this.branches.has(name)) return this.branches.get(name)
    for (const list of this.branches.values()) {
      const i = list.indexOf(rev)
      if (i >= 0) return list.slice(0, i + 1)
    }
    return undefined
  }

  async isRepo() {
    return true
  }
  async topLevel(dir: string) {
    return dir
  }
  async currentBranch() {
    return 'main'
  }
  async revParse(dir: string, rev: string) {
    this.step('revParse', rev)
    return this.commits(dir, rev)?.at(-1)
  }
  async branchExists(_dir: string, branch: string) {
    return this.branches.has(branch)
  }
  async mergeBase(dir: string, a: string, b: string) {
    const x = this.commits(dir, a) ?? []
    const y = new Set(this.commits(dir, b) ?? [])
    return x.filter((c) => y.has(c)).at(-1)
  }
  async localBranches() {
    return [...this.branches.keys()]
  }
  async renameBranch(_repo: string, from: string, to: string) {
    this.step('renameBranch', from, to)
    this.branches.set(to, this.branches.get(from)!)
    this.branches.delete(from)
  }
  async deleteBranch(_repo: string, branch: string, force = false) {
    this.step('deleteBranch', branch, force ? '-D' : '-d')
    if ([...this.worktrees.values()].includes(branch)) return false
    return this.branches.delete(branch)
  }
  async addWorktree(_repo: string, path: string, branch: string, base: string) {
    this.step('addWorktree', path, branch, base)
    const createdBranch = !this.branches.has(branch)
    if (createdBranch) this.branches.set(branch, [...this.branches.get(base)!])
    this.worktrees.set(path, branch)
    mkdirSync(path, { recursive: true })
    return { createdBranch }
  }
  async removeWorktree(_repo: string, path: string) {
    this.step('removeWorktree', path)
    this.worktrees.delete(path)
    rmSync(path, { recursive: true, force: true })
  }
  async pruneWorktrees() {
    this.step('pruneWorktrees')
  }
  async dirtyFiles(dir: string) {
    return this.dirty.get(dir) ?? []
  }
  async aheadBehind(dir: string, base: string, head = 'HEAD') {
    const b = this.commits(dir, base) ?? []
    const h = this.commits(dir, head) ?? []
    return { ahead: h.filter((c) => !b.includes(c)).length, behind: b.filter((c) => !h.includes(c)).length }
  }
  async changesSince(dir: string, base: string) {
    return { commitsAhead: (await this.aheadBehind(dir, base)).ahead, paths: [], headCommitAt: null }
  }
  async isAncestor(dir: string, ancestor: string, of: string) {
    const a = this.commits(dir, ancestor) ?? []
    const o = new Set(this.commits(dir, of) ?? [])
    return a.every((c) => o.has(c))
  }
  async hasRemote() {
    return this.remote
  }
  async fetch() {
    return true
  }
  async rebase(dir: string, onto: string) {
    this.step('rebase', onto)
    if (this.rebaseConflicts.length) return { ok: false as const, conflicts: this.rebaseConflicts, message: 'CONFLICT (content)' }
    const branch = this.worktrees.get(dir)!
    const own = this.branches.get(branch)!.filter((c) => !this.branches.get(onto)!.includes(c))
    this.branches.set(branch, [...this.branches.get(onto)!, ...own])
    return { ok: true as const }
  }
  async mergeInto(_repo: string, base: string, branch: string) {
    this.step('mergeInto', base, branch)
    this.branches.set(base, [...this.branches.get(branch)!])
  }
  async push(_dir: string, refspec: string) {
    this.step('push', refspec)
    return { ok: true, message: '' }
  }
  async excludeLocally() {}
}

interface FakeSession {
  options: NewSessionOptions
  /** Lines above the prompt line; the prompt line shows what was pasted and not yet submitted. */
  history: string[]
  input: string
  /** What each Enter submitted. */
  received: string[]
  dead: boolean
}

/**
 * A tmux server in memory, each session a line-reading program at a `$ ` prompt: a paste fills the
 * prompt line, Enter submits it (the screen changes, as `wt send` checks). Up until killed.
 */
export class FakeTmux implements Tmux {
  readonly socket = undefined
  readonly sessions = new Map<string, FakeSession>()
  readonly calls: string[] = []
  readonly fail: Failures<Tmux> = {}

  private step(name: keyof Tmux, ...args: unknown[]): void {
    this.calls.push(`${name} ${args.join(' ')}`.trim())
    const f = this.fail[name]
    if (f) throw f()
  }

  private session(name: string): FakeSession {
    const s = this.sessions.get(name)
    if (!s) throw new DomainError('FAILED', `tmux failed: can't find session: ${name}`)
    return s
  }

  async available() {
    return true
  }
  async newSession(options: NewSessionOptions) {
    this.step('newSession', options.name)
    if (this.sessions.has(options.name)) throw new DomainError('FAILED', `tmux new-session failed: duplicate session: ${options.name}`)
    this.sessions.set(options.name, { options, history: [], input: '', received: [], dead: false })
  }
  async hasSession(name: string) {
    return this.sessions.has(name)
  }
  async killSession(name: string) {
    this.step('killSession', name)
    return this.sessions.delete(name)
  }
  async listPanes(): Promise<PaneInfo[]> {
    return [...this.sessions].map(([session, s]) => ({
      session,
      panePid: 1,
      dead: s.dead,
      deadStatus: s.dead ? 1 : null,
      currentCommand: 'node',
      activityAt: new Date(),
    }))
  }
  async capture(name: string) {
    const s = this.session(name)
    return [...s.history, `$ ${s.input}`].join('\n')
  }
  async paste(name: string, text: string) {
    this.step('paste', name, text)
    this.session(name).input += text
  }
  async sendKey(name: string, key: string) {
    this.step('sendKey', name, key)
    const s = this.session(name)
    if (key !== 'Enter') return
    s.history.push(`$ ${s.input}`)
    s.received.push(s.input)
    s.input = ''
  }
  async setWindowOption() {}
  async switchTo(name: string) {
    this.step('switchTo', name)
  }
}
