import { ReviewStatus } from '../common/contract/index.js';
import { ApiError } from '../common/errors.js';

/**
 * --status values, read against the contract's one list of review statuses
 * (argument parsing, as commander's choices: it names the option as typed).
 */
export function statuses(values: string[] | undefined): ReviewStatus[] | null {
  if (!values?.length) return null;
  return values.map((v) => {
    const parsed = ReviewStatus.safeParse(v);
    if (!parsed.success) throw new ApiError('invalid_input', `--status must be one of ${ReviewStatus.options.join(', ')}, not "${v}"`);
    return parsed.data;
  });
}

