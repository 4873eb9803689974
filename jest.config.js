// Jest: TypeScript through SWC (type checking is `npm run typecheck`); tests sit next to their code.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/{src,adapters,test,migrations}/**/*.test.ts'],
  testTimeout: 30000,
  // Multi-process chaos and scale-out tests run on their own: `npm run test:chaos` (jest.chaos.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/chaos/'],
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
