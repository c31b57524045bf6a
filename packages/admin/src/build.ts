/**
 * Bundles the staff console into what the server serves under /admin/: the entry script app.js, the chunks
 * it imports (code shared at start, and screens loaded when first opened: screens/lazy-screen.tsx), and
 * app.css. With shell.ts, the only server-side file of this package; it runs at boot.
 */
import { build, type Metafile } from 'esbuild';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder; esbuild reports output paths relative to it. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the output would go: nothing is written, this only names the files. */
const OUT_DIR = 'console';

export interface AdminBuild {
  /** /admin/app.js, an ES module: the shell loads it, and it imports the chunks by relative address. */
  js: string;
  css: string;
  /**
   * Every other script, by its address under /admin/ ("chunks/statistics-CTA4424R.js"). The names carry a
   * hash of the content, so they can be cached for good.
   */
  chunks: ReadonlyMap<string, string>;
  /** The chunks app.js imports before it runs (the shell preloads them), by address under /admin/. */
  initialChunks: readonly string[];
}

/**
 * @example
 * const { js, css, chunks, initialChunks } = await buildAdmin();
 * app.get('/admin/app.js', (request, reply) => reply.type('text/javascript; charset=utf-8').send(js));
 */
export async function buildAdmin(): Promise<AdminBuild> {
  const result = await build({
    entryPoints: { app: 'src/main.tsx', style: 'src/styles.css' },
    absWorkingDir: ROOT,
    outdir: OUT_DIR,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const texts = new Map(result.outputFiles.map((file) => [addressOf(file.path), file.text]));
  const js = texts.get('app.js');
  const css = texts.get('style.css');
  if (js === undefined || css === undefined) throw new Error('esbuild produced no output for the staff console');
  const chunks = new Map([...texts].filter(([address]) => address.startsWith('chunks/')));
  return { js, css, chunks, initialChunks: staticImports(result.metafile, 'app.js') };
}

/** "chunks/x.js" for an output path, absolute or relative to ROOT (as the metafile has them). */
function addressOf(path: string): string {
  return relative(join(ROOT, OUT_DIR), resolve(ROOT, path));
}

/** The chunks an output imports statically, directly or through another chunk. */
function staticImports(metafile: Metafile, address: string): string[] {
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [addressOf(path), output]));
  const found = new Set<string>();
  const visit = (from: string) => {
    for (const imported of outputs.get(from)?.imports ?? []) {
      const next = addressOf(imported.path);
      if (imported.kind !== 'import-statement' || found.has(next)) continue;
      found.add(next);
      visit(next);
    }
  };
  visit(address);
  return [...found];
}
