/** API calls of the importer area (filled by its issue). */
export const importerCalls = {};
