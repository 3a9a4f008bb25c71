/** What a version of another pipeline than the catalogue's needs, in the command line's words (the app names its own controls). */
export function pipelineNeed(v: { facet: string; pipeline: { id: string; name: string } | null; pipelineIsCurrent: boolean }): string {
  if (!v.pipeline || v.pipelineIsCurrent) return '';
  return `needs ${v.pipeline.name} features: switch back (canting pipeline use ${v.pipeline.id}) or retrain (canting train --facet ${v.facet})`;
}
