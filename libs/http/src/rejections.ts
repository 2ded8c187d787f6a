import { isSignatureCode } from '@cirtmesh/crypto';
import type { RejectedLog, TerminatedMessage } from '@cirtmesh/messaging';
import type { MeshMetrics } from '@cirtmesh/telemetry';

/** The transport's onTerminate: a refused message is counted (signature failures apart too), then recorded. */
export function recordRejections(log: RejectedLog, metrics: MeshMetrics): (message: TerminatedMessage) => Promise<void> {
  return async (message) => {
    metrics.rejected(message.code, isSignatureCode(message.code));
    await log.record(message);
  };
}
