export * from './draft';
export * from './misp/misp-json';
export * from './misp/misp-events';
export * from './misp/misp-import';
export * from './misp/misp-export';
export * from './misp/misp-feed';
export { REPORT_MAX_NAMES, REPORT_NOTE_MAX, type ReportBatch } from './reports/report-values';
export * from './reports/xarf';
