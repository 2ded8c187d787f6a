export * from './allow-list';
export * from './abuse-mailbox';
