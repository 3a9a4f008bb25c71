/** API calls of the review area (filled by its issue). */
export const reviewCalls = {};
