/** Subjects and headers of the hub's DEFERRED stream: deliveries held back by an embargo. */
export const DEFERRED_STREAM = 'DEFERRED';
export const DEFERRED_CONSUMER = 'release';
export const deferredSubject = (hub: string, member: string): string => `mesh.deferred.${hub}.${member}`;
export const deferredAll = (hub: string): string => `mesh.deferred.${hub}.*`;
export const DeferredHeaders = {
  notBefore: 'Cirtmesh-Not-Before',
  alertId: 'Cirtmesh-Alert-Id',
} as const;
