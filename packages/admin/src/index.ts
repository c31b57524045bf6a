export { buildAdmin } from './build.ts';
export { ADMIN_CSP, adminShell } from './shell.ts';
