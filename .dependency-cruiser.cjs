// The layering of the house, as code (docs/architecture.md, "Layout"): which folder may import
// which. `npm test` runs it (`depcruise`); an import against these rules fails the run.
//
// core/ is the domain, one idea per folder, in layers: a folder imports only folders of a lower
// layer (and itself), never a sibling of its own layer, never anything outside core/.
// Above core/, the system's parts: functions/ (the Lambdas), scraper/ (the Fargate task),
// local/ (the emulated platform and the demo), ops/ (operator commands), components/ (the Pulumi
// program), site/ (the Astro site), and bench/ and test/ over all of them.

/** The layers of core/, lowest first. */
const CORE_LAYERS = [
  ['vocabulary'],
  ['store'],
  ['platform'],
  ['images', 'sources'],
  ['artists', 'edge'],
  ['api', 'ingest'],
  ['pages'],
  ['optimizer', 'reconcile', 'operations'],
];

const upward = CORE_LAYERS.flatMap((layer, rank) =>
  layer.map((folder) => {
    const notBelow = CORE_LAYERS.slice(rank)
      .flat()
      .filter((other) => other !== folder);
    return {
      name: `core-${folder}-layer`,
      comment: `core/${folder} may import only the layers below it (${
        CORE_LAYERS.slice(0, rank).flat().join(', ') || 'none'
      }), never ${notBelow.join(', ')}`,
      severity: 'error',
      from: { path: `^core/${folder}/` },
      to: { path: `^core/(${notBelow.join('|')})/` },
    };
  }),
);

/** A part of the system may import core/ and the parts listed; never the others. */
const PARTS = {
  functions: [],
  scraper: [],
  components: ['functions'],
  local: ['functions', 'scraper'],
  ops: ['functions', 'scraper', 'local'],
  site: [],
  policy: [],
};
const ALL_PARTS = [...Object.keys(PARTS), 'bench', 'test'];

const parts = Object.entries(PARTS).map(([part, may]) => {
  const never = ALL_PARTS.filter((other) => other !== part && !may.includes(other));
  return {
    name: `${part}-imports`,
    comment: `${part}/ may import core/${may.map((m) => `, ${m}/`).join('')} and itself, never ${never.join(', ')}`,
    severity: 'error',
    from: {
      path: `^${part}/`,
      // The scraper's bundler shares the Lambdas' bundling code: a build script, not the task.
      ...(part === 'scraper' && { pathNot: '^scraper/bundle\\.ts$' }),
    },
    to: { path: `^(${never.join('|')})/` },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'core-stays-inside',
      comment:
        'core/ is what every part stands on: it imports nothing outside core/ (packages aside)',
      severity: 'error',
      from: { path: '^core/' },
      to: {
        path: '^(functions|scraper|components|local|ops|site|policy|bench|test)/|^[^/]+\\.(ts|js|mjs|cjs)$',
      },
    },
    ...parts,
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one; split out what both need',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code, unless it is an entry point',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(c?js|json)$',
          '\\.d\\.ts$',
          '\\.test\\.ts$',
          '^index\\.ts$',
          '^policy/index\\.ts$',
          '^functions/[^/]+/handler\\.ts$',
          '^scraper/(main|cli|bundle)\\.ts$',
          '^ops/[^/]+-cli\\.ts$',
          '^local/start\\.ts$',
          '^bench/run\\.ts$',
          '^site/',
          '^core/edge/[^/]+\\.js$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: {
      path: '^(node_modules|coverage|dist|\\.cache|\\.build|\\.data|site/dist|site/\\.astro)',
    },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.astro'],
    },
  },
};
