import { ApiError, ConnectionError } from '@cirtmesh/client';

/** A failure as the console shows it: the node's own words, then its validation details or reasons. */
export interface Failure {
  /** The HTTP status, when the node answered. */
  status?: number;
  summary: string;
  details: string[];
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof ApiError) return { status: error.status, summary: error.reason, details: error.details };
  if (error instanceof ConnectionError) return { summary: `cannot reach the node: ${error.reason}`, details: [] };
  return { summary: error instanceof Error ? error.message : String(error), details: [] };
}

/** 401: the node does not know the token (any more). */
export function isTokenRefused(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
