// What a service's validation findings say, without the schemas: a worker thread that only reads
// services (decide's) needs this and not zod, whose hundred modules would double its start-up.

/** a finding of error severity keeps a service from being published */
export function hasErrors(s: { issues: ReadonlyArray<{ severity: string }> }): boolean {
  return s.issues.some((i) => i.severity === 'error');
}
