/** API calls of the classify area (filled by its issue). */
export const classifyCalls = {};
