// One use case against one real nats-server: a test may wait on the server, within this.
jest.setTimeout(30_000);
