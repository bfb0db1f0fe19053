import { readJsonl } from './jsonl.js'
import type { ProgressCallback, TranscriptFile } from './types.js'

export interface RecordSink {
  add(value: unknown, sessionId: string): void
}

/** Streams every record of these transcripts, in order, into the sinks (one read per file). */
export async function scanTranscripts(files: readonly TranscriptFile[], sinks: readonly RecordSink[], onProgress?: ProgressCallback): Promise<void> {
  const total = files.reduce((n, f) => n + f.size, 0)
  let before = 0
  for (const file of files) {
    const onBytes = (offset: number) => onProgress?.({ phase: 'read', file: file.path, bytes_done: before + Math.min(offset, file.size), bytes_total: total })
    try {
      for await (const line of readJsonl(file.path, { onBytes })) {
        if (line.value === undefined) continue
        for (const sink of sinks) sink.add(line.value, file.session_id)
      }
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') throw e // vanished since discovery: nothing to read
    }
    before += file.size
  }
}
