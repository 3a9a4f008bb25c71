/** API calls of the exports area (filled by its issue). */
export const exportsCalls = {};
