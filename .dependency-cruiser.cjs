// Layers point one way. `npm run check` runs this.
const lib = (name) => `^libs/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'contracts-import-nothing-of-ours',
      comment: 'The wire and API schemas stand alone.',
      severity: 'error',
      from: { path: lib('contracts') },
      to: { path: '^(libs|apps)/', pathNot: lib('contracts') },
    },
    {
      name: 'trust-is-pure',
      comment: 'The policy engine sees only contracts: no messaging, archive, topology or I/O.',
      severity: 'error',
      from: { path: lib('trust') },
      to: { path: '^(libs|apps)/', pathNot: [lib('trust'), lib('contracts')] },
    },
    {
      name: 'taxii-knows-only-contracts-and-the-mappings',
      comment: 'The TAXII server logic reads alerts through what it is given; it loads no store, transport or app.',
      severity: 'error',
      from: { path: lib('taxii') },
      to: { path: '^(libs|apps)/', pathNot: [lib('taxii'), lib('contracts'), lib('interop')] },
    },
    {
      name: 'interop-is-pure',
      comment: 'The format mappings (STIX, MISP, X-ARF, ARF) see only the contracts: no messaging, archive or I/O.',
      severity: 'error',
      from: { path: lib('interop') },
      to: { path: '^(libs|apps)/', pathNot: [lib('interop'), lib('contracts')] },
    },
    {
      name: 'federation-documents-are-pure',
      comment:
        'Join requests, hub certificates and directory sections: data and signatures over the contracts, the crypto lib and the mesh model, no I/O.',
      severity: 'error',
      from: { path: lib('federation') },
      to: { path: '^(libs|apps)/', pathNot: [lib('federation'), lib('contracts'), lib('crypto'), lib('mesh')] },
    },
    {
      name: 'federation-no-io',
      severity: 'error',
      from: { path: lib('federation') },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process)$' },
    },
    {
      name: 'interop-no-io',
      severity: 'error',
      from: { path: lib('interop') },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process)$' },
    },
    {
      name: 'trust-no-io',
      severity: 'error',
      from: { path: lib('trust') },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process)$' },
    },
    {
      name: 'small-libraries-stand-alone',
      comment: 'Retry timing, logging and the mailbox import nothing of ours: the browser console and every library may use them.',
      severity: 'error',
      from: { path: [lib('retry'), lib('logging'), lib('mail')], pathNot: '[.-]spec\\.ts$' },
      to: { path: '^(libs|apps)/', pathNot: [lib('retry'), lib('logging'), lib('mail')] },
    },
    {
      name: 'telemetry-stands-alone',
      comment: 'Metrics (and traces) are fed by the apps: the library reads only the messaging types it reports.',
      severity: 'error',
      from: { path: lib('telemetry') },
      to: { path: '^(libs|apps)/', pathNot: [lib('telemetry'), lib('messaging'), lib('contracts')] },
    },
    {
      name: 'mesh-model-stands-on-contracts',
      comment: 'The mesh file and the directory: read by every app, so they load nothing else of ours.',
      severity: 'error',
      from: { path: lib('mesh') },
      to: { path: '^(libs|apps)/', pathNot: [lib('mesh'), lib('contracts')] },
    },
    {
      name: 'servers-load-neither-the-generator-nor-the-runner',
      comment: 'A node or hub reads the mesh directory; it never generates configs or runs processes.',
      severity: 'error',
      from: { path: ['^libs/(node-core|hub-core)/', '^apps/(node|hub)/'] },
      to: { path: [lib('topology'), lib('runner'), lib('parties')] },
    },
    {
      name: 'runner-only-for-the-cli-and-testing',
      comment: 'The process runner (demo, test meshes) serves the CLI and the test helpers; tests reach it through @cirtmesh/testing.',
      severity: 'error',
      from: { path: '^(apps|libs|test)/', pathNot: ['^apps/cli/', lib('testing'), lib('runner')] },
      to: { path: lib('runner') },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-stay-apart',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'production-code-never-imports-testing',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['[.-]spec\\.ts$', lib('testing')] },
      to: { path: lib('testing') },
    },
    {
      name: 'libraries-only-through-their-root',
      comment: 'Import @cirtmesh/x, never libs/x/src/deep/file from another library.',
      severity: 'error',
      from: { path: '^(apps|libs|test)/', pathNot: ['^libs/([^/]+)/', '^test/harness/[^/]+$'] },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'test-harness-reaches-only-the-process-registry',
      comment:
        'jest loads its global setup, teardown and environment outside its module map, so they cannot import @cirtmesh/testing; ' +
        'they import its process registry, which imports nothing of ours, and nothing else.',
      severity: 'error',
      from: { path: '^test/harness/', pathNot: '^test/harness/fixtures/' },
      to: { path: '^(libs|apps)/', pathNot: '^libs/testing/src/processes\\.ts$' },
    },
    {
      name: 'libraries-only-through-their-root-between-libs',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.demo)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
