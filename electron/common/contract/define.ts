import type { z } from 'zod';

/** One API call: what it takes, what it returns, and what it is for. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  summary: string;
}

export function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): CallSpec<I, O> {
  return { input, output, summary };
}
