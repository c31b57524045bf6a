/**
 * Bundles the browser code into the single script the server serves at /widget.js.
 * The only file of this package with I/O; it runs on the server, at boot.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * @example
 * const { js } = await buildWidget();
 * app.get('/widget.js', (request, reply) => reply.type('text/javascript; charset=utf-8').send(js));
 */
export async function buildWidget(): Promise<{ js: string }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./main.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'safari15'],
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the widget');
  return { js: output.text };
}
