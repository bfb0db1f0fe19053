// Free of @oclif/core: bodies import this, and the fast entry's bundle must not load the framework.

/** The filter flags of ready, list, blocked, count, search and stale (flags.ts), as core's filter. */
export const filterFrom = (flags: {
  priority?: string[]
  assignee?: string
  unassigned?: boolean
  label?: string[]
  'label-any'?: string[]
  type?: string[]
  parent?: string
  sort?: string
}) => ({
  priority: flags.priority,
  assignee: flags.assignee,
  unassigned: flags.unassigned,
  labels: flags.label,
  labels_any: flags['label-any'],
  issue_type: flags.type,
  parent: flags.parent,
  sort: flags.sort,
})
