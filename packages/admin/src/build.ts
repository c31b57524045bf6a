/**
 * Bundles the staff console into the script and style sheet the server serves at /admin/app.js and
 * /admin/app.css. With shell.ts, the only server-side file of this package; it runs at boot.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * @example
 * const { js, css } = await buildAdmin();
 * app.get('/admin/app.js', (request, reply) => reply.type('text/javascript; charset=utf-8').send(js));
 */
export async function buildAdmin(): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: {
      app: fileURLToPath(new URL('./main.tsx', import.meta.url)),
      style: fileURLToPath(new URL('./styles.css', import.meta.url)),
    },
    outdir: '/admin-build',
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('app.js'));
  const css = result.outputFiles.find((file) => file.path.endsWith('style.css'));
  if (!js || !css) throw new Error('esbuild produced no output for the staff console');
  return { js: js.text, css: css.text };
}
