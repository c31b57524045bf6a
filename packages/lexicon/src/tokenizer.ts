/**
 * The kuromoji (IPADIC) tokenizer behind the engine's {@link Tokenizer} interface.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as kuromoji from '@patdx/kuromoji';
import NodeDictionaryLoader from '@patdx/kuromoji/node';
import type { Morpheme, Tokenizer } from '@madoguchi/engine';

const require = createRequire(import.meta.url);

let loading: Promise<Tokenizer> | undefined;

/**
 * Loads the IPADIC dictionary once per process (about half a second) and returns the tokenizer.
 *
 * @example
 * const tokenizer = await loadTokenizer();
 * tokenizer.tokenize('ごみの出し方');
 */
export function loadTokenizer(): Promise<Tokenizer> {
  loading ??= build();
  return loading;
}

async function build(): Promise<Tokenizer> {
  const packageRoot = path.dirname(path.dirname(require.resolve('@patdx/kuromoji')));
  const loader = new NodeDictionaryLoader({ dic_path: path.join(packageRoot, 'dict') + path.sep });
  const tokenizer = await new kuromoji.TokenizerBuilder({ loader }).build();
  return {
    tokenize(text: string): Morpheme[] {
      return tokenizer.tokenize(text).map((t) => ({
        surface: t.surface_form,
        pos: t.pos,
        posDetail: t.pos_detail_1,
        baseForm: t.basic_form,
        reading: t.reading ?? '',
      }));
    },
  };
}
