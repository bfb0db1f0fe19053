// Types of generate.mjs for the TypeScript that imports it (the dashboard's tests and bench).
export declare const PREFIX: string

export interface GeneratedWorkspace {
  dir: string
  database: string
  beads: number
  blocked: number
  ready: number
  dependencies: number
  labels: number
  comments: number
  sampleIds: string[]
  readyIds: string[]
  ms: number
}

/** A bd workspace of `count` beads with a realistic, deterministic dependency graph, in `dir`. */
export declare function generateWorkspace(dir: string, count: number, seed?: number): Promise<GeneratedWorkspace>
