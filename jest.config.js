// Jest: TypeScript through SWC (type checking is `npm run typecheck`); tests sit next to their code.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // strip-bom 5 (used by @microsoft/app-manifest, the Teams manifest validator) is ESM only; Jest's runtime needs CommonJS.
    '/strip-bom/index\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@microsoft/app-manifest/node_modules/)?strip-bom/)'],
  testMatch: ['<rootDir>/{src,adapters,test,migrations}/**/*.test.ts'],
  testTimeout: 30000,
  // Multi-process chaos and scale-out tests run on their own: `npm run test:chaos` (jest.chaos.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/chaos/'],
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
