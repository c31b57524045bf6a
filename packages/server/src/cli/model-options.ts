/**
 * The model flags `serve` and `models check` share, each also an environment variable; `modelConfig`
 * (ai/models/model-config.ts) turns their values into the configuration. Keys are read only
 * from the environment (MADOGUCHI_CHAT_MODEL_KEY, MADOGUCHI_EMBEDDING_MODEL_KEY), like DATABASE_URL.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  DEFAULT_MODEL_RETRIES,
  DEFAULT_MODEL_TIMEOUT_SECONDS,
  parsePrice,
  parseRetries,
  parseTimeoutSeconds,
} from '../ai/models/model-config.ts';

/** A parser for commander from one that returns a value or a Japanese problem. */
function checked<T>(parse: (value: string) => T | string): (value: string) => T {
  return (value) => {
    const parsed = parse(value);
    if (typeof parsed === 'string') throw new InvalidArgumentError(parsed);
    return parsed;
  };
}

/** Adds the model flags to a command. @example `addModelOptions(program.command('serve'))` */
export function addModelOptions(command: Command): Command {
  return command
    .addOption(new Option('--chat-model-url <url>', 'チャットモデル（OpenAI 互換の API）のURL。キーは環境変数 MADOGUCHI_CHAT_MODEL_KEY で渡します').env('MADOGUCHI_CHAT_MODEL_URL'))
    .addOption(new Option('--chat-model <name>', 'チャットモデルの名前（例: gpt-4o-mini）').env('MADOGUCHI_CHAT_MODEL'))
    .addOption(
      new Option('--chat-model-price <input,output>', 'チャットモデルの料金（100万トークンあたりの円、入力,出力。費用の目安の表示に使います）')
        .env('MADOGUCHI_CHAT_MODEL_PRICE')
        .argParser(checked((value) => parsePrice(value, 'chat'))),
    )
    .addOption(new Option('--embedding-model-url <url>', '埋め込みモデル（OpenAI 互換の API）のURL。キーは環境変数 MADOGUCHI_EMBEDDING_MODEL_KEY で渡します').env('MADOGUCHI_EMBEDDING_MODEL_URL'))
    .addOption(new Option('--embedding-model <name>', '埋め込みモデルの名前（例: text-embedding-3-small）').env('MADOGUCHI_EMBEDDING_MODEL'))
    .addOption(
      new Option('--embedding-model-price <input>', '埋め込みモデルの料金（100万トークンあたりの円）')
        .env('MADOGUCHI_EMBEDDING_MODEL_PRICE')
        .argParser(checked((value) => parsePrice(value, 'embeddings'))),
    )
    .addOption(new Option('--model-timeout <seconds>', 'モデルの応答を待つ秒数（1回のリクエストごと）').env('MADOGUCHI_MODEL_TIMEOUT').argParser(checked(parseTimeoutSeconds)).default(DEFAULT_MODEL_TIMEOUT_SECONDS))
    .addOption(new Option('--model-retries <n>', '失敗したリクエストを送り直す回数').env('MADOGUCHI_MODEL_RETRIES').argParser(checked(parseRetries)).default(DEFAULT_MODEL_RETRIES));
}

